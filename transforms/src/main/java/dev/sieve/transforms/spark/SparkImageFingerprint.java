package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.media.BoundedMap;
import dev.sieve.transforms.media.HadoopConf;
import dev.sieve.transforms.media.HadoopRangeSource;
import dev.sieve.transforms.media.ImageFingerprinter;
import dev.sieve.transforms.media.UriPolicy;
import dev.sieve.transforms.media.image.PerceptualHash;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the whole object of every probed, still-kept image once and records its fingerprint in the {@code probe}
 * column: {@code sha256} (hex), {@code dhash} and {@code phash} (16 hex digits each), {@code phash_skipped} (why an
 * image has no perceptual hash: a format nothing decodes, or an object over the decode limit) and {@code
 * hash_bytes_read}. An object that does not decode is rejected as {@code corrupt_media}, one that vanished since the
 * listing as {@code missing_object}, a read error or missed deadline as {@code probe_failed}.
 *
 * <p>Runs in one {@code mapPartitions}, no shuffle. Objects are read with positioned reads through the Hadoop
 * FileSystem, up to {@code concurrency} per task ({@link BoundedMap}; rows keep their order) with a deadline each;
 * the URI is resolved by the same {@link UriPolicy} the probe used, so nothing outside the allowed prefixes is read.
 * Memory per task: at most {@code concurrency} objects of up to the decode limit, plus the small decoded rasters.
 * What it reads is the whole object (that is what a digest or a decode needs), so this stage is optional and runs
 * after every cheaper check.
 */
public final class SparkImageFingerprint implements Stage {
  public static final String NAME = "fingerprint";
  private static final String FP = "_fingerprint";

  static final StructType FP_TYPE = new StructType()
      .add("sha256", DataTypes.StringType, true)
      .add("dhash", DataTypes.StringType, true)
      .add("phash", DataTypes.StringType, true)
      .add("phash_skipped", DataTypes.StringType, true)
      .add("bytes_read", DataTypes.LongType, true)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true);

  /** What to compute and how to read: the policy, the fingerprinter, reads in flight per task and the deadline. */
  public record Settings(UriPolicy policy, ImageFingerprinter fingerprinter, int concurrency, long timeoutMillis)
      implements Serializable {
    public Settings {
      Preconditions.checkNotNull(policy, "policy");
      Preconditions.checkNotNull(fingerprinter, "fingerprinter");
      Preconditions.checkArgument(concurrency >= 1, "concurrency must be >= 1, got %s", concurrency);
      Preconditions.checkArgument(timeoutMillis >= 1, "timeout must be >= 1 ms, got %s", timeoutMillis);
    }
  }

  private final Settings settings;

  public SparkImageFingerprint(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
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
    ImageFingerprinter.Settings s = settings.fingerprinter().settings();
    String what = s.sha256() && s.perceptual() ? "SHA-256, dHash and pHash"
        : s.sha256() ? "SHA-256" : "dHash and pHash";
    return "read each remaining object whole and compute its " + what + " (" + settings.concurrency()
        + " reads in flight per task)";
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.CORRUPT_MEDIA, ReasonCodes.MISSING_OBJECT, ReasonCodes.PROBE_FAILED);
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    return List.of(Distribution.topValues("phash_skipped", "images without a perceptual hash, by cause",
        verdicts.where(col(SparkMediaProbe.PROBE + ".phash_skipped").isNotNull()),
        col(SparkMediaProbe.PROBE + ".phash_skipped"), 8));
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext context) {
    HadoopConf conf = new HadoopConf(context.spark().sparkContext().hadoopConfiguration());
    StructType in = frame.schema();
    StructType out = in.add(FP, FP_TYPE, true);
    Dataset<Row> f = frame.mapPartitions(new Fingerprint(settings, conf, in, context.textColumn()),
        Encoders.row(out));
    f = Frame.rejectWith(f, col(FP + ".reason"), NAME, col(FP + ".detail"));
    // A row that was not fingerprinted has a null _fingerprint, so its new fields are null; a null probe stays null.
    f = f.withColumn(SparkMediaProbe.PROBE, col(SparkMediaProbe.PROBE)
        .withField("sha256", col(FP + ".sha256"))
        .withField("dhash", col(FP + ".dhash"))
        .withField("phash", col(FP + ".phash"))
        .withField("phash_skipped", col(FP + ".phash_skipped"))
        .withField("hash_bytes_read", col(FP + ".bytes_read")));
    // Later stages (dedup) read this frame several times; keep it rather than read every object again.
    return context.persist(f.drop(FP));
  }

  /** The fingerprint step over one partition. */
  private static final class Fingerprint implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final HadoopConf conf;
    private final int reasonIndex;
    private final int uriIndex;
    private final int probeIndex;
    private final int width;

    Fingerprint(Settings settings, HadoopConf conf, StructType in, String uriColumn) {
      this.settings = settings;
      this.conf = conf;
      this.reasonIndex = in.fieldIndex(Frame.REASON);
      this.uriIndex = in.fieldIndex(uriColumn);
      this.probeIndex = in.fieldIndex(SparkMediaProbe.PROBE);
      this.width = in.size();
    }

    private Row fingerprint(Row row) {
      if (!row.isNullAt(reasonIndex) || row.isNullAt(probeIndex)) {
        return null;
      }
      Row probe = row.getStruct(probeIndex);
      String format = probe.getString(probe.fieldIndex("format"));
      long size = probe.getLong(probe.fieldIndex("bytes"));
      UriPolicy.Decision d = settings.policy().check(row.getString(uriIndex));
      if (!d.allowed()) {
        // The probe let it through, so this cannot happen unless the policy changed; refuse rather than read.
        return failure(ReasonCodes.PROBE_FAILED, "the URI is no longer allowed: " + d.detail());
      }
      Path path = new Path(d.uri());
      HadoopRangeSource source = null;
      try {
        FileSystem fs = path.getFileSystem(conf.get());
        source = new HadoopRangeSource(fs, path, size, ImageFingerprinter.BLOCK);
        ImageFingerprinter.Result r = settings.fingerprinter().fingerprint(source, format);
        return RowFactory.create(r.sha256(), r.dhash() == null ? null : PerceptualHash.hex(r.dhash()),
            r.phash() == null ? null : PerceptualHash.hex(r.phash()), r.skipped(), source.bytesRead(), r.reason(),
            r.detail());
      } catch (FileNotFoundException e) {
        return failure(ReasonCodes.MISSING_OBJECT, "the object vanished after it was probed: " + d.uri());
      } catch (IOException | RuntimeException e) {
        return failure(ReasonCodes.PROBE_FAILED, SparkMediaProbe.describe(e));
      } finally {
        if (source != null) {
          try {
            source.close();
          } catch (IOException ignored) {
            // a read-only stream; nothing to lose
          }
        }
      }
    }

    private static Row failure(String reason, String detail) {
      return RowFactory.create(null, null, null, null, null, reason, detail);
    }

    private Row with(Row row, Row fp) {
      Object[] values = new Object[width + 1];
      for (int i = 0; i < width; i++) {
        values[i] = row.get(i);
      }
      values[width] = fp;
      return RowFactory.create(values);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      long timeout = settings.timeoutMillis();
      return SparkMediaProbe.inTask(new BoundedMap<>(rows, settings.concurrency(), timeout,
          row -> with(row, fingerprint(row)),
          (row, e) -> with(row, failure(ReasonCodes.PROBE_FAILED, e instanceof TimeoutException
              ? "not read within " + timeout + " ms" : SparkMediaProbe.describe(e)))));
    }
  }
}
