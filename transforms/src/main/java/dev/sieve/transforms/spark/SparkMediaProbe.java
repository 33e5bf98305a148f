package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.media.BoundedMap;
import dev.sieve.transforms.media.HadoopConf;
import dev.sieve.transforms.media.HadoopRangeSource;
import dev.sieve.transforms.media.MediaProber;
import dev.sieve.transforms.media.UriPolicy;
import dev.sieve.transforms.media.av.AvInfo;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks and probes the objects a media manifest names, for every manifest job (images, audio, video). Three
 * steps, each a reject-with-reason over the frame:
 *
 * <ol>
 *   <li><b>URI policy</b> (a UDF, no I/O): {@link UriPolicy} resolves and checks the URI; anything outside the
 *       allowed prefixes or malformed is {@code uri_not_allowed} and is never touched.
 *   <li><b>Listing</b>: existence and size come from listing, in bulk, each distinct folder the allowed URIs live in
 *       (one {@code listStatus} per folder, on the executors), joined to the rows; no metadata call per object.
 *       No listing entry is {@code missing_object}; 0 bytes is {@code empty_object}. The join shuffles the frame
 *       once; the listing is as large as the folders.
 *   <li><b>Probe</b> ({@code mapPartitions}): each remaining object's first {@code headBytes} are read with a
 *       positioned read, then the {@link MediaProber} may make a few targeted range reads. Up to
 *       {@code concurrency} objects per task are in flight ({@link BoundedMap}), each with a deadline; rows keep
 *       their order, so the output does not depend on timing. A probe's reason rejects the row; an object gone since
 *       the listing is {@code missing_object}; an I/O error or a missed deadline is {@code probe_failed}.
 * </ol>
 *
 * Kept and rejected rows gain {@code probe} (format, width, height, bytes, bytes_read, reads; for a
 * {@linkplain MediaProber#timed() timed} prober also duration, video_codec, fps, rotation, audio_codec, sample_rate,
 * channels, bitrate); {@code bytes_read} is what the job read of the object, for auditing that probing stayed
 * header-only.
 */
public final class SparkMediaProbe implements Stage {
  public static final String NAME = "probe";
  public static final String PROBE = "probe";
  static final String URI = "_media_uri";
  static final String SIZE = "_media_size";
  private static final String KEY = "_media_key";
  private static final String P_REASON = "_probe_reason";
  private static final String P_DETAIL = "_probe_detail";

  private static final StructType PROBE_TYPE = new StructType()
      .add("format", DataTypes.StringType, true)
      .add("width", DataTypes.IntegerType, true)
      .add("height", DataTypes.IntegerType, true)
      .add("bytes", DataTypes.LongType, true)
      .add("bytes_read", DataTypes.LongType, true)
      .add("reads", DataTypes.IntegerType, true);

  /** The probe struct of timed media: the image fields, then the first video and audio stream's. */
  private static final StructType TIMED_PROBE_TYPE = PROBE_TYPE
      .add("duration", DataTypes.DoubleType, true)
      .add("video_codec", DataTypes.StringType, true)
      .add("fps", DataTypes.DoubleType, true)
      .add("rotation", DataTypes.IntegerType, true)
      .add("audio_codec", DataTypes.StringType, true)
      .add("sample_rate", DataTypes.IntegerType, true)
      .add("channels", DataTypes.IntegerType, true)
      .add("bitrate", DataTypes.LongType, true);

  /** How to probe: the policy, the prober, per-task concurrency, per-object deadline and head size. */
  public record Settings(UriPolicy policy, MediaProber prober, int concurrency, long timeoutMillis, int headBytes)
      implements Serializable {
    public Settings {
      Preconditions.checkNotNull(policy, "policy");
      Preconditions.checkNotNull(prober, "prober");
      Preconditions.checkArgument(concurrency >= 1, "concurrency must be >= 1, got %s", concurrency);
      Preconditions.checkArgument(timeoutMillis >= 1, "timeout must be >= 1 ms, got %s", timeoutMillis);
      Preconditions.checkArgument(headBytes >= 64, "head bytes must be >= 64, got %s", headBytes);
    }
  }

  private final Settings settings;

  public SparkMediaProbe(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "check each URI against media.allowed_prefixes, list the folders the objects live in, and read each "
        + "object's header (" + settings.headBytes() + " bytes, then targeted range reads; " + settings.concurrency()
        + " reads in flight per task)";
  }

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.URI_NOT_ALLOWED, ReasonCodes.MISSING_OBJECT, ReasonCodes.EMPTY_OBJECT,
        ReasonCodes.CORRUPT_MEDIA, ReasonCodes.UNSUPPORTED_FORMAT, ReasonCodes.PIXEL_BOMB, ReasonCodes.PROBE_FAILED);
  }

  @Override
  public List<Distribution> distributions(Dataset<Row> verdicts, StageContext context) {
    Dataset<Row> probed = verdicts.where(col(PROBE).isNotNull());
    return List.of(
        Distribution.topValues("probe_formats", "probed formats (objects)", probed, col(PROBE + ".format"), 12),
        Distribution.buckets("probe_bytes_read", "bytes read per object", probed, col(PROBE + ".bytes_read"),
            new double[] {0, 1024, 4096, 16384, 65536, 65537, 262144},
            new String[] {"< 1 KiB", "1-4 KiB", "4-16 KiB", "16-64 KiB", "64 KiB", "64 KiB-256 KiB", "256 KiB+"}),
        Distribution.buckets("probe_sizes", "object sizes", probed, col(PROBE + ".bytes"),
            new double[] {0, 5_000, 50_000, 500_000, 5_000_000, 50_000_000},
            new String[] {"< 5 KB", "5-50 KB", "50-500 KB", "0.5-5 MB", "5-50 MB", "50 MB+"}));
  }

  @Override
  public List<String> addedColumns() {
    return List.of(PROBE);
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> frame, StageContext context) {
    UriPolicy policy = settings.policy();
    String uriColumn = context.textColumn();

    // 1. URI policy: a string check, before anything touches storage.
    UDF1<String, Row> check = raw -> {
      UriPolicy.Decision d = policy.check(raw);
      return RowFactory.create(d.uri(), d.allowed() ? null : d.detail());
    };
    StructType decision = new StructType().add("uri", DataTypes.StringType, true).add("detail", DataTypes.StringType,
        true);
    Dataset<Row> f = frame.withColumn("_decision",
        org.apache.spark.sql.functions.when(Frame.alive(), udf(check, decision).apply(col(uriColumn))));
    f = Frame.rejectWhere(f, col("_decision.detail").isNotNull(), NAME, ReasonCodes.URI_NOT_ALLOWED,
        col("_decision.detail"));
    f = f.withColumn(URI, org.apache.spark.sql.functions.when(Frame.alive(), col("_decision.uri"))).drop("_decision");
    UDF1<String, String> key = u -> u == null ? null : new Path(u).toString();
    f = f.withColumn(KEY, udf(key, DataTypes.StringType).apply(col(URI)));

    // 2. Listing: one listStatus per distinct folder, on the executors.
    HadoopConf conf = new HadoopConf(context.spark().sparkContext().hadoopConfiguration());
    UDF1<String, String> parent = k -> k == null ? null : k.substring(0, k.lastIndexOf('/') + 1);
    Dataset<Row> folders = f.filter(col(KEY).isNotNull())
        .select(udf(parent, DataTypes.StringType).apply(col(KEY)).as("folder"))
        .distinct();
    StructType listed = new StructType().add(KEY, DataTypes.StringType, false).add(SIZE, DataTypes.LongType, false);
    Dataset<Row> listing = folders.mapPartitions(new ListFolders(conf), Encoders.row(listed));
    context.spark().sparkContext().setJobDescription("probe: list the manifest's folders");
    f = f.join(listing, f.col(KEY).equalTo(listing.col(KEY)), "left_outer").drop(listing.col(KEY));
    f = Frame.rejectWhere(f, col(URI).isNotNull().and(col(SIZE).isNull()), NAME, ReasonCodes.MISSING_OBJECT,
        org.apache.spark.sql.functions.concat(lit("no object "), col(URI)));
    f = Frame.rejectWhere(f, col(SIZE).equalTo(0L), NAME, ReasonCodes.EMPTY_OBJECT, lit("the object has 0 bytes"));

    // 3. Probe the rest, concurrently within each task, in row order.
    StructType in = f.schema();
    StructType out = in.add(PROBE, settings.prober().timed() ? TIMED_PROBE_TYPE : PROBE_TYPE, true)
        .add(P_REASON, DataTypes.StringType, true)
        .add(P_DETAIL, DataTypes.StringType, true);
    f = f.mapPartitions(new Probe(settings, conf, in), Encoders.row(out));
    f = Frame.rejectWith(f, col(P_REASON), NAME, col(P_DETAIL));
    return f.drop(P_REASON, P_DETAIL, URI, SIZE, KEY);
  }

  /** Lists each folder (non-recursively): its files' qualified paths and sizes; a missing folder lists nothing. */
  private static final class ListFolders implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;

    ListFolders(HadoopConf conf) {
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> folders) throws IOException {
      List<Row> out = new ArrayList<>();
      while (folders.hasNext()) {
        Path folder = new Path(folders.next().getString(0));
        FileSystem fs = folder.getFileSystem(conf.get());
        FileStatus[] statuses;
        try {
          statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
          continue;
        }
        for (FileStatus s : statuses) {
          if (s.isFile()) {
            out.add(RowFactory.create(s.getPath().toString(), s.getLen()));
          }
        }
      }
      return out.iterator();
    }
  }

  /** The probe step over one partition. */
  private static final class Probe implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final HadoopConf conf;
    private final int reasonIndex;
    private final int uriIndex;
    private final int sizeIndex;
    private final int width;

    Probe(Settings settings, HadoopConf conf, StructType in) {
      this.settings = settings;
      this.conf = conf;
      this.reasonIndex = in.fieldIndex(Frame.REASON);
      this.uriIndex = in.fieldIndex(URI);
      this.sizeIndex = in.fieldIndex(SIZE);
      this.width = in.size();
    }

    /** The probe's three new values for a row: probe struct, reason, detail. */
    private Object[] probe(Row row) {
      if (!row.isNullAt(reasonIndex) || row.isNullAt(uriIndex) || row.isNullAt(sizeIndex)) {
        return new Object[] {null, null, null};
      }
      String uri = row.getString(uriIndex);
      long size = row.getLong(sizeIndex);
      Path path = new Path(uri);
      HadoopRangeSource source = null;
      try {
        FileSystem fs = conf.forRangedReads(path, settings.headBytes());
        source = new HadoopRangeSource(fs, path, size, 1 << 20);
        byte[] head = source.read(0, settings.headBytes());
        MediaProber.Result r = settings.prober().probe(source, head);
        return new Object[] {probeRow(r, size, source), r.reason(), r.detail()};
      } catch (FileNotFoundException e) {
        return new Object[] {null, ReasonCodes.MISSING_OBJECT, "the object vanished after it was listed: " + uri};
      } catch (IOException | RuntimeException e) {
        return new Object[] {null, ReasonCodes.PROBE_FAILED, describe(e)};
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

    /** The probe struct: what is unknown (0, NaN) is null. */
    private Row probeRow(MediaProber.Result r, long size, HadoopRangeSource source) {
      Integer w = r.width() > 0 ? r.width() : null;
      Integer h = r.height() > 0 ? r.height() : null;
      if (!settings.prober().timed()) {
        return RowFactory.create(r.format(), w, h, size, source.bytesRead(), source.reads());
      }
      AvInfo a = r.av();
      if (a == null) {
        return RowFactory.create(r.format(), w, h, size, source.bytesRead(), source.reads(), null, null, null, null,
            null, null, null, null);
      }
      return RowFactory.create(r.format(), w, h, size, source.bytesRead(), source.reads(), known(a.duration()),
          a.videoCodec(), known(a.fps()), a.hasVideo() ? a.rotation() : null, a.audioCodec(),
          a.sampleRate() > 0 ? a.sampleRate() : null, a.channels() > 0 ? a.channels() : null,
          a.bitrate() > 0 ? a.bitrate() : null);
    }

    private static Double known(double v) {
      return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    private Row withProbe(Row row, Object[] extra) {
      Object[] values = new Object[width + 3];
      for (int i = 0; i < width; i++) {
        values[i] = row.get(i);
      }
      System.arraycopy(extra, 0, values, width, 3);
      return RowFactory.create(values);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return inTask(new BoundedMap<>(rows, settings.concurrency(), settings.timeoutMillis(),
          row -> withProbe(row, probe(row)),
          (row, e) -> withProbe(row, new Object[] {null, ReasonCodes.PROBE_FAILED,
              e instanceof TimeoutException ? "no answer within " + settings.timeoutMillis() + " ms"
                  : describe(e)})));
    }
  }

  /** A bounded map over a task's rows, closed (its threads stopped) when the task completes. */
  static <I, O> BoundedMap<I, O> inTask(BoundedMap<I, O> mapped) {
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> mapped.close());
    }
    return mapped;
  }

  /** A failure as a reject detail: its type and message, at most 300 characters. */
  static String describe(Throwable e) {
    String s = e.getClass().getSimpleName() + ": " + e.getMessage();
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /** The column holding a manifest row's probe (for filters that come after). */
  public static Column probe(String field) {
    return col(PROBE + "." + field);
  }
}
