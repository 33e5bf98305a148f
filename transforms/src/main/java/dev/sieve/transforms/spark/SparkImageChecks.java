package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.media.ImageChecks;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies {@link ImageChecks} to the probed rows of an image manifest: one UDF over the probe and the declared
 * columns, no shuffle. The manifest's declared columns are named in {@link Columns}; an empty name, or a name the
 * input does not have, means the manifest does not declare that field ({@link #undeclared} lists which).
 */
public final class SparkImageChecks implements Stage {
  public static final String NAME = "image_checks";

  /** The manifest's columns for the declared fields and the caption; empty = not in the manifest. */
  public record Columns(String format, String width, String height, String bytes, String caption)
      implements Serializable {}

  private final ImageChecks checks;
  private final Columns columns;

  public SparkImageChecks(ImageChecks checks, Columns columns) {
    this.checks = Preconditions.checkNotNull(checks, "checks");
    this.columns = Preconditions.checkNotNull(columns, "columns");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "filter probed images by format, bytes, size, aspect ratio, declared metadata and caption";
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.FORMAT_NOT_ALLOWED, ReasonCodes.BYTES_OUT_OF_RANGE, ReasonCodes.TOO_SMALL,
        ReasonCodes.ASPECT_RATIO, ReasonCodes.DECLARED_MISMATCH, ReasonCodes.BAD_CAPTION);
  }

  /** A declared column cast to {@code type}, or a null literal when the manifest has none. */
  static Column declared(Dataset<Row> frame, String name, DataType type) {
    if (name == null || name.isEmpty()) {
      return lit(null).cast(type);
    }
    if (!Arrays.asList(frame.columns()).contains(name)) {
      return lit(null).cast(type);
    }
    return col(name).cast(type);
  }

  /** The declared fields whose column is unnamed or not in {@code columns} (not checked). */
  public List<String> undeclared(List<String> inputColumns) {
    List<String> out = new java.util.ArrayList<>();
    String[][] fields = {{"format", columns.format()}, {"width", columns.width()}, {"height", columns.height()},
        {"bytes", columns.bytes()}, {"caption", columns.caption()}};
    for (String[] f : fields) {
      if (f[1] == null || f[1].isEmpty() || !inputColumns.contains(f[1])) {
        out.add(f[0]);
      }
    }
    return out;
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext context) {
    ImageChecks c = checks;
    boolean captionPresent = !undeclared(Arrays.asList(frame.columns())).contains("caption");
    Column args = struct(
        SparkMediaProbe.probe("format").as("format"), SparkMediaProbe.probe("width").as("width"),
        SparkMediaProbe.probe("height").as("height"), SparkMediaProbe.probe("bytes").as("bytes"),
        declared(frame, columns.format(), DataTypes.StringType).as("d_format"),
        declared(frame, columns.width(), DataTypes.LongType).as("d_width"),
        declared(frame, columns.height(), DataTypes.LongType).as("d_height"),
        declared(frame, columns.bytes(), DataTypes.LongType).as("d_bytes"),
        declared(frame, columns.caption(), DataTypes.StringType).as("caption"));
    UDF1<Row, Row> check = r -> {
      Verdict v = c.check(r.getString(0), r.isNullAt(1) ? 0 : r.getInt(1), r.isNullAt(2) ? 0 : r.getInt(2),
          r.getLong(3), new ImageChecks.Declared(r.getString(4), r.isNullAt(5) ? null : r.getLong(5),
              r.isNullAt(6) ? null : r.getLong(6), r.isNullAt(7) ? null : r.getLong(7)),
          captionPresent, r.getString(8));
      return v.kept() ? null : RowFactory.create(v.reason(), v.detail());
    };
    StructType verdict = new StructType().add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);
    Dataset<Row> f = frame.withColumn("_image_verdict",
        when(Frame.alive().and(SparkMediaProbe.probe("format").isNotNull()), udf(check, verdict).apply(args)));
    f = Frame.rejectWith(f, col("_image_verdict.reason"), NAME, col("_image_verdict.detail"));
    return f.drop("_image_verdict");
  }
}
