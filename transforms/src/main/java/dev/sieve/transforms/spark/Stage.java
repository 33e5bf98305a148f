package dev.sieve.transforms.spark;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One step of a job's pipeline over the canonical {@link Frame}: it may add columns and reject alive rows with a
 * reason code, and never removes a row. Stages are lazy: {@link #apply} only builds the plan.
 */
public interface Stage {

  /** Short stable name, used in reports ({@code reject_stage}) and in Spark job descriptions. */
  String name();

  /** What the stage does, in a sentence, for the report and the Spark UI. */
  String description();

  /** The reason codes this stage can emit. */
  List<String> reasonCodes();

  /**
   * Every column this stage adds to the frame. An input column of the same name would be replaced, so the job
   * runner refuses such input before anything runs.
   */
  default List<String> addedColumns() {
    return List.of();
  }

  /** Columns this stage adds that only make sense on rejected rows (dropped from the kept output). */
  default List<String> rejectOnlyColumns() {
    return List.of();
  }

  /** Columns this stage adds that only make sense on kept rows (dropped from the rejected output). */
  default List<String> keptOnlyColumns() {
    return List.of();
  }

  /**
   * Extra tables this stage contributes, by name (written to {@code <output>/<name>}), each derived from the final
   * verdict frame.
   */
  default Map<String, UnaryOperator<Dataset<Row>>> sideOutputs(StageContext context) {
    return Map.of();
  }

  /** Static facts about the stage's settings for the report (for example an LSH S-curve). */
  default Map<String, Object> reportInfo() {
    return Map.of();
  }

  /**
   * Histograms for the run report ({@code report.html}), computed from the final verdict frame: a few small
   * aggregations, run after the output is written.
   */
  default List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    return List.of();
  }

  Dataset<Row> apply(Dataset<Row> frame, StageContext context);
}
