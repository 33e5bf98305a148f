package dev.sieve.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.spark.ConnectedComponents;
import dev.sieve.transforms.spark.Frame;
import dev.sieve.transforms.spark.KeepRule;
import dev.sieve.transforms.spark.NearDedup;
import dev.sieve.transforms.spark.SparkConnectedComponents;
import dev.sieve.transforms.spark.SparkNearDedup;
import dev.sieve.transforms.spark.StageContext;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.ShingleKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall-clock benchmark of near-duplicate document dedup on Spark: Sieve's {@link SparkNearDedup} against the
 * MinHashLSH pipeline usually written by hand with Spark MLlib, with a plain read-and-write as the I/O floor.
 *
 * <p>All pipelines run one after another in one JVM and one SparkSession on the same JSONL input, each reading it
 * with the same explicit schema and writing the kept documents {@code (id, text)} as Parquet to its own directory:
 *
 * <ol>
 *   <li><b>io_floor</b>: read, write. Every dedup pipeline pays at least this.
 *   <li><b>sieve_near</b>: read, build Sieve's canonical frame (record key, internal verdict columns), apply
 *       {@link SparkNearDedup} with its defaults (word 5-grams, 128 permutations, banding from
 *       {@code LshParams.derive(threshold, 128, NearDedup.DEFAULT_RECALL_AT_THRESHOLD)} as text-dedup derives it,
 *       exact-Jaccard verification, connected components, keep the smallest id, input cached), write the rows it
 *       did not reject.
 *   <li><b>mllib</b>: read, {@code RegexTokenizer} (lowercase, split on {@code \W+}), {@code NGram(5)},
 *       {@code HashingTF} (2^20 features, binary), drop documents without n-grams (their vectors would be empty,
 *       which MinHashLSH rejects), {@code MinHashLSH}, {@code approxSimilarityJoin} of the set with itself at Jaccard
 *       distance {@code 1 - threshold}, pairs with {@code idA < idB}, connected components of the pairs with Sieve's
 *       {@link SparkConnectedComponents} (so both pipelines cluster the same way), drop every member that is not
 *       its component's smallest id, write the rest. Written as a careful hand-written job would be: only
 *       {@code (id, features)} enter the join, and the hashed features and the pair edges are persisted because
 *       they are read more than once, as Sieve persists its signatures and edges.
 * </ol>
 *
 * <p><b>Timing.</b> Before the first pipeline the input is read once, untimed, so the OS page cache holds it and the
 * JSON reader is compiled; this read also counts the documents. Each pipeline's time is {@link System#nanoTime}
 * around everything from building its plan to the end of its Parquet write (every Spark job it runs, including
 * the small jobs connected components and {@code MinHashLSH.fit} start on the way). Its output directory is deleted
 * before the clock starts. Between pipelines the cache is cleared and a GC requested. Throughput is corpus bytes
 * (the JSONL on disk, 1 MB = 10^6 bytes) divided by wall time; the ratios compare pipelines of the same run.
 *
 * <p><b>Time limit.</b> The MLlib pipeline runs under {@code --mllib-timeout-s}: each pipeline runs in its own
 * thread under a Spark job group, and when the limit passes the group is cancelled (repeatedly, until the thread
 * gives up, since a pipeline can start new jobs) and the pipeline is reported as timed out.
 *
 * <p><b>Recall</b> (corpora from {@link CorpusGenerator}, which records every planted duplicate): after a dedup
 * pipeline has finished, untimed, the ids of its kept output are compared with the truth file. Near recall is the
 * share of planted near-duplicate variants with Jaccard &ge; threshold that were removed; exact recall the same for
 * verbatim copies. The generator's ids make the original the smallest id of its group, so a variant that ended in
 * its original's cluster is always the removed one: "removed" and "clustered with its original" coincide. Also
 * reported: removed documents that are not planted duplicates (false removals).
 *
 * <p><b>Spark work</b> per pipeline ({@link PipelineMetrics}): jobs, stages, tasks, summed task and CPU time,
 * shuffle bytes written and bytes spilled, from a listener that is reset before each pipeline.
 */
public final class NearDedupBench {
  private static final Logger LOG = LoggerFactory.getLogger(NearDedupBench.class);

  /** The input schema every pipeline reads with. */
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, true)
      .add("text", DataTypes.StringType, true);

  static final String IO_FLOOR = "io_floor";
  static final String SIEVE = "sieve_near";
  static final String MLLIB = "mllib";

  private static final Set<String> VALUED = Set.of("corpus", "generate-mb", "seed", "master", "threshold", "out",
      "shuffle-partitions", "split-mb", "mllib-timeout-s", "mllib-tables", "mllib-features", "part-mb");
  private static final Set<String> FLAGS = Set.of("skip-mllib", "keep-corpus", "help");

  static final String USAGE = String.join("\n",
      "usage: NearDedupBench (--corpus DIR | --generate-mb N) [options]",
      "  --corpus DIR            a corpus from CorpusGenerator (DIR/data/*.jsonl and DIR/truth.tsv), or a",
      "                          directory of JSONL files with a numeric 'id' and a 'text' (no recall then)",
      "  --generate-mb N         generate an N MB corpus into a temporary directory first (deleted afterwards",
      "                          unless --keep-corpus); --seed S (default 42) and --part-mb N (default 64) apply",
      "  --master M              Spark master (default local[2])",
      "  --threshold T           Jaccard threshold (default 0.8)",
      "  --out DIR               where outputs and results.json go (default ./sieve-bench-out)",
      "  --shuffle-partitions N  spark.sql.shuffle.partitions (default 8 per local core, 200 otherwise)",
      "  --split-mb N            spark.sql.files.maxPartitionBytes in MB (default 16): input splits, so the scans",
      "                          of every pipeline keep all cores busy instead of waiting on one large file",
      "  --skip-mllib            run only io_floor and sieve_near",
      "  --mllib-timeout-s S     give up on the MLlib pipeline after S seconds (default 1800; 0 = no limit)",
      "  --mllib-tables N        MinHashLSH numHashTables (default 5)",
      "  --mllib-features N      HashingTF numFeatures (default 1048576 = 2^20)");

  private final SparkSession spark;
  private final Path input;
  private final Path truthFile;
  private final Path out;
  private final double threshold;
  private final int mllibTables;
  private final int mllibFeatures;
  private final long mllibTimeoutS;
  private final boolean skipMllib;
  private final PipelineMetrics metrics = new PipelineMetrics();

  private NearDedupBench(SparkSession spark, Path input, Path truthFile, Path out, double threshold,
      int mllibTables, int mllibFeatures, long mllibTimeoutS, boolean skipMllib) {
    this.spark = spark;
    this.input = input;
    this.truthFile = truthFile;
    this.out = out;
    this.threshold = threshold;
    this.mllibTables = mllibTables;
    this.mllibFeatures = mllibFeatures;
    this.mllibTimeoutS = mllibTimeoutS;
    this.skipMllib = skipMllib;
    spark.sparkContext().addSparkListener(metrics);
  }

  // ------------------------------------------------------------------------------------------------ pipelines

  private Dataset<Row> read() {
    return spark.read().schema(SCHEMA).json(input.toString());
  }

  private static void writeKept(Dataset<Row> kept, Path dir) {
    kept.select(col("id"), col("text")).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
  }

  /** a. The I/O floor: read the JSONL, write it as Parquet. */
  private void ioFloor(Path dir) {
    writeKept(read(), dir);
  }

  NearDedup.Settings sieveSettings() {
    // The banding text-dedup derives by default, and its cached input.
    LshParams lsh = LshParams.derive(threshold, 128, NearDedup.DEFAULT_RECALL_AT_THRESHOLD);
    return new NearDedup.Settings(threshold, ShingleKind.WORD, 5, lsh, true, KeepRule.SMALLEST_ID, null, 42,
        ConnectedComponents.Settings.defaults());
  }

  /** b. Sieve: the canonical frame as Sieve's reader builds it, the near-dedup stage, the rows left alive. */
  private void sieve(Path dir) {
    Dataset<Row> frame = Frame.of(read().withColumn("id", col("id").cast(DataTypes.StringType)), input_file_name());
    StageContext ctx = new StageContext(spark, "bench", "id", "text");
    try {
      SparkNearDedup stage = new SparkNearDedup(sieveSettings());
      Dataset<Row> verdicts = stage.apply(frame, ctx);
      // The id goes back to a long so all three outputs have the same schema.
      writeKept(verdicts.filter(col(Frame.REASON).isNull())
          .select(col("id").cast(DataTypes.LongType).as("id"), col("text")), dir);
      LOG.info("sieve_near candidate graph: {}", stage.reportInfo().get("graph"));
    } finally {
      ctx.release();
    }
  }

  /** c. The hand-written MLlib pipeline. */
  private void mllib(Path dir) {
    Dataset<Row> docs = read();
    Dataset<Row> tokens = new RegexTokenizer()
        .setInputCol("text").setOutputCol("tokens").setPattern("\\W+").setGaps(true).setToLowercase(true)
        .transform(docs.select(col("id"), col("text")));
    Dataset<Row> grams = new NGram().setN(5).setInputCol("tokens").setOutputCol("ngrams").transform(tokens);
    // Documents with fewer than 5 tokens have no n-grams and would get an empty vector.
    Dataset<Row> features = new HashingTF()
        .setInputCol("ngrams").setOutputCol("features").setNumFeatures(mllibFeatures).setBinary(true)
        .transform(grams.filter(size(col("ngrams")).gt(0)))
        .select(col("id"), col("features"));
    MinHashLSHModel model = new MinHashLSH()
        .setNumHashTables(mllibTables).setSeed(42).setInputCol("features").setOutputCol("hashes")
        .fit(features);
    Dataset<Row> hashed = model.transform(features).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> edges = null;
    try {
      // Strictly below the distance threshold, i.e. Jaccard > threshold (MLlib's definition).
      edges = model.approxSimilarityJoin(hashed, hashed, 1.0 - threshold, "distance")
          .select(col("datasetA.id").as("a"), col("datasetB.id").as("b"))
          .filter(col("a").lt(col("b")))
          .select(col("a").as(ConnectedComponents.SRC), col("b").as(ConnectedComponents.DST))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> components = new SparkConnectedComponents(spark, ConnectedComponents.Settings.defaults())
          .components(edges);
      Dataset<Row> removed = components
          .filter(col(ConnectedComponents.NODE).notEqual(col(ConnectedComponents.COMPONENT)))
          .select(col(ConnectedComponents.NODE).as("removed_id"));
      writeKept(docs.join(removed, docs.col("id").equalTo(removed.col("removed_id")), "left_anti"), dir);
    } finally {
      hashed.unpersist(false);
      if (edges != null) {
        edges.unpersist(false);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ harness

  /** How one pipeline went, plus its accuracy once measured. */
  static final class Outcome {
    final String name;
    String status = "skipped";
    double seconds = Double.NaN;
    String error;
    Long kept;
    Double recallNear;
    Double recallExact;
    Long removedNotPlanted;
    Long removedBelowThreshold;
    Map<String, Object> spark = Map.of();

    Outcome(String name) {
      this.name = name;
    }

    boolean ok() {
      return "ok".equals(status);
    }
  }

  private interface Body {
    void run(Path dir);
  }

  /**
   * Runs {@code body} in its own thread under a Spark job group and times it; with {@code timeoutS > 0} cancels
   * the group when the limit passes.
   */
  private Outcome timed(String name, long timeoutS, Body body) throws InterruptedException {
    Outcome o = new Outcome(name);
    Path dir = out.resolve(name);
    deleteRecursively(dir);
    spark.catalog().clearCache();
    System.gc();
    SparkContext sc = spark.sparkContext();
    String group = "bench-" + name;
    FutureTask<Long> task = new FutureTask<>(() -> {
      sc.setJobGroup(group, "benchmark pipeline " + name, true);
      try {
        long t0 = System.nanoTime();
        body.run(dir);
        return System.nanoTime() - t0;
      } finally {
        sc.clearJobGroup();
      }
    });
    metrics.reset();
    Thread worker = new Thread(task, "bench-" + name);
    worker.setDaemon(true);
    LOG.info("running {}{}", name, timeoutS > 0 ? " (limit " + timeoutS + " s)" : "");
    worker.start();
    try {
      long nanos = timeoutS > 0 ? task.get(timeoutS, TimeUnit.SECONDS) : task.get();
      o.status = "ok";
      o.seconds = nanos / 1e9;
      LOG.info("{} finished in {} s", name, String.format(Locale.ROOT, "%.1f", o.seconds));
    } catch (TimeoutException e) {
      o.status = "timed_out";
      o.seconds = timeoutS;
      o.error = "no result within " + timeoutS + " s; cancelled";
      LOG.warn("{} exceeded {} s; cancelling its Spark jobs", name, timeoutS);
      // The pipeline may start further jobs after a cancelled one (driver-side loops): cancel until it stops.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (worker.isAlive() && System.nanoTime() < deadline) {
        sc.cancelJobGroup(group);
        worker.join(1000);
      }
      if (worker.isAlive()) {
        LOG.warn("{} still running after cancellation; continuing without it", name);
      }
      deleteRecursively(dir);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      o.status = "failed";
      o.error = cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
      LOG.error("{} failed", name, cause);
      deleteRecursively(dir);
    }
    metrics.awaitQuiet(10_000);
    o.spark = metrics.snapshot();
    return o;
  }

  private Map<String, Object> run(CorpusInfo corpus) throws InterruptedException {
    String started = Instant.now().toString();
    // Untimed warm-up read: page cache, JSON reader code paths, and the document count.
    long w0 = System.nanoTime();
    Row warm = read().agg(count(lit(1)), sum(length(col("text")))).first();
    long docs = warm.getLong(0);
    LOG.info("warm-up read: {} documents, {} characters of text in {} s", docs, warm.isNullAt(1) ? 0 : warm.get(1),
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - w0) / 1e9));

    Truth truth = truthFile != null && Files.isRegularFile(truthFile) ? Truth.load(spark, truthFile, threshold) : null;

    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(timed(IO_FLOOR, 0, this::ioFloor));
    Outcome sieve = timed(SIEVE, 0, this::sieve);
    outcomes.add(sieve);
    Outcome mllib = new Outcome(MLLIB);
    if (!skipMllib) {
      mllib = timed(MLLIB, mllibTimeoutS, this::mllib);
    }
    outcomes.add(mllib);

    for (Outcome o : outcomes) {
      if (o.ok()) {
        measureOutput(o, docs, truth);
      }
    }
    return report(started, corpus, docs, truth, outcomes);
  }

  /** Untimed: counts the kept output and compares it with the planted duplicates. */
  private void measureOutput(Outcome o, long docs, Truth truth) {
    Dataset<Row> kept = spark.read().parquet(out.resolve(o.name).toString()).select(col("id").as("kept_id"));
    o.kept = kept.count();
    if (truth == null || o.name.equals(IO_FLOOR)) {
      return;
    }
    Row r = truth.rows
        .join(kept, truth.rows.col("variant_id").equalTo(kept.col("kept_id")), "left_anti")
        .agg(count(lit(1)),
            sum(when(col("kind").equalTo("near").and(col("jaccard").geq(threshold)), 1).otherwise(0)),
            sum(when(col("kind").equalTo("near").and(col("jaccard").lt(threshold)), 1).otherwise(0)),
            sum(when(col("kind").equalTo("exact"), 1).otherwise(0)))
        .first();
    long removedPlanted = r.getLong(0);
    long removedNear = r.isNullAt(1) ? 0 : r.getLong(1);
    long removedBelow = r.isNullAt(2) ? 0 : r.getLong(2);
    long removedExact = r.isNullAt(3) ? 0 : r.getLong(3);
    o.recallNear = truth.nearAtOrAbove == 0 ? null : removedNear / (double) truth.nearAtOrAbove;
    o.recallExact = truth.exact == 0 ? null : removedExact / (double) truth.exact;
    o.removedBelowThreshold = removedBelow;
    o.removedNotPlanted = (docs - o.kept) - removedPlanted;
  }

  // ------------------------------------------------------------------------------------------------ reporting

  private Map<String, Object> report(String started, CorpusInfo corpus, long docs, Truth truth,
      List<Outcome> outcomes) {
    double mb = corpus.bytes / 1e6;
    Outcome floor = outcomes.get(0);
    Outcome sieve = outcomes.get(1);
    Outcome mllib = outcomes.get(2);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", "near_dedup");
    m.put("started_at", started);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("spark_version", spark.version());
    env.put("java_version", System.getProperty("java.version"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("master", spark.sparkContext().master());
    env.put("available_processors", Runtime.getRuntime().availableProcessors());
    env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1 << 20));
    env.put("shuffle_partitions", spark.conf().get("spark.sql.shuffle.partitions"));
    env.put("max_partition_bytes", spark.conf().get("spark.sql.files.maxPartitionBytes"));
    m.put("environment", env);

    Map<String, Object> c = new LinkedHashMap<>();
    c.put("path", corpus.dataDir.toString());
    c.put("files", corpus.files);
    c.put("bytes", corpus.bytes);
    c.put("mb", round(mb, 2));
    c.put("docs", docs);
    if (truth != null) {
      c.put("planted_near", truth.near);
      c.put("planted_near_at_or_above_threshold", truth.nearAtOrAbove);
      c.put("planted_exact", truth.exact);
    }
    m.put("corpus", c);

    NearDedup.Settings s = sieveSettings();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("threshold", threshold);
    Map<String, Object> ss = new LinkedHashMap<>();
    ss.put("shingles", "word " + s.ngram() + "-grams of simplify_text");
    ss.put("permutations", s.lsh().permutations());
    ss.put("bands", s.lsh().bands());
    ss.put("rows", s.lsh().rows());
    ss.put("p_candidate_at_threshold", round(s.lsh().probability(threshold), 4));
    ss.put("verify", s.verify());
    ss.put("keep", s.keep().configName());
    settings.put(SIEVE, ss);
    Map<String, Object> ms = new LinkedHashMap<>();
    ms.put("shingles", "word 5-grams of RegexTokenizer(\\W+, lowercase) via NGram(5)");
    ms.put("num_features", mllibFeatures);
    ms.put("num_hash_tables", mllibTables);
    ms.put("p_candidate_at_threshold", round(1 - Math.pow(1 - threshold, mllibTables), 4));
    ms.put("distance_threshold", round(1 - threshold, 6));
    ms.put("timeout_s", mllibTimeoutS);
    ms.put("keep", "smallest id per connected component");
    settings.put(MLLIB, ms);
    m.put("settings", settings);

    List<Map<String, Object>> rows = new ArrayList<>();
    for (Outcome o : outcomes) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", o.name);
      p.put("status", o.status);
      p.put("wall_s", o.ok() || "timed_out".equals(o.status) ? round(o.seconds, 3) : null);
      p.put("mb_per_s", o.ok() ? round(mb / o.seconds, 3) : null);
      p.put("ratio_to_io_floor", o.ok() && floor.ok() ? round(o.seconds / floor.seconds, 3) : null);
      p.put("kept", o.kept);
      p.put("removed", o.kept == null ? null : docs - o.kept);
      if (!o.name.equals(IO_FLOOR)) {
        p.put("recall_near", o.recallNear == null ? null : round(o.recallNear, 5));
        p.put("recall_exact", o.recallExact == null ? null : round(o.recallExact, 5));
        p.put("removed_not_planted", o.removedNotPlanted);
        p.put("removed_planted_below_threshold", o.removedBelowThreshold);
      }
      p.put("spark", o.spark);
      p.put("error", o.error);
      rows.add(p);
    }
    m.put("pipelines", rows);
    Double ratio = null;
    String note = null;
    if (mllib.ok() && sieve.ok()) {
      ratio = round(mllib.seconds / sieve.seconds, 3);
    } else if ("timed_out".equals(mllib.status) && sieve.ok()) {
      note = "mllib timed out: mllib/sieve is at least " + round(mllib.seconds / sieve.seconds, 3);
    }
    m.put("mllib_over_sieve", ratio);
    if (note != null) {
      m.put("note", note);
    }
    return m;
  }

  private static String table(Map<String, Object> report) {
    StringBuilder sb = new StringBuilder();
    @SuppressWarnings("unchecked")
    Map<String, Object> corpus = (Map<String, Object>) report.get("corpus");
    sb.append(String.format(Locale.ROOT, "corpus: %s MB, %s docs", corpus.get("mb"), corpus.get("docs")));
    if (corpus.containsKey("planted_near")) {
      sb.append(String.format(Locale.ROOT, " (planted: %s near, %s at or above the threshold; %s exact)",
          corpus.get("planted_near"), corpus.get("planted_near_at_or_above_threshold"), corpus.get("planted_exact")));
    }
    sb.append('\n').append('\n');
    String fmt = "%-11s %-9s %9s %8s %8s %9s %8s %8s %7s %8s %6s %9s %9s%n";
    sb.append(String.format(Locale.ROOT, fmt, "pipeline", "status", "wall s", "MB/s", "x floor", "kept",
        "removed", "recall", "rec.ex", "false-rm", "jobs", "shuffleMB", "spillMB"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("pipelines");
    for (Map<String, Object> p : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Object> sp = (Map<String, Object>) p.get("spark");
      sb.append(String.format(Locale.ROOT, fmt, p.get("name"), p.get("status"),
          num(p.get("wall_s"), "%.1f"), num(p.get("mb_per_s"), "%.2f"), num(p.get("ratio_to_io_floor"), "%.2f"),
          orDash(p.get("kept")), orDash(p.get("removed")), num(p.get("recall_near"), "%.4f"),
          num(p.get("recall_exact"), "%.4f"), orDash(p.get("removed_not_planted")), orDash(sp.get("jobs")),
          num(sp.get("shuffle_write_mb"), "%.1f"), num(sp.get("spill_disk_mb"), "%.1f")));
    }
    sb.append('\n');
    Object ratio = report.get("mllib_over_sieve");
    if (ratio != null) {
      sb.append(String.format(Locale.ROOT, "mllib / sieve_near wall time: %.2f%n", ((Number) ratio).doubleValue()));
    }
    if (report.containsKey("note")) {
      sb.append(report.get("note")).append('\n');
    }
    for (Map<String, Object> p : rows) {
      if (p.get("error") != null) {
        sb.append(p.get("name")).append(": ").append(p.get("error")).append('\n');
      }
    }
    return sb.toString();
  }

  private static String num(Object v, String fmt) {
    return v == null ? "-" : String.format(Locale.ROOT, fmt, ((Number) v).doubleValue());
  }

  private static String orDash(Object v) {
    return v == null ? "-" : v.toString();
  }

  private static Double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return null;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  // ------------------------------------------------------------------------------------------------ inputs

  /** The planted duplicates, loaded once (small: one row per planted document). */
  private static final class Truth {
    final Dataset<Row> rows;
    final long near;
    final long nearAtOrAbove;
    final long exact;

    private Truth(Dataset<Row> rows, long near, long nearAtOrAbove, long exact) {
      this.rows = rows;
      this.near = near;
      this.nearAtOrAbove = nearAtOrAbove;
      this.exact = exact;
    }

    static Truth load(SparkSession spark, Path file, double threshold) {
      StructType schema = new StructType()
          .add("variant_id", DataTypes.LongType, false)
          .add("original_id", DataTypes.LongType, false)
          .add("jaccard", DataTypes.DoubleType, false)
          .add("kind", DataTypes.StringType, false);
      Dataset<Row> rows = spark.read().option("header", "true").option("sep", "\t").schema(schema)
          .csv(file.toString()).cache();
      Row r = rows.agg(
              sum(when(col("kind").equalTo("near"), 1).otherwise(0)),
              sum(when(col("kind").equalTo("near").and(col("jaccard").geq(threshold)), 1).otherwise(0)),
              sum(when(col("kind").equalTo("exact"), 1).otherwise(0)))
          .first();
      return new Truth(rows, r.isNullAt(0) ? 0 : r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1),
          r.isNullAt(2) ? 0 : r.getLong(2));
    }
  }

  /** Where the JSONL is and how big it is. */
  record CorpusInfo(Path dataDir, Path truthFile, long bytes, int files) {
    static CorpusInfo of(Path dir) throws IOException {
      Path data = Files.isDirectory(dir.resolve(CorpusGenerator.DATA_DIR)) ? dir.resolve(CorpusGenerator.DATA_DIR)
          : dir;
      if (!Files.isDirectory(data)) {
        throw new IllegalArgumentException("corpus directory not found: " + dir);
      }
      long bytes = 0;
      int files = 0;
      try (Stream<Path> s = Files.list(data)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          String n = p.getFileName().toString();
          // Spark skips names starting with '_' or '.', so they do not count towards the size either.
          if (Files.isRegularFile(p) && !n.startsWith("_") && !n.startsWith(".")) {
            bytes += Files.size(p);
            files++;
          }
        }
      }
      if (files == 0) {
        throw new IllegalArgumentException("no input files in " + data);
      }
      Path truth = dir.resolve(CorpusGenerator.TRUTH_FILE);
      return new CorpusInfo(data, Files.isRegularFile(truth) ? truth : null, bytes, files);
    }
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + p, e);
    }
  }

  /** Cores of a local master ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}); 0 otherwise. */
  static int localCores(String master) {
    if (master.equals("local")) {
      return 1;
    }
    Matcher m = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
    if (!m.matches()) {
      return 0;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  // ------------------------------------------------------------------------------------------------ main

  public static void main(String[] argv) throws Exception {
    Args a;
    double threshold;
    String master;
    int shufflePartitions;
    int splitMb;
    try {
      a = Args.parse(argv, VALUED, FLAGS);
      if (a.has("help")) {
        System.out.println(USAGE);
        return;
      }
      if (a.has("corpus") == a.has("generate-mb")) {
        throw new IllegalArgumentException("give exactly one of --corpus and --generate-mb");
      }
      threshold = a.getDouble("threshold", 0.8);
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("--threshold must be in (0, 1), got " + threshold);
      }
      master = a.get("master", "local[2]");
      int cores = localCores(master);
      shufflePartitions = a.getInt("shuffle-partitions", cores > 0 ? 8 * cores : 200);
      splitMb = a.getInt("split-mb", 16);
      if (splitMb < 1) {
        throw new IllegalArgumentException("--split-mb must be >= 1, got " + splitMb);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Path out = Paths.get(a.get("out", "sieve-bench-out")).toAbsolutePath();

    Path generated = null;
    SparkSession spark = null;
    try {
      Path corpusDir;
      if (a.has("generate-mb")) {
        CorpusGenerator.Options o =
            CorpusGenerator.options(a, (long) (a.getDouble("generate-mb", 0) * 1_000_000));
        generated = Files.createTempDirectory("sieve-bench-corpus-");
        corpusDir = generated;
        long t0 = System.nanoTime();
        CorpusGenerator.Summary s = CorpusGenerator.generate(generated, o);
        LOG.info("generated {} MB ({} docs, {} near variants, {} exact copies) in {} s into {}",
            String.format(Locale.ROOT, "%.1f", s.bytes() / 1e6), s.docs(), s.nearVariants(), s.exactCopies(),
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), generated);
      } else {
        corpusDir = Paths.get(a.get("corpus", null)).toAbsolutePath();
      }
      CorpusInfo corpus = CorpusInfo.of(corpusDir);
      Files.createDirectories(out);

      spark = SparkSession.builder()
          .appName("sieve-bench")
          .master(master)
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
          .config("spark.sql.files.maxPartitionBytes", splitMb + "m")
          .getOrCreate();
      NearDedupBench bench = new NearDedupBench(spark, corpus.dataDir(), corpus.truthFile(), out, threshold,
          a.getInt("mllib-tables", 5), a.getInt("mllib-features", 1 << 20), a.getLong("mllib-timeout-s", 1800),
          a.has("skip-mllib"));
      Map<String, Object> report = bench.run(corpus);
      Path results = out.resolve("results.json");
      Files.writeString(results, Json.pretty(report), StandardCharsets.UTF_8);
      System.out.println();
      System.out.print(table(report));
      System.out.println("results: " + results);
    } finally {
      if (spark != null) {
        spark.stop();
      }
      if (generated != null) {
        if (a.has("keep-corpus")) {
          System.out.println("corpus kept in " + generated);
        } else {
          deleteRecursively(generated);
        }
      }
    }
  }
}
