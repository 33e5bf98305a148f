package dev.sieve.jobs.run;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Redaction;
import dev.sieve.jobs.io.InputReader;
import dev.sieve.jobs.io.OutputWriter;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.spark.Frame;
import dev.sieve.transforms.spark.Stage;
import dev.sieve.transforms.spark.StageContext;
import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run contract, written once: read → stages → count verdicts → write kept/ and rejected/ → check counts →
 * report. Every input record ends up in exactly one of kept/ or rejected/; the runner proves it by counting the
 * input independently, counting the verdicts and counting what was written, and fails the run if any differ.
 *
 * <p>Each phase runs as its own Spark job group with a readable description, so the Spark UI and History Server
 * read like the pipeline.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  public static final String KEPT = "kept";
  public static final String REJECTED = "rejected";

  public static final String REJECT_REASON = "reject_reason";
  public static final String REJECT_DETAIL = "reject_detail";
  public static final String REJECT_STAGE = "reject_stage";
  public static final String RAW_RECORD = "raw_record";
  public static final String SOURCE_FILE = "source_file";

  private final SparkSession spark;

  public JobRunner(SparkSession spark) {
    this.spark = spark;
  }

  public static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public RunReport run(SieveJob job, List<Stage> stages, CommonSettings common, Config effective) {
    String runId = common.run().id().isEmpty() ? newRunId() : common.run().id();
    long t0 = System.nanoTime();
    Instant startedAt = Instant.now();
    RunMetricsListener metrics = new RunMetricsListener();
    spark.sparkContext().addSparkListener(metrics);
    OutputWriter writer = new OutputWriter(spark, common.output(), job.name(), runId);
    Map<String, Object> report = new LinkedHashMap<>();
    List<Map<String, Object>> phases = new ArrayList<>();
    report.put("job", job.name());
    report.put("run_id", runId);
    report.put("status", "running");
    report.put("sieve_version", version());
    report.put("spark_version", spark.version());
    report.put("master", spark.sparkContext().master());
    report.put("spark_application_id", spark.sparkContext().applicationId());
    report.put("started_at", startedAt.toString());
    report.put("input", Map.of("path", common.input().path(), "format_requested",
        common.input().format().name().toLowerCase()));
    report.put("config", Redaction.flatten(effective));
    Dataset<Row> verdicts = null;
    StageContext ctx = new StageContext(spark, runId, common.input().idColumn(), common.input().textColumn());
    String checkpoints = new org.apache.hadoop.fs.Path(writer.root(), "_staging/" + runId + "/checkpoints").toString();
    boolean ownCheckpoints = spark.sparkContext().getCheckpointDir().isEmpty();
    RunLogContext logContext = new RunLogContext(spark, job.name(), runId);
    java.util.Set<String> codes = new java.util.TreeSet<>(dev.sieve.transforms.core.ReasonCodes.all().keySet());
    stages.forEach(s -> codes.addAll(s.reasonCodes()));
    SieveMetricsSource live = SieveMetricsSource.register(spark, metrics, codes);
    try {
      if (ownCheckpoints) {
        // Iterative stages (connected components) cut their lineage with reliable checkpoints here.
        spark.sparkContext().setCheckpointDir(checkpoints);
      }
      LOG.info("[{}] run {}: reading {}", job.name(), runId, common.input().path());
      Phase read = phase(phases, job, runId, "read", "read and check the input");
      InputReader.Input input = InputReader.read(spark, common.input(), job.contentKind());
      read.end();
      report.put("input", Map.of("path", common.input().path(), "format", input.format().name().toLowerCase(),
          "columns", input.userColumns()));

      checkColumnClashes(input.userColumns(), stages);
      Dataset<Row> frame = input.frame();
      for (Stage stage : stages) {
        // Most stages only build a plan here; iterative ones (near dedup's clustering) run their jobs now.
        Phase p = phase(phases, job, runId, "stage_" + stage.name(), "prepare " + stage.description());
        frame = stage.apply(frame, ctx);
        p.end();
      }
      verdicts = common.run().persist() == null ? frame : frame.persist(common.run().persist());

      Long inputCount = null;
      if (common.run().verifyInputCount()) {
        Phase p = phase(phases, job, runId, "count_input", "count input records (independent of the stages)");
        inputCount = input.recordCount().getAsLong();
        p.end();
        LOG.info("[{}] input records: {}", job.name(), inputCount);
      }

      Phase decide = phase(phases, job, runId, "decide",
          "apply the stages and count verdicts: " + describe(stages));
      List<Row> counts = verdicts.groupBy(col(Frame.STAGE), col(Frame.REASON)).count().collectAsList();
      decide.end();
      if (common.run().persist() != null) {
        // The verdicts are cached now; the stages' intermediates are no longer needed.
        ctx.release();
      }
      VerdictCounts vc = VerdictCounts.of(counts);
      LOG.info("[{}] verdicts: {} kept, {} rejected {}", job.name(), vc.kept, vc.rejected, vc.byReason);
      live.counts(inputCount != null ? inputCount : vc.kept + vc.rejected, vc.kept, vc.rejected, vc.byReason);
      if (inputCount != null && inputCount != vc.kept + vc.rejected) {
        throw new IllegalStateException("record count invariant violated before writing: input has " + inputCount
            + " records but the stages decided " + (vc.kept + vc.rejected) + " (" + vc.kept + " kept + "
            + vc.rejected + " rejected); a stage lost or duplicated rows. Nothing was written.");
      }

      Phase wk = phase(phases, job, runId, "write_kept", "write kept documents to " + writer.tablePath(KEPT));
      OutputWriter.Written kept = writer.write(KEPT, keptView(verdicts, stages));
      wk.end();
      Phase wr = phase(phases, job, runId, "write_rejected",
          "write rejected records to " + writer.tablePath(REJECTED));
      OutputWriter.Written rejected = writer.write(REJECTED, rejectedView(verdicts, stages));
      wr.end();

      Map<String, Object> sideTables = new LinkedHashMap<>();
      for (Stage stage : stages) {
        for (Map.Entry<String, java.util.function.UnaryOperator<Dataset<Row>>> side
            : stage.sideOutputs(ctx).entrySet()) {
          Phase ws = phase(phases, job, runId, "write_" + side.getKey(),
              "write " + side.getKey() + " to " + writer.tablePath(side.getKey()));
          sideTables.put(side.getKey(), tableInfo(writer.write(side.getKey(), side.getValue().apply(verdicts))));
          ws.end();
        }
      }

      if (kept.records() != vc.kept || rejected.records() != vc.rejected) {
        throw new IllegalStateException("record count invariant violated after writing: decided " + vc.kept
            + " kept + " + vc.rejected + " rejected, but wrote " + kept.records() + " kept + " + rejected.records()
            + " rejected");
      }
      writer.commit();

      report.put("distributions", distributions(stages, verdicts, ctx, common, phases, job, runId));
      long input_records = inputCount != null ? inputCount : vc.kept + vc.rejected;
      if (input_records == 0) {
        LOG.warn("[{}] the input holds no records (only empty files?): {}", job.name(), common.input().path());
      }
      double duration = (System.nanoTime() - t0) / 1e9;
      report.put("status", "succeeded");
      report.put("finished_at", Instant.now().toString());
      report.put("duration_s", round(duration));
      report.put("input_records", input_records);
      report.put("input_count_verified", inputCount != null);
      report.put("kept_records", kept.records());
      report.put("rejected_records", rejected.records());
      report.put("rejected_by_reason", vc.byReason);
      report.put("reason_descriptions", describeReasons(vc, stages));
      report.put("stages", stageReport(stages, vc, input_records, ctx.timerTotals()));
      report.put("phases", phases);
      Map<String, Object> output = new LinkedHashMap<>();
      output.put("path", common.output().path());
      output.put("format", common.output().format().name().toLowerCase());
      output.put("kept", tableInfo(kept));
      output.put("rejected", tableInfo(rejected));
      output.putAll(sideTables);
      report.put("output", output);
      report.put("spark_metrics", metrics.snapshot());
      String json = toJson(report);
      String html = ReportHtml.render(report);
      writer.writeText("_runs/" + runId + "/report.json", json);
      writer.writeText("_runs/" + runId + "/report.html", html);
      writer.writeText("report.json", json);
      writer.writeText("report.html", html);
      RunsTable.append(spark, writer.root().toString(), report);
      String reportPath = new org.apache.hadoop.fs.Path(writer.root(), "report.json").toString();
      live.finished(true);
      LOG.info("[{}] run {} succeeded in {}s: {} in = {} kept + {} rejected; report {}", job.name(), runId,
          round(duration), input_records, kept.records(), rejected.records(), reportPath);
      return new RunReport(job.name(), runId, common.output().path(), reportPath, input_records, kept.records(),
          rejected.records(), vc.byReason, duration);
    } catch (Exception e) {
      live.finished(false);
      writer.abort();
      report.put("status", "failed");
      report.put("finished_at", Instant.now().toString());
      report.put("duration_s", round((System.nanoTime() - t0) / 1e9));
      report.put("error", String.valueOf(e.getMessage()));
      report.put("tables_replaced", writer.committed());
      report.put("phases", phases);
      report.put("spark_metrics", metrics.snapshot());
      try {
        writer.writeText("_runs/" + runId + "/report.json", toJson(report));
        writer.writeText("_runs/" + runId + "/report.html", ReportHtml.render(report));
        RunsTable.append(spark, writer.root().toString(), report);
      } catch (Exception ignored) {
        LOG.warn("could not write the failure report: {}", ignored.getMessage());
      }
      if (e instanceof RuntimeException && e.getClass().getName().startsWith("dev.sieve.jobs.config")) {
        throw (RuntimeException) e;
      }
      List<String> replaced = writer.committed();
      String state = replaced.isEmpty()
          ? "the previous output at " + common.output().path() + " is unchanged"
          : "already replaced by this run: " + String.join(", ", replaced) + " (Delta versions in _runs/" + runId
              + "/report.json); every other table and report.json are the previous run's";
      throw new JobFailure(job.name() + " run " + runId + " failed: " + e.getMessage() + " (" + state + ")", e);
    } finally {
      if (verdicts != null && common.run().persist() != null) {
        verdicts.unpersist(false);
      }
      ctx.release();
      if (ownCheckpoints) {
        writer.deleteQuietly(new org.apache.hadoop.fs.Path(checkpoints));
      }
      spark.sparkContext().removeSparkListener(metrics);
      spark.sparkContext().clearJobGroup();
      logContext.close();
    }
  }

  /**
   * The stages' histograms for the report, from the persisted verdict frame (a few small aggregations). Skipped when
   * nothing is persisted ({@code run.persist = NONE}): recomputing the pipeline for a chart is not worth it. A
   * failure here is logged and leaves the run's result alone.
   */
  private List<Map<String, Object>> distributions(List<Stage> stages, Dataset<Row> verdicts, StageContext ctx,
      CommonSettings common, List<Map<String, Object>> phases, SieveJob job, String runId) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (verdicts == null || common.run().persist() == null) {
      return out;
    }
    Phase p = phase(phases, job, runId, "report", "summarize the results for report.html");
    for (Stage s : stages) {
      try {
        for (dev.sieve.transforms.spark.Distribution d : s.distributions(verdicts, ctx)) {
          out.add(d.toMap());
        }
      } catch (RuntimeException e) {
        LOG.warn("[{}] no report distributions from stage {}: {}", job.name(), s.name(), e.getMessage());
      }
    }
    p.end();
    return out;
  }

  /** Kept rows: the input's columns and what stages added, without internal or reject-only columns. */
  static Dataset<Row> keptView(Dataset<Row> verdicts, List<Stage> stages) {
    Set<String> drop = new LinkedHashSet<>();
    for (Stage s : stages) {
      drop.addAll(s.rejectOnlyColumns());
    }
    List<Column> cols = new ArrayList<>();
    for (String c : verdicts.columns()) {
      if (!Frame.isInternal(c) && !drop.contains(c)) {
        cols.add(col(c));
      }
    }
    return verdicts.filter(Frame.alive()).select(cols.toArray(new Column[0]));
  }

  /** Rejected rows: the input's columns, what stages added, then the reason, detail, stage, raw record, source. */
  static Dataset<Row> rejectedView(Dataset<Row> verdicts, List<Stage> stages) {
    Set<String> drop = new LinkedHashSet<>();
    for (Stage s : stages) {
      drop.addAll(s.keptOnlyColumns());
    }
    List<Column> cols = new ArrayList<>();
    for (String c : verdicts.columns()) {
      if (!Frame.isInternal(c) && !drop.contains(c)) {
        cols.add(col(c));
      }
    }
    cols.add(col(Frame.REASON).as(REJECT_REASON));
    cols.add(col(Frame.DETAIL).as(REJECT_DETAIL));
    cols.add(col(Frame.STAGE).as(REJECT_STAGE));
    cols.add(col(Frame.RAW).as(RAW_RECORD));
    cols.add(col(Frame.SOURCE).as(SOURCE_FILE));
    return verdicts.filter(col(Frame.REASON).isNotNull()).select(cols.toArray(new Column[0]));
  }

  private static String describe(List<Stage> stages) {
    List<String> d = new ArrayList<>();
    for (Stage s : stages) {
      d.add(s.description());
    }
    return String.join("; ", d);
  }

  private static Map<String, Object> tableInfo(OutputWriter.Written w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", w.path());
    m.put("records", w.records());
    if (w.deltaVersion() != null) {
      m.put("delta_version", w.deltaVersion());
    }
    return m;
  }

  /**
   * The meaning of each reason code in the run: the registry's, or for a stage's own codes (a quality filter's
   * datatrove checks, for example) which stage emitted it and what that stage does.
   */
  private static Map<String, String> describeReasons(VerdictCounts vc, List<Stage> stages) {
    Map<String, String> out = new TreeMap<>();
    for (String c : vc.byReason.keySet()) {
      if (ReasonCodes.all().containsKey(c)) {
        out.put(c, ReasonCodes.describe(c));
        continue;
      }
      String meaning = "(no description)";
      for (Stage s : stages) {
        if (vc.byStage.getOrDefault(s.name(), Map.of()).containsKey(c)) {
          meaning = "check '" + c + "' of stage " + s.name() + " failed: " + s.description();
          break;
        }
      }
      out.put(c, meaning);
    }
    return out;
  }


  private static List<Map<String, Object>> stageReport(
      List<Stage> stages, VerdictCounts vc, long inputRecords, Map<String, Long> timers) {
    List<Map<String, Object>> out = new ArrayList<>();
    long alive = inputRecords;
    List<String> names = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    names.add(InputReader.STAGE);
    descriptions.add("read and check the input records");
    for (Stage s : stages) {
      names.add(s.name());
      descriptions.add(s.description());
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Map<String, Long> byReason = vc.byStage.getOrDefault(name, Map.of());
      long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("description", descriptions.get(i));
      m.put("input_records", alive);
      m.put("rejected_records", rejected);
      m.put("output_records", alive - rejected);
      m.put("rejected_by_reason", new TreeMap<>(byReason));
      if (timers.containsKey(name)) {
        m.put("record_cpu_s", round(timers.get(name) / 1e9));
      }
      if (i > 0) {
        m.putAll(stages.get(i - 1).reportInfo());
      }
      out.add(m);
      alive -= rejected;
    }
    return out;
  }

  /**
   * Fails when an input column has the name of a column a stage adds (compared as Spark does, ignoring case): the
   * stage's value would silently replace the user's.
   */
  static void checkColumnClashes(List<String> inputColumns, List<Stage> stages) {
    for (Stage s : stages) {
      for (String added : s.addedColumns()) {
        for (String c : inputColumns) {
          if (c.equalsIgnoreCase(added)) {
            throw new IllegalArgumentException("the input has a column '" + c + "', and stage " + s.name()
                + " adds a column of that name, which would replace it; rename or drop that input column (for JSONL,"
                + " an input.schema without it leaves it out)");
          }
        }
      }
    }
  }

  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static String toJson(Map<String, Object> report) throws IOException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
  }

  static String version() {
    String v = JobRunner.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private Phase phase(List<Map<String, Object>> phases, SieveJob job, String runId, String name, String what) {
    spark.sparkContext().setJobGroup("sieve-" + job.name() + "-" + runId, job.name() + " › " + what, false);
    spark.sparkContext().setJobDescription(job.name() + " › " + what);
    LOG.info("[{}] {} …", job.name(), what);
    return new Phase(phases, name, what);
  }

  /** Wall-clock timing of one runner phase. */
  private static final class Phase {
    private final List<Map<String, Object>> sink;
    private final String name;
    private final String description;
    private final long start = System.nanoTime();

    Phase(List<Map<String, Object>> sink, String name, String description) {
      this.sink = sink;
      this.name = name;
      this.description = description;
    }

    void end() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("description", description);
      m.put("wall_s", round((System.nanoTime() - start) / 1e9));
      sink.add(m);
    }
  }

  /** The verdict aggregation, indexed. */
  static final class VerdictCounts {
    long kept;
    long rejected;
    final Map<String, Long> byReason = new TreeMap<>();
    final Map<String, Map<String, Long>> byStage = new LinkedHashMap<>();

    static VerdictCounts of(List<Row> rows) {
      VerdictCounts vc = new VerdictCounts();
      for (Row r : rows) {
        String stage = r.getString(0);
        String reason = r.getString(1);
        long n = r.getLong(2);
        if (reason == null) {
          vc.kept += n;
        } else {
          vc.rejected += n;
          vc.byReason.merge(reason, n, Long::sum);
          vc.byStage.computeIfAbsent(stage, k -> new TreeMap<>()).merge(reason, n, Long::sum);
        }
      }
      return vc;
    }
  }
}
