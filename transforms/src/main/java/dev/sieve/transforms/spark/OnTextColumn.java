package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.lit;

import dev.sieve.transforms.core.Preconditions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Runs a text stage over another column than the job's text column: a media manifest's transcript or caption
 * through the text near-dedup, for example. Everything else is the wrapped stage's. When the input has no such
 * column the stage sees it as null on every row (text stages treat null text as empty: nothing is compared, nothing
 * rejected), and the column is not added to the output.
 */
public final class OnTextColumn implements Stage {
  private final Stage stage;
  private final String column;

  public OnTextColumn(Stage stage, String column) {
    this.stage = Preconditions.checkNotNull(stage, "stage");
    Preconditions.checkArgument(column != null && !column.isEmpty(), "column must be named, got '%s'", column);
    this.column = column;
  }

  /** The column the wrapped stage reads as its text. */
  public String column() {
    return column;
  }

  @Override
  public String name() {
    return stage.name();
  }

  @Override
  public String description() {
    return stage.description() + " (over column " + column + ")";
  }

  @Override
  public List<String> reasonCodes() {
    return stage.reasonCodes();
  }

  @Override
  public List<String> addedColumns() {
    return stage.addedColumns();
  }

  @Override
  public List<String> rejectOnlyColumns() {
    return stage.rejectOnlyColumns();
  }

  @Override
  public List<String> keptOnlyColumns() {
    return stage.keptOnlyColumns();
  }

  @Override
  public Map<String, UnaryOperator<Dataset<Row>>> sideOutputs(StageContext context) {
    return stage.sideOutputs(context.withTextColumn(column));
  }

  @Override
  public Map<String, Object> reportInfo() {
    return stage.reportInfo();
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    if (!Arrays.asList(verdicts.columns()).contains(column)) {
      return List.of();
    }
    return stage.distributions(verdicts, context.withTextColumn(column));
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext context) {
    if (Arrays.asList(frame.columns()).contains(column)) {
      return stage.apply(frame, context.withTextColumn(column));
    }
    Dataset<Row> out = stage.apply(frame.withColumn(column, lit(null).cast(DataTypes.StringType)),
        context.withTextColumn(column));
    return out.drop(column);
  }
}
