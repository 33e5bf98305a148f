package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.media.AvChecks;
import dev.sieve.transforms.media.av.AvInfo;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies {@link AvChecks} to the probed rows of an audio or video manifest: one UDF over the probe struct (written
 * by {@link SparkMediaProbe} with a timed prober) and the declared columns, no shuffle. A declared column with an
 * empty name, or one the input does not have, is not compared ({@link #undeclared} lists which).
 */
public final class SparkAvChecks implements Stage {
  public static final String NAME = "av_checks";

  /** The manifest's columns for the declared fields and the caption / transcript; empty = not in the manifest. */
  public record Columns(String format, String duration, String width, String height, String sampleRate,
      String channels, String bytes, String caption) implements Serializable {}

  private final AvChecks checks;
  private final Columns columns;
  private final String kind;

  /**
   * @param kind what the manifest holds, for descriptions ("audio" or "video")
   */
  public SparkAvChecks(AvChecks checks, Columns columns, String kind) {
    this.checks = Preconditions.checkNotNull(checks, "checks");
    this.columns = Preconditions.checkNotNull(columns, "columns");
    this.kind = Preconditions.checkNotNull(kind, "kind");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "filter probed " + kind + " by container, streams, codecs, duration, sample rate, channels, "
        + ("video".equals(kind) ? "resolution, aspect ratio, frame rate, " : "")
        + "bit rate, declared metadata and caption";
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.FORMAT_NOT_ALLOWED, ReasonCodes.BYTES_OUT_OF_RANGE, ReasonCodes.NO_VIDEO_STREAM,
        ReasonCodes.NO_AUDIO_STREAM, ReasonCodes.CODEC_NOT_ALLOWED, ReasonCodes.DURATION_OUT_OF_RANGE,
        ReasonCodes.LOW_SAMPLE_RATE, ReasonCodes.CHANNELS_OUT_OF_RANGE, ReasonCodes.RESOLUTION,
        ReasonCodes.ASPECT_RATIO, ReasonCodes.FPS_OUT_OF_RANGE, ReasonCodes.BITRATE_OUT_OF_RANGE,
        ReasonCodes.DECLARED_MISMATCH, ReasonCodes.BAD_CAPTION, ReasonCodes.LANGUAGE_NOT_ALLOWED);
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    Dataset<Row> probed = verdicts.where(SparkMediaProbe.probe("format").isNotNull());
    List<Distribution> out = new ArrayList<>();
    out.add(Distribution.buckets("av_durations", kind + " durations (objects)", probed,
        SparkMediaProbe.probe("duration"), new double[] {0, 1, 5, 30, 120, 600, 3600},
        new String[] {"< 1 s", "1-5 s", "5-30 s", "30 s-2 min", "2-10 min", "10-60 min", "1 h+"}));
    out.add(Distribution.topValues("av_audio_codecs", "audio codecs (objects)", probed,
        SparkMediaProbe.probe("audio_codec"), 12));
    if ("video".equals(kind)) {
      out.add(Distribution.topValues("av_video_codecs", "video codecs (objects)", probed,
          SparkMediaProbe.probe("video_codec"), 12));
    } else {
      out.add(Distribution.topValues("av_sample_rates", "sample rates (objects)", probed,
          SparkMediaProbe.probe("sample_rate").cast(DataTypes.StringType), 12));
    }
    return out;
  }

  /** The declared fields whose column is unnamed or not in {@code inputColumns} (not checked). */
  public List<String> undeclared(List<String> inputColumns) {
    List<String> out = new ArrayList<>();
    String[][] fields = {{"format", columns.format()}, {"duration", columns.duration()}, {"width", columns.width()},
        {"height", columns.height()}, {"sample_rate", columns.sampleRate()}, {"channels", columns.channels()},
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
    AvChecks c = checks;
    boolean captionPresent = !undeclared(Arrays.asList(frame.columns())).contains("caption");
    Column args = struct(
        SparkMediaProbe.probe("format"), SparkMediaProbe.probe("duration"), SparkMediaProbe.probe("video_codec"),
        SparkMediaProbe.probe("width"), SparkMediaProbe.probe("height"), SparkMediaProbe.probe("fps"),
        SparkMediaProbe.probe("rotation"), SparkMediaProbe.probe("audio_codec"),
        SparkMediaProbe.probe("sample_rate"), SparkMediaProbe.probe("channels"), SparkMediaProbe.probe("bitrate"),
        SparkMediaProbe.probe("bytes"),
        SparkImageChecks.declared(frame, columns.format(), DataTypes.StringType),
        SparkImageChecks.declared(frame, columns.duration(), DataTypes.DoubleType),
        SparkImageChecks.declared(frame, columns.width(), DataTypes.LongType),
        SparkImageChecks.declared(frame, columns.height(), DataTypes.LongType),
        SparkImageChecks.declared(frame, columns.sampleRate(), DataTypes.LongType),
        SparkImageChecks.declared(frame, columns.channels(), DataTypes.LongType),
        SparkImageChecks.declared(frame, columns.bytes(), DataTypes.LongType),
        SparkImageChecks.declared(frame, columns.caption(), DataTypes.StringType));
    UDF1<Row, Row> check = r -> {
      AvInfo info = new AvInfo(r.getString(0), r.isNullAt(1) ? Double.NaN : r.getDouble(1), r.getString(2),
          intOr0(r, 3), intOr0(r, 4), r.isNullAt(5) ? Double.NaN : r.getDouble(5), intOr0(r, 6), r.getString(7),
          intOr0(r, 8), intOr0(r, 9), r.isNullAt(10) ? 0 : r.getLong(10));
      AvChecks.Declared d = new AvChecks.Declared(r.getString(12), r.isNullAt(13) ? null : r.getDouble(13),
          longOrNull(r, 14), longOrNull(r, 15), longOrNull(r, 16), longOrNull(r, 17), longOrNull(r, 18));
      Verdict v = c.check(info, r.getLong(11), d, captionPresent, r.getString(19));
      return v.kept() ? null : RowFactory.create(v.reason(), v.detail());
    };
    StructType verdict = new StructType().add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);
    Dataset<Row> f = frame.withColumn("_av_verdict",
        when(Frame.alive().and(SparkMediaProbe.probe("format").isNotNull()), udf(check, verdict).apply(args)));
    f = Frame.rejectWith(f, col("_av_verdict.reason"), NAME, col("_av_verdict.detail"));
    return f.drop("_av_verdict");
  }

  private static int intOr0(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getInt(i);
  }

  private static Long longOrNull(Row r, int i) {
    return r.isNullAt(i) ? null : r.getLong(i);
  }
}
