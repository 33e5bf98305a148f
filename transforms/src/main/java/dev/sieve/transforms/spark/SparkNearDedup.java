package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.near.BandKeys;
import dev.sieve.transforms.text.near.BucketPairs;
import dev.sieve.transforms.text.near.LongTuples;
import dev.sieve.transforms.text.near.LongUnionFind;
import dev.sieve.transforms.text.near.PackedShingles;
import dev.sieve.transforms.text.near.Shingler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * {@link NearDedup} on Spark: MinHash LSH candidates, exact-Jaccard verification, distributed connected
 * components, one keeper per cluster.
 *
 * <p>Steps and costs. The rows are scanned three times and the text is never shuffled; the steps between the scans
 * work on keys. Unless {@code cacheInput} is off, the first scan also stores the input rows on the executors' local
 * disks ({@link StageContext#persistRows}), and the other two read them back instead of the input.
 *
 * <ol>
 *   <li><b>Band keys</b> (first scan, narrow): {@link BandKeys} turns each alive row's id and text into its root
 *       key and LSH band keys, one row per document (record key, root key, band keys), unrolled into triples as they
 *       are routed to the shuffle. A band key is seeded with its band number, so it names its bucket alone.
 *       Documents without shingles get none.
 *   <li><b>Candidate pairs</b>: band rows travel as flat blocks of {@code long} triples (band key, root key, record
 *       key) to their bucket partition (one per 128 MB of input splits, {@link #bucketPartitions}), which drops the
 *       rows of buckets with one member (a hash count) and sorts the others in memory ({@link LongTuples}; 24 bytes a
 *       triple, a whole bucket in one partition) by bucket and root key (a hash of the id and of the text's
 *       shingles, so independent of partitioning); {@link BucketPairs} streams each bucket: all pairs up to {@link
 *       #PAIRWISE_BUCKET} members, star edges from the root beyond (linear). The pairs travel the same way and each
 *       pair partition de-duplicates its own. No object per band row or pair. <i>Shuffles: the band rows, then the
 *       pairs.</i>
 *   <li><b>Candidate shingles</b> (second scan): only rows whose key is a candidate get their rank and sorted
 *       shingle set, packed as 32-bit fingerprints ({@link PackedShingles}: half the bytes to shuffle); the pairs'
 *       keys are broadcast up to {@link #BROADCAST_ROWS} (two per pair).
 *   <li><b>Verification</b> (unless {@code verify = false}): exact Jaccard per candidate pair; pairs below the
 *       threshold are dropped, the others keep their similarity. <i>Shuffles the candidates' shingle sets once, and
 *       the pairs twice, the second time with one side's set.</i>
 *   <li><b>Clusters and keepers</b>: a cluster's keeper is its member first by {@link Keepers#rankKey}. A graph of
 *       at most {@code components.localThreshold} candidate pairs is finished on the driver, as connected components
 *       would finish it: the candidates' keys and ids in rank order (one task sorts them) and the verified pairs are
 *       collected, and a union-find over rank positions gives each cluster's first member. A larger graph goes
 *       through {@link SparkConnectedComponents}, and each cluster's members (keys and ranks, no sets) meet in one
 *       partition sorted by rank. A member's similarity to its keeper is the verified pair's when the two were a
 *       candidate pair, which is most members; only the others' sets are read and shuffled again (none when every
 *       member was a candidate pair of its keeper; the report counts them as {@code
 *       keeper_similarities_computed}).
 *   <li><b>Verdicts</b> (final scan): rows meet their assignment by broadcast in the same case (a sort-merge join
 *       of the rows beyond), and every non-keeper is rejected as {@code near_duplicate}.
 * </ol>
 *
 * Steps 2–5 run while {@link #apply} builds the plan; each result is computed once and cut from its lineage with
 * {@link StageContext#materialize}. Nothing data-sized is collected (the driver takes a graph only below the
 * threshold); the result is a function of the content and the ids, so it is the same on every run and for any
 * partitioning. Clustering is transitive: a member's similarity to its keeper can be below the threshold when it
 * joined the cluster through another member; {@code near_similarity} reports it. {@link #reportInfo} adds what the
 * last run measured about the candidate graph.
 */
public final class SparkNearDedup implements NearDedup {
  public static final String NAME = "near_dedup";

  private static final String SIG = "_nd_sig";
  private static final String SH = "_nd_sh";
  private static final String RANK = "_nd_rank";
  private static final String SIM = "_nd_sim";
  private static final String ROOT_KEY = "_nd_root_key";
  /** A band key: band-seeded ({@link dev.sieve.transforms.text.near.LshBander}), so it names its bucket alone. */
  private static final String HASH = "_nd_h";

  /** Buckets with at most this many members are checked pair by pair; larger ones by star edges. */
  static final int PAIRWISE_BUCKET = 32;
  /**
   * Up to this many candidate keys (two per candidate pair), the keys and the cluster assignments are broadcast, so
   * the rows are filtered and marked where they lie; beyond it both steps are sort-merge joins that shuffle the
   * rows.
   */
  static final long BROADCAST_ROWS = 1_000_000L;

  private static final StructType PAIRS = new StructType()
      .add(ConnectedComponents.SRC, DataTypes.LongType, false)
      .add(ConnectedComponents.DST, DataTypes.LongType, false);
  private static final StructType KEEPERS = new StructType()
      .add("m_rid", DataTypes.LongType, false)
      .add("k_id", DataTypes.StringType, true)
      .add("k_rid", DataTypes.LongType, false);

  private final Settings settings;
  private final DedupIndex.Settings index;
  private final String indexConfig;
  /** What the last {@link #apply} measured about the candidate graph, for the report. */
  private final Map<String, Long> stats = new java.util.concurrent.ConcurrentHashMap<>();
  /** Counts for the report only, running beside the later steps; {@link #reportInfo} waits for them. */
  private final Map<String, JavaFutureAction<Long>> pendingStats = new java.util.concurrent.ConcurrentHashMap<>();

  public SparkNearDedup(Settings settings) {
    this(settings, DedupIndex.Settings.none(), "");
  }

  /**
   * With an index: documents of earlier runs' indexes join the candidate graph and win their cluster; with {@code
   * index.write()} this stage also writes this run's index, whose config column is {@code exactConfig} (the exact
   * stage's part, or empty) followed by this stage's part.
   */
  public SparkNearDedup(Settings settings, DedupIndex.Settings index, String exactConfig) {
    this.settings = settings;
    this.index = index;
    this.indexConfig = exactConfig + "near=" + nearConfig() + ";";
  }

  /**
   * Everything the keys depend on: two runs' signatures are comparable only when this is equal. The leading
   * version names the shingle hashing and the MinHash family; it changes whenever {@link Shingler}'s hashes or
   * {@link dev.sieve.transforms.text.near.MinHasher}'s values do.
   */
  String nearConfig() {
    return "v3/" + settings.shingle().name().toLowerCase() + settings.ngram() + "/" + settings.lsh().permutations()
        + "/"
        + settings.lsh().bands() + "x" + settings.lsh().rows() + "/seed" + settings.seed();
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "near dedup: MinHash LSH (" + settings.lsh().bands() + " bands x " + settings.lsh().rows() + " rows over "
        + settings.ngram() + "-" + settings.shingle().name().toLowerCase() + " shingles), Jaccard >= "
        + settings.threshold() + (settings.verify() ? " verified exactly" : " (unverified)") + ", keeping "
        + settings.keep().configName();
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.NEAR_DUPLICATE);
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    return List.of(Distribution.clusterSizes(NAME + "_cluster_sizes", "near-duplicate cluster sizes (documents)",
        verdicts, DUPLICATE_OF));
  }

  @Override
  public List<String> addedColumns() {
    return List.of(CLUSTER_ID, DUPLICATE_OF, SIMILARITY);
  }

  @Override
  public List<String> rejectOnlyColumns() {
    return List.of(DUPLICATE_OF, SIMILARITY);
  }

  @Override
  public Map<String, Object> reportInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold", settings.threshold());
    m.put("shingle", settings.shingle().name().toLowerCase());
    m.put("ngram", settings.ngram());
    m.put("permutations", settings.lsh().permutations());
    m.put("bands", settings.lsh().bands());
    m.put("rows", settings.lsh().rows());
    m.put("verify", settings.verify());
    Map<String, Double> curve = new LinkedHashMap<>();
    for (double[] p : settings.lsh().curve(0.5, 0.95, 0.05)) {
      curve.put(String.format(java.util.Locale.ROOT, "%.2f", p[0]), Math.round(p[1] * 10000) / 10000.0);
    }
    m.put("s_curve", curve);
    pendingStats.forEach((key, count) -> {
      try {
        stats.put(key, count.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while counting " + key, e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("counting " + key + " failed", e.getCause());
      }
    });
    pendingStats.clear();
    if (!stats.isEmpty()) {
      m.put("graph", new java.util.TreeMap<>(stats));
    }
    return m;
  }

  @Override
  public Map<String, UnaryOperator<Dataset<Row>>> sideOutputs(StageContext context) {
    String id = context.idColumn();
    Map<String, UnaryOperator<Dataset<Row>>> out = new LinkedHashMap<>();
    if (index.write()) {
      StructType sigType = signatureType();
      String text = context.textColumn();
      String config = indexConfig;
      out.put(DedupIndex.TABLE, verdicts -> verdicts
          .filter(Frame.alive())
          .select(col(id).as(DedupIndex.ID),
              (List.of(verdicts.columns()).contains(ExactDedup.CONTENT_HASH)
                  ? col(ExactDedup.CONTENT_HASH) : lit(null).cast(DataTypes.StringType)).as(DedupIndex.CONTENT_HASH),
              udf(new SignatureFn(settings, context.timer(NAME + "_index")), sigType).apply(col(text)).as("s"),
              lit(config).as(DedupIndex.CONFIG))
          .select(col(DedupIndex.ID), col(DedupIndex.CONTENT_HASH), col("s.sh").as(DedupIndex.SH),
              col("s.bands").as(DedupIndex.BANDS), col(DedupIndex.CONFIG)));
    }
    out.put(CLUSTERS, verdicts -> verdicts
        .filter(col(CLUSTER_ID).isNotNull())
        .select(
            col(id).as("id"),
            col(CLUSTER_ID).as("cluster_id"),
            not(col(Frame.REASON).eqNullSafe(lit(ReasonCodes.NEAR_DUPLICATE))).as("is_kept"),
            when(col(SIMILARITY).isNull(), lit(1.0)).otherwise(col(SIMILARITY)).as("similarity")));
    return out;
  }

  private static StructType signatureType() {
    return new StructType()
        .add("sh", DataTypes.BinaryType, false)
        .add("bands", DataTypes.createArrayType(DataTypes.LongType, false), false);
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext ctx) {
    if (settings.keep() == KeepRule.PRIORITY) {
      Keepers.checkPriorityColumn(frame, "dedup.priority_column", settings.priorityColumn());
    }
    stats.clear();
    pendingStats.clear();
    String text = ctx.textColumn();
    // The rows are scanned three times (band keys, candidate shingles, verdicts); stored once, they are parsed once.
    Dataset<Row> input = settings.cacheInput() ? ctx.persistRows(frame, NAME + " input rows") : frame;
    Dataset<Row> live = input.filter(Frame.alive());

    // 1. Band rows (record key, root key, band keys): the only per-document output of the first scan. The kernel
    // computes the root key from the id and the shingles it makes anyway, so the text is not hashed a second time;
    // the keys are unrolled into triples on the way to the shuffle.
    Column bandKeys = udf(new BandKeysFn(settings, ctx.timer(NAME)), BAND_KEYS)
        .apply(col(ctx.idColumn()), col(text));
    Dataset<Row> bandRows = live
        .select(col(Frame.RID), bandKeys.as("_nd_k"))
        .select(col(Frame.RID), col("_nd_k.root").as(ROOT_KEY), col("_nd_k.keys").as(HASH));
    Dataset<Row> earlier = null;
    if (!index.against().isEmpty()) {
      // Earlier runs' kept documents join the graph with negative keys and win their clusters.
      earlier = DedupIndex.load(ctx.spark(), index.against());
      DedupIndex.checkConfig(earlier, "near", nearConfig());
      earlier = earlier.filter(col(DedupIndex.SH).isNotNull());
      bandRows = bandRows.union(earlier.select(col(DedupIndex.RID).as(Frame.RID),
          xxhash64(col(DedupIndex.ID)).as(ROOT_KEY), col(DedupIndex.BANDS).as(HASH)));
    }

    // 2. Candidate pairs (smaller key, larger key): the band rows travel as flat blocks of triples, each bucket's
    // rows meet in one partition, are sorted there and streamed through BucketPairs. Then the pairs travel the same
    // way and are de-duplicated (a similar pair shares several bands).
    LongAccumulator[] bucketStats = {
        ctx.spark().sparkContext().longAccumulator(NAME + ".shared_buckets"),
        ctx.spark().sparkContext().longAccumulator(NAME + ".oversized_buckets"),
        ctx.spark().sparkContext().longAccumulator(NAME + ".oversized_bucket_members")};
    LongAccumulator pairCount = ctx.spark().sparkContext().longAccumulator(NAME + ".candidate_pairs");
    int partitions = Integer.parseInt(ctx.spark().conf().get("spark.sql.shuffle.partitions"));
    JavaRDD<InternalRow> bandRowsRdd = bandRows.queryExecution().toRdd().toJavaRDD();
    HashPartitioner byBucket = new HashPartitioner(bucketPartitions(partitions, bandRowsRdd.getNumPartitions(),
        ctx.spark().sessionState().conf().filesMaxPartitionBytes()));
    HashPartitioner byPair = new HashPartitioner(partitions);
    JavaRDD<InternalRow> pairs = bandRowsRdd
        .mapPartitionsToPair(new TripleBlocksFn(byBucket.numPartitions()))
        .partitionBy(byBucket)
        .mapPartitionsToPair(new BucketPairsFn(PAIRWISE_BUCKET, byPair.numPartitions(), bucketStats))
        .partitionBy(byPair)
        .mapPartitions(new DistinctPairsFn(pairCount));
    // Internal rows: no Row encoder to generate and compile for two longs.
    Dataset<Row> candidates = ctx.materialize(ctx.spark().internalCreateDataFrame(pairs.rdd(), PAIRS, false));
    stats.put("shared_buckets", bucketStats[0].value());
    stats.put("oversized_buckets", bucketStats[1].value());
    stats.put("oversized_bucket_members", bucketStats[2].value());
    // Counted by the job that materialized the pairs, no job of its own: the count runs in that job's final stage,
    // whose successful task attempts Spark merges once per partition, and is read before anything can recompute it.
    long candidatePairs = pairCount.value();
    stats.put("candidate_pairs", candidatePairs);
    // Both keys of every pair, repeats included: a semi join needs no distinct keys.
    Dataset<Row> candidateKeys = candidates.select(col(ConnectedComponents.SRC).as(Frame.RID))
        .union(candidates.select(col(ConnectedComponents.DST).as(Frame.RID)));
    boolean small = 2 * candidatePairs <= BROADCAST_ROWS;

    // 3. Rank and shingle set of the candidate documents only (a second scan, filtered before any shingling).
    Column shingles = udf(new ShinglesFn(settings, ctx.timer(NAME + "_verify")), DataTypes.BinaryType)
        .apply(col(text));
    Dataset<Row> docs = live
        .select(col(Frame.RID),
            Keepers.rankKey(settings.keep(), settings.priorityColumn(), ctx.idColumn(), text).as(RANK), col(text))
        .join(small ? broadcast(candidateKeys) : candidateKeys, Frame.RID, "left_semi")
        .select(col(Frame.RID), col(RANK), shingles.as(SH));
    if (earlier != null) {
      docs = docs.union(earlier
          .select(col(DedupIndex.RID).as(Frame.RID),
              Keepers.indexRankKey(settings.keep(), col(DedupIndex.ID), col(DedupIndex.RID)).as(RANK),
              col(DedupIndex.SH).as(SH))
          .join(candidateKeys, Frame.RID, "left_semi"));
    }
    // Few rows (the candidates only): read back by later steps in no more partitions than a shuffle has.
    docs = ctx.materialize(docs.coalesce(partitions));
    countLater("candidate_documents", docs);

    // 4. Verification with exact Jaccard on the shingle sets; the verified edges keep their similarity.
    Dataset<Row> edges = candidates;
    if (settings.verify()) {
      edges = ctx.materialize(withJaccard(candidates, ConnectedComponents.SRC, ConnectedComponents.DST, docs)
          .filter(col(SIM).geq(settings.threshold())));
      countLater("verified_pairs", edges);
    }

    // 5. Clusters, and the keeper of each: the member first in rank order. A member's similarity to its
    // keeper is the verified edge's when they share one; it is computed from the sets for the others only.
    Assignments clustered = candidatePairs <= settings.components().localThreshold()
        ? keepersOnDriver(ctx, edges, docs)
        : keepersDistributed(ctx, edges, docs, candidatePairs);
    Dataset<Row> keepers = clustered.keepers();
    stats.put("clustered_documents", clustered.members());
    long missingPairs = clustered.unknownSimilarities();
    stats.put("keeper_similarities_computed", missingPairs);
    Column unknown = col(SIM).isNull();
    if (missingPairs > 0) {
      // Only the sets these pairs name are read and shuffled.
      Dataset<Row> missing = ctx.materialize(keepers.filter(unknown).drop(SIM));
      Dataset<Row> named = missing.select(col("lo").as(Frame.RID)).union(missing.select(col("hi").as(Frame.RID)));
      Dataset<Row> needed = docs.join(2 * missingPairs <= BROADCAST_ROWS ? broadcast(named) : named, Frame.RID,
          "left_semi");
      keepers = ctx.materialize(keepers.filter(not(unknown)).unionByName(withJaccard(missing, "lo", "hi", needed)));
    }
    Dataset<Row> assigned = keepers.select(col("m_rid"), col("k_id"), col("k_rid"), round(col(SIM), 4).as("k_sim"));

    // 6. Verdicts: the rows meet their cluster assignment (broadcast when small, so the rows are not shuffled), in
    // one scan: rows rejected earlier have no assignment, so they pass unchanged with null cluster columns.
    Column inCluster = col("m_rid").isNotNull();
    Column isDuplicate = inCluster.and(col(Frame.RID).notEqual(col("k_rid")));
    Dataset<Row> joined = input.join(small ? broadcast(assigned) : assigned, col(Frame.RID).equalTo(col("m_rid")),
            "left")
        .withColumn(CLUSTER_ID, when(inCluster, col("k_id")))
        .withColumn(DUPLICATE_OF, when(isDuplicate, col("k_id")))
        .withColumn(SIMILARITY, when(isDuplicate, col("k_sim")));
    return Frame.rejectWhere(joined, isDuplicate, NAME, ReasonCodes.NEAR_DUPLICATE,
            concat(lit("near duplicate of id "), col("k_id"), lit(" (jaccard "), format_number(col("k_sim"), 3),
                lit(")")))
        .drop("m_rid", "k_id", "k_rid", "k_sim");
  }

  /** The input a bucket partition covers at most: one input split at Spark's default split size. */
  static final long BUCKET_INPUT_BYTES = 128L << 20;

  /**
   * Bucket partitions for an input of {@code inputPartitions} partitions of at most {@code splitBytes} each: enough
   * that one holds the triples of at most about {@link #BUCKET_INPUT_BYTES} of input (its documents times the
   * bands, 24 bytes a triple), so one per input partition at the default split size, and never fewer than the
   * shuffle partitions. Smaller splits share a bucket partition rather than each paying a task for a few megabytes
   * of triples; larger ones are spread over several.
   */
  static int bucketPartitions(int shufflePartitions, int inputPartitions, long splitBytes) {
    double needed = Math.ceil((double) inputPartitions * Math.max(1, splitBytes) / BUCKET_INPUT_BYTES);
    return (int) Math.max(shufflePartitions, Math.min(Integer.MAX_VALUE, needed));
  }

  /**
   * Counts the rows of a materialized result for the report, as one job over its stored partitions (no aggregation is
   * planned or compiled), started now and run beside the next steps.
   */
  private void countLater(String key, Dataset<Row> materialized) {
    pendingStats.put(key, materialized.queryExecution().toRdd().toJavaRDD().countAsync());
  }

  /**
   * Each clustered document's keeper ({@code m_rid, k_id, k_rid, lo, hi, SIM}, a null similarity where the two were
   * not a verified pair), with the number of members and of those null similarities.
   */
  private record Assignments(Dataset<Row> keepers, long members, long unknownSimilarities) {}

  /** The keeper assignments {@link #keepersOnDriver} builds: one row per clustered document. */
  private static final StructType ASSIGNMENTS = new StructType()
      .add("m_rid", DataTypes.LongType, false)
      .add("k_id", DataTypes.StringType, true)
      .add("k_rid", DataTypes.LongType, false)
      .add("lo", DataTypes.LongType, false)
      .add("hi", DataTypes.LongType, false)
      .add(SIM, DataTypes.DoubleType, true);

  /**
   * Clusters and keepers of a graph of at most {@code localThreshold} edges ({@code m_rid, k_id, k_rid, lo, hi,
   * SIM}), on the driver, as connected components finishes such a graph: the candidate documents' keys and ids come
   * in rank order (one task sorts them), the edges come as they are, each bounded by the threshold and not by the
   * data. A {@link LongUnionFind} over rank positions keeps each component's smallest position, which is its keeper.
   * Two jobs, where the distributed path runs about ten.
   */
  private Assignments keepersOnDriver(StageContext ctx, Dataset<Row> edges, Dataset<Row> docs) {
    // Record keys and ids in rank order.
    Dataset<Row> ranked = docs.select(col(Frame.RID), col(RANK + ".id").as("id"), col(RANK))
        .coalesce(1)
        .sortWithinPartitions(col(RANK));
    // One chunk per partition (the sort made one): keys and ids in rank order, in primitive arrays.
    List<Tuple2<long[], String[]>> rankedChunks = ranked.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> {
          LongStream.Builder keys = LongStream.builder();
          List<String> ids = new ArrayList<>();
          while (rows.hasNext()) {
            InternalRow r = rows.next();
            keys.add(r.getLong(0));
            ids.add(r.isNullAt(1) ? null : r.getUTF8String(1).toString());
          }
          return List.of(new Tuple2<>(keys.build().toArray(), ids.toArray(new String[0]))).iterator();
        })
        .collect();
    int n = 0;
    for (Tuple2<long[], String[]> c : rankedChunks) {
      n += c._1().length;
    }
    long[] ridAt = new long[n];
    String[] idAt = new String[n];
    int at = 0;
    for (Tuple2<long[], String[]> c : rankedChunks) {
      System.arraycopy(c._1(), 0, ridAt, at, c._1().length);
      System.arraycopy(c._2(), 0, idAt, at, c._2().length);
      at += c._1().length;
    }
    // (record key, rank position), sorted by key: the position of a key by binary search.
    long[] positions = new long[2 * n];
    for (int i = 0; i < n; i++) {
      positions[2 * i] = ridAt[i];
      positions[2 * i + 1] = i;
    }
    LongTuples.sort(positions, n, 2);

    // The edges, one chunk per partition: (key, key) pairs and their similarities (NaN when not verified).
    boolean withSim = List.of(edges.columns()).contains(SIM);
    int simField = withSim ? edges.schema().fieldIndex(SIM) : -1;
    int srcField = edges.schema().fieldIndex(ConnectedComponents.SRC);
    int dstField = edges.schema().fieldIndex(ConnectedComponents.DST);
    List<Tuple2<long[], double[]>> edgeChunks = edges.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> {
          LongStream.Builder keys = LongStream.builder();
          DoubleStream.Builder sims = DoubleStream.builder();
          while (rows.hasNext()) {
            InternalRow r = rows.next();
            keys.add(r.getLong(srcField));
            keys.add(r.getLong(dstField));
            sims.add(simField < 0 ? Double.NaN : r.getDouble(simField));
          }
          return List.of(new Tuple2<>(keys.build().toArray(), sims.build().toArray())).iterator();
        })
        .collect();
    LongUnionFind clusters = new LongUnionFind();
    int total = 0;
    for (Tuple2<long[], double[]> c : edgeChunks) {
      total += c._2().length;
    }
    // (smaller key, larger key, similarity bits), sorted: an edge's similarity by binary search.
    long[] similar = new long[3 * total];
    int edgeCount = 0;
    for (Tuple2<long[], double[]> c : edgeChunks) {
      long[] keys = c._1();
      double[] sims = c._2();
      for (int e = 0; e < sims.length; e++) {
        long a = keys[2 * e];
        long b = keys[2 * e + 1];
        int pa = position(positions, n, a);
        int pb = position(positions, n, b);
        if (a == b || pa < 0 || pb < 0) {
          continue;
        }
        clusters.union(pa, pb);
        similar[3 * edgeCount] = Math.min(a, b);
        similar[3 * edgeCount + 1] = Math.max(a, b);
        similar[3 * edgeCount + 2] = Double.doubleToRawLongBits(sims[e]);
        edgeCount++;
      }
    }
    LongTuples.sort(similar, edgeCount, 3);

    long[] members = clusters.ids();
    List<InternalRow> rows = new ArrayList<>(members.length);
    long unknown = 0;
    for (long member : members) {
      int m = (int) member;
      int k = (int) clusters.find(member);
      long lo = Math.min(ridAt[m], ridAt[k]);
      long hi = Math.max(ridAt[m], ridAt[k]);
      Double sim = m == k ? Double.valueOf(1.0) : edgeSimilarity(similar, edgeCount, lo, hi);
      unknown += sim == null ? 1 : 0;
      rows.add(new GenericInternalRow(new Object[] {ridAt[m], idAt[k] == null ? null : UTF8String.fromString(idAt[k]),
          ridAt[k], lo, hi, sim}));
    }
    int slices = Math.max(1, Math.min(ctx.spark().sparkContext().defaultParallelism(), 1 + rows.size() / 50_000));
    // Built here and counted here: nothing to materialize or count on Spark.
    return new Assignments(ctx.spark().internalCreateDataFrame(
        JavaSparkContext.fromSparkContext(ctx.spark().sparkContext()).parallelize(rows, slices).rdd(), ASSIGNMENTS,
        false), members.length, unknown);
  }

  /** The rank position of record key {@code rid} in (key, position) tuples sorted by key, or -1. */
  private static int position(long[] positions, int n, long rid) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long k = positions[2 * mid];
      if (k < rid) {
        lo = mid + 1;
      } else if (k > rid) {
        hi = mid - 1;
      } else {
        return (int) positions[2 * mid + 1];
      }
    }
    return -1;
  }

  /** The verified similarity of edge (lo, hi) in sorted (lo, hi, bits) triples; null when there is none. */
  private static Double edgeSimilarity(long[] similar, int n, long lo, long hi) {
    int a = 0;
    int b = n - 1;
    while (a <= b) {
      int mid = (a + b) >>> 1;
      long x = similar[3 * mid];
      long y = similar[3 * mid + 1];
      if (x < lo || (x == lo && y < hi)) {
        a = mid + 1;
      } else if (x > lo || y > hi) {
        b = mid - 1;
      } else {
        double sim = Double.longBitsToDouble(similar[3 * mid + 2]);
        return Double.isNaN(sim) ? null : sim;
      }
    }
    return null;
  }

  /**
   * Clusters and keepers of a larger graph, on the executors: {@link SparkConnectedComponents}, then each cluster's
   * members (keys and ranks only) meet in one partition sorted by rank, and the first is the keeper ({@link
   * KeeperFn}); the verified edges give the similarities they know. The result is materialized, then its members
   * and unknown similarities are counted in one job.
   */
  private Assignments keepersDistributed(StageContext ctx, Dataset<Row> edges, Dataset<Row> docs, long maxEdges) {
    Dataset<Row> components = new SparkConnectedComponents(ctx.spark(), settings.components())
        .components(edges.select(col(ConnectedComponents.SRC), col(ConnectedComponents.DST)), maxEdges);
    Dataset<Row> members = components
        .join(docs.select(col(Frame.RID), col(RANK)), col(ConnectedComponents.NODE).equalTo(col(Frame.RID)))
        .select(col(ConnectedComponents.COMPONENT), col(Frame.RID), col(RANK))
        .repartition(col(ConnectedComponents.COMPONENT))
        .sortWithinPartitions(col(ConnectedComponents.COMPONENT), col(RANK));
    StructType rankType = (StructType) members.schema().apply(RANK).dataType();
    JavaRDD<InternalRow> keeperRows = members.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new KeeperFn(rankType.size(), rankType.fieldIndex("id")));
    Dataset<Row> keepers = ctx.spark().internalCreateDataFrame(keeperRows.rdd(), KEEPERS, false)
        .withColumn("lo", least(col("m_rid"), col("k_rid")))
        .withColumn("hi", greatest(col("m_rid"), col("k_rid")));
    if (settings.verify()) {
      keepers = keepers.join(edges.select(col(ConnectedComponents.SRC).as("lo"), col(ConnectedComponents.DST).as("hi"),
          col(SIM)), new String[] {"lo", "hi"}, "left");
    } else {
      keepers = keepers.withColumn(SIM, lit(null).cast(DataTypes.DoubleType));
    }
    keepers = ctx.materialize(keepers.withColumn(SIM, when(col("m_rid").equalTo(col("k_rid")), lit(1.0))
        .otherwise(col(SIM))));
    int simField = keepers.schema().fieldIndex(SIM);
    long[] counted = keepers.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> {
          long all = 0;
          long unknownSim = 0;
          while (rows.hasNext()) {
            all++;
            unknownSim += rows.next().isNullAt(simField) ? 1 : 0;
          }
          return List.of(new long[] {all, unknownSim}).iterator();
        })
        .fold(new long[] {0, 0}, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
    return new Assignments(keepers, counted[0], counted[1]);
  }

  /**
   * {@code pairs} with column {@link #SIM}: the Jaccard similarity of the shingle sets of record keys {@code a} and
   * {@code b}, from {@code docs}. The sets are shuffled once (the plan reuses the exchange for both sides), and the
   * pairs twice, the second time carrying the first side's set.
   */
  private static Dataset<Row> withJaccard(Dataset<Row> pairs, String a, String b, Dataset<Row> docs) {
    Column jaccard = udf((UDF2<byte[], byte[], Double>) SparkNearDedup::jaccard, DataTypes.DoubleType)
        .apply(col("a_sh"), col("b_sh"));
    return pairs
        .join(docs.select(col(Frame.RID).as("a_rid"), col(SH).as("a_sh")), col(a).equalTo(col("a_rid")))
        .join(docs.select(col(Frame.RID).as("b_rid"), col(SH).as("b_sh")), col(b).equalTo(col("b_rid")))
        .withColumn(SIM, jaccard)
        .drop("a_rid", "a_sh", "b_rid", "b_sh");
  }

  // ------------------------------------------------------------------------------------------------ executor side

  static Double jaccard(byte[] a, byte[] b) {
    return a == null || b == null ? null : PackedShingles.jaccard(a, b);
  }

  /** {@link BandKeysFn}'s result: the document's root key and its band keys. */
  private static final StructType BAND_KEYS = new StructType()
      .add("root", DataTypes.LongType, false)
      .add("keys", DataTypes.createArrayType(DataTypes.LongType, false), false);

  /**
   * (id, text) → (root key, LSH band keys), no keys without shingles ({@link BandKeys}); the kernels are built once
   * per task.
   */
  private static final class BandKeysFn implements UDF2<String, String, Row> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final LongAccumulator nanos;
    private transient BandKeys keys;

    BandKeysFn(Settings settings, LongAccumulator nanos) {
      this.settings = settings;
      this.nanos = nanos;
    }

    @Override
    public Row call(String id, String text) {
      long t0 = System.nanoTime();
      if (keys == null) {
        keys = new BandKeys(Shingler.of(settings.shingle(), settings.ngram()), settings.lsh(), settings.seed());
      }
      long[] out = keys.of(text == null ? "" : text);
      Row r = RowFactory.create(keys.rootKey(id), out);
      nanos.add(System.nanoTime() - t0);
      return r;
    }
  }

  /** Blocks of at most this many tuples travel between the candidate steps. */
  private static final int BLOCK_TUPLES = 1 << 16;

  /**
   * Tuples routed to destination partitions in blocks of {@link #BLOCK_TUPLES}: a block is ready once full, the
   * partial ones at {@link #flush}. Holds at most one partial block per destination, and only the tuples it was given.
   */
  private static final class BlockRouter {
    private final int width;
    private final LongTuples.Buffer[] buffers;
    final ArrayDeque<Tuple2<Integer, long[]>> ready = new ArrayDeque<>();

    BlockRouter(int width, int partitions) {
      this.width = width;
      this.buffers = new LongTuples.Buffer[partitions];
    }

    private LongTuples.Buffer buffer(int p) {
      LongTuples.Buffer b = buffers[p];
      return b != null ? b : (buffers[p] = new LongTuples.Buffer(width, 64));
    }

    void add(int p, long x, long y) {
      LongTuples.Buffer b = buffer(p);
      b.add(x, y);
      if (b.tuples() == BLOCK_TUPLES) {
        ready.add(new Tuple2<>(p, b.take()));
      }
    }

    void add(int p, long x, long y, long z) {
      LongTuples.Buffer b = buffer(p);
      b.add(x, y, z);
      if (b.tuples() == BLOCK_TUPLES) {
        ready.add(new Tuple2<>(p, b.take()));
      }
    }

    void flush() {
      for (int p = 0; p < buffers.length; p++) {
        if (buffers[p] != null && buffers[p].tuples() > 0) {
          ready.add(new Tuple2<>(p, buffers[p].take()));
        }
      }
    }
  }

  /** The blocks of a {@link BlockRouter} as they become ready, while {@link #step} feeds it. */
  private abstract static class BlockStream implements Iterator<Tuple2<Integer, long[]>> {
    final BlockRouter router;
    private boolean flushed;

    BlockStream(BlockRouter router) {
      this.router = router;
    }

    /** Routes the tuples of one more input item; false once the input is exhausted. */
    abstract boolean step();

    @Override
    public boolean hasNext() {
      while (router.ready.isEmpty() && !flushed) {
        if (!step()) {
          router.flush();
          flushed = true;
        }
      }
      return !router.ready.isEmpty();
    }

    @Override
    public Tuple2<Integer, long[]> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return router.ready.poll();
    }
  }

  /**
   * Band rows (record key, root key, band keys) → blocks of triples (band key, root key, record key) keyed by the
   * bucket partition of their band key, streamed.
   */
  private static final class TripleBlocksFn implements PairFlatMapFunction<Iterator<InternalRow>, Integer, long[]> {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    TripleBlocksFn(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public Iterator<Tuple2<Integer, long[]>> call(Iterator<InternalRow> rows) {
      return new BlockStream(new BlockRouter(3, partitions)) {
        @Override
        boolean step() {
          if (!rows.hasNext()) {
            return false;
          }
          InternalRow r = rows.next();
          long rid = r.getLong(0);
          long root = r.getLong(1);
          ArrayData keys = r.getArray(2);
          for (int i = 0, n = keys.numElements(); i < n; i++) {
            long bucket = keys.getLong(i);
            router.add(partitionOf(bucket, partitions), bucket, root, rid);
          }
          return true;
        }
      };
    }
  }

  /** The partition a hashed key belongs to (the same rule as {@link HashPartitioner} on the returned key). */
  private static int partitionOf(long hash, int partitions) {
    return Math.floorMod(hash ^ (hash >>> 32), partitions);
  }

  /**
   * One bucket partition's blocks of triples → candidate pairs (smaller key, larger key) in blocks keyed by pair
   * partition: the triples are sorted by (band key, root key, record key), and each bucket's record keys are
   * streamed, root first, through {@link BucketPairs}. Holds the partition's triples (24 bytes each) and at most one
   * partial block of pairs per destination.
   */
  private static final class BucketPairsFn
      implements PairFlatMapFunction<Iterator<Tuple2<Integer, long[]>>, Integer, long[]> {
    private static final long serialVersionUID = 1L;
    private final int pairwiseLimit;
    private final int partitions;
    private final LongAccumulator[] stats;

    BucketPairsFn(int pairwiseLimit, int partitions, LongAccumulator[] stats) {
      this.pairwiseLimit = pairwiseLimit;
      this.partitions = partitions;
      this.stats = stats;
    }

    @Override
    public Iterator<Tuple2<Integer, long[]>> call(Iterator<Tuple2<Integer, long[]>> blocks) {
      long[] triples = joinBlocks(blocks);
      // Most buckets hold one document: only the rows of shared buckets are sorted.
      int n = LongTuples.keepRepeatedFirst(triples, triples.length / 3, 3);
      LongTuples.sort(triples, n, 3);
      BlockRouter router = new BlockRouter(2, partitions);
      BucketPairs buckets = new BucketPairs(pairwiseLimit,
          (a, b) -> router.add(partitionOf(a * 0x9E3779B97F4A7C15L + b, partitions), a, b));
      return new BlockStream(router) {
        private int i;

        @Override
        boolean step() {
          if (i == n) {
            buckets.finish();
            stats[0].add(buckets.buckets());
            stats[1].add(buckets.oversizedBuckets());
            stats[2].add(buckets.oversizedMembers());
            return false;
          }
          if (i == 0 || triples[3 * i] != triples[3 * (i - 1)]) {
            buckets.start();
          }
          buckets.add(triples[3 * i + 2]);
          i++;
          return true;
        }
      };
    }
  }

  /** One pair partition's blocks → its distinct pairs as rows (smaller key, larger key), sorted. */
  private static final class DistinctPairsFn
      implements FlatMapFunction<Iterator<Tuple2<Integer, long[]>>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator count;

    DistinctPairsFn(LongAccumulator count) {
      this.count = count;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Tuple2<Integer, long[]>> blocks) {
      long[] pairs = joinBlocks(blocks);
      int n = LongTuples.sortDistinct(pairs, pairs.length / 2, 2);
      count.add(n);
      return new Iterator<>() {
        private int i;

        @Override
        public boolean hasNext() {
          return i < n;
        }

        @Override
        public InternalRow next() {
          if (i == n) {
            throw new NoSuchElementException();
          }
          InternalRow r = InternalRows.longs(pairs[2 * i], pairs[2 * i + 1]);
          i++;
          return r;
        }
      };
    }
  }

  /** The blocks' values, end to end, in one array. */
  private static long[] joinBlocks(Iterator<Tuple2<Integer, long[]>> blocks) {
    List<long[]> parts = new ArrayList<>();
    long total = 0;
    while (blocks.hasNext()) {
      long[] b = blocks.next()._2();
      parts.add(b);
      total += b.length;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("one candidate partition holds " + total + " values, more than an array can;"
          + " raise spark.sql.shuffle.partitions");
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (long[] b : parts) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    return all;
  }

  /**
   * (component, record key, rank) sorted by (component, rank) → (member, keeper id, keeper key) for every member,
   * the keeper included.
   */
  private static final class KeeperFn implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final int rankFields;
    private final int idField;

    KeeperFn(int rankFields, int idField) {
      this.rankFields = rankFields;
      this.idField = idField;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> input) {
      return new Iterator<>() {
        private boolean started;
        private long component;
        private UTF8String keeperId;
        private long keeperRid;

        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public InternalRow next() {
          InternalRow r = input.next();
          long c = r.getLong(0);
          long rid = r.getLong(1);
          if (!started || c != component) {
            InternalRow rank = r.getStruct(2, rankFields);
            started = true;
            component = c;
            // The input row is reused for the next one: keep a copy of the keeper's id.
            keeperId = rank.isNullAt(idField) ? null : rank.getUTF8String(idField).clone();
            keeperRid = rid;
          }
          return new GenericInternalRow(new Object[] {rid, keeperId, keeperRid});
        }
      };
    }
  }

  /** Text → its packed shingle set ({@link PackedShingles#ofHashes}: the fingerprints are sorted, not the hashes). */
  private static final class ShinglesFn implements UDF1<String, byte[]> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final LongAccumulator nanos;
    private transient Shingler shingler;

    ShinglesFn(Settings settings, LongAccumulator nanos) {
      this.settings = settings;
      this.nanos = nanos;
    }

    @Override
    public byte[] call(String text) {
      long t0 = System.nanoTime();
      if (shingler == null) {
        shingler = Shingler.of(settings.shingle(), settings.ngram());
      }
      byte[] packed = PackedShingles.ofHashes(shingler.shinglesInOrder(text == null ? "" : text));
      nanos.add(System.nanoTime() - t0);
      return packed;
    }
  }

  /** Text → (packed sorted shingle hashes, band hashes), for the index; the kernels are built once per task. */
  private static final class SignatureFn implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final LongAccumulator nanos;
    private transient Shingler shingler;
    private transient BandKeys keys;

    SignatureFn(Settings settings, LongAccumulator nanos) {
      this.settings = settings;
      this.nanos = nanos;
    }

    @Override
    public Row call(String text) {
      long t0 = System.nanoTime();
      if (shingler == null) {
        shingler = Shingler.of(settings.shingle(), settings.ngram());
        keys = new BandKeys(shingler, settings.lsh(), settings.seed());
      }
      // In text order: the packed set sorts its fingerprints itself, and the band keys ignore order.
      long[] shingles = shingler.shinglesInOrder(text == null ? "" : text);
      Row r = RowFactory.create(PackedShingles.ofHashes(shingles), keys.ofShingles(shingles));
      nanos.add(System.nanoTime() - t0);
      return r;
    }
  }
}
