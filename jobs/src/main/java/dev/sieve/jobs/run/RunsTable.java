package dev.sieve.jobs.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run history: a Delta table {@code <output>/runs} with one row per run, succeeded or failed, appended when the
 * run ends, so past runs can be queried ({@code SELECT * FROM delta.`<output>/runs` ORDER BY started_at}) next to
 * the report files under {@code _runs/}. Appending a row is a Delta commit of its own, so it never touches the
 * output tables; a failure to append is logged, not raised.
 */
public final class RunsTable {
  private static final Logger LOG = LoggerFactory.getLogger(RunsTable.class);
  public static final String NAME = "runs";

  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("started_at", DataTypes.StringType, true)
      .add("finished_at", DataTypes.StringType, true)
      .add("duration_s", DataTypes.DoubleType, true)
      .add("input_path", DataTypes.StringType, true)
      .add("output_path", DataTypes.StringType, true)
      .add("input_records", DataTypes.LongType, true)
      .add("kept_records", DataTypes.LongType, true)
      .add("rejected_records", DataTypes.LongType, true)
      .add("rejected_by_reason", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
      .add("error", DataTypes.StringType, true)
      .add("report", DataTypes.StringType, true);

  private RunsTable() {}

  /** Appends the run described by {@code report} to {@code <outputRoot>/runs}. */
  @SuppressWarnings("unchecked")
  public static void append(SparkSession spark, String outputRoot, Map<String, Object> report) {
    try {
      Map<String, Long> reasons = new LinkedHashMap<>();
      Object byReason = report.get("rejected_by_reason");
      if (byReason instanceof Map) {
        ((Map<String, Object>) byReason).forEach((k, v) -> reasons.put(k, ((Number) v).longValue()));
      }
      Map<String, Object> input = report.get("input") instanceof Map ? (Map<String, Object>) report.get("input")
          : Map.of();
      String runId = String.valueOf(report.get("run_id"));
      Row row = RowFactory.create(runId, String.valueOf(report.get("job")), String.valueOf(report.get("status")),
          str(report.get("started_at")), str(report.get("finished_at")), dbl(report.get("duration_s")),
          str(input.get("path")), outputRoot, lng(report.get("input_records")), lng(report.get("kept_records")),
          lng(report.get("rejected_records")), reasons,
          str(report.get("error")), "_runs/" + runId + "/report.json");
      String previous = spark.sparkContext().getLocalProperty("spark.job.description");
      spark.sparkContext().setJobDescription("record the run in " + NAME);
      spark.createDataFrame(List.of(row), SCHEMA).coalesce(1).write().format("delta").mode("append")
          .save(new org.apache.hadoop.fs.Path(outputRoot, NAME).toString());
      spark.sparkContext().setJobDescription(previous);
    } catch (RuntimeException e) {
      LOG.warn("could not append to the runs table at {}/{}: {}", outputRoot, NAME, e.getMessage());
    }
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static Double dbl(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  private static Long lng(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }
}
