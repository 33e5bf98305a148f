package dev.sieve.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.udf;

import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.io.JsonlRecordCheck;
import dev.sieve.transforms.spark.Frame;
import dev.sieve.transforms.text.Utf8;
import dev.sieve.transforms.text.Whitespace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads any supported input into the canonical {@link Frame}: the input's columns (id and text as strings) plus the
 * internal columns. Records that cannot become documents are not dropped: they are rows already rejected by the
 * {@code read} stage, with their raw content.
 *
 * <p>JSONL: lines are read as bytes (compressed .gz/.zst transparently), checked on executors by {@link
 * JsonlRecordCheck} (UTF-8, JSON, id and text types), and only then parsed with the schema (given, or inferred in
 * one extra pass). Parquet/Delta: the id is cast to string, null ids/texts and invalid UTF-8 are rejected, a text
 * column of another type is an error before anything runs. Blank JSONL lines are not records and are skipped.
 */
public final class InputReader {
  /** No string length limit beyond the record cap (Jackson's own default is 20 million characters). */
  private static final String MAX_STRING_LEN = String.valueOf(Integer.MAX_VALUE);

  public static final String STAGE = "read";
  private static final String CORRUPT = "_sieve_corrupt";
  private static final String JSON = "_sieve_json";
  private static final String TOO_LARGE = "_sieve_too_large";
  private static final String UNREADABLE = "_sieve_unreadable";

  private InputReader() {}

  /** The frame, an independent count of the records it must hold, and what was read. */
  public record Input(Dataset<Row> frame, LongSupplier recordCount, InputFormat format, List<String> userColumns) {}

  public static Input read(SparkSession spark, CommonSettings.Input settings) {
    return read(spark, settings, "text");
  }

  /**
   * Reads the input as {@link #read(SparkSession, CommonSettings.Input)} does; {@code contentKind} ({@code text} or
   * {@code uri}) is what the content column holds and names the codes for a missing or blank one.
   */
  public static Input read(SparkSession spark, CommonSettings.Input settings, String contentKind) {
    InputFormat format = settings.format() == InputFormat.AUTO
        ? detect(spark.sparkContext().hadoopConfiguration(), settings.path())
        : settings.format();
    checkExists(spark.sparkContext().hadoopConfiguration(), settings.path());
    switch (format) {
      case JSONL:
        return readJsonl(spark, settings, contentKind);
      case PARQUET:
      case DELTA:
        return readTable(spark, settings, format, contentKind);
      default:
        throw new IllegalStateException("unexpected format " + format);
    }
  }

  // ---------------------------------------------------------------------------------------------- format detection

  static void checkExists(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new ConfigError("input.path '" + path + "' does not exist");
      }
    } catch (IOException e) {
      throw new ConfigError("input.path '" + path + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /** Decides the format from the path; lists at most 10,000 files. */
  public static InputFormat detect(Configuration conf, String path) {
    checkExists(conf, path);
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.getFileStatus(p).isDirectory() && fs.exists(new Path(p, "_delta_log"))) {
        return InputFormat.DELTA;
      }
      Map<InputFormat, Integer> seen = new HashMap<>();
      List<String> unknown = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
      int n = 0;
      while (it.hasNext() && n < 10_000) {
        LocatedFileStatus f = it.next();
        if (isHidden(p, f.getPath())) {
          continue;
        }
        n++;
        InputFormat kind = byExtension(f.getPath().getName());
        if (kind == null) {
          if (unknown.size() < 3) {
            unknown.add(f.getPath().getName());
          }
        } else {
          seen.merge(kind, 1, Integer::sum);
        }
      }
      if (seen.size() > 1) {
        throw new ConfigError("input.path '" + path + "' mixes formats (" + seen.get(InputFormat.JSONL)
            + " JSONL and " + seen.get(InputFormat.PARQUET) + " Parquet files); point it at one format");
      }
      if (seen.isEmpty()) {
        if (n == 0) {
          throw new ConfigError("input.path '" + path + "' holds no data files");
        }
        throw new ConfigError("cannot tell the format of input.path '" + path + "' from file names like "
            + unknown + "; set input.format = jsonl | parquet | delta");
      }
      return seen.keySet().iterator().next();
    } catch (IOException e) {
      throw new ConfigError("input.path '" + path + "' cannot be listed: " + e.getMessage(), e);
    }
  }

  static boolean isHidden(Path root, Path file) {
    for (Path q = file; q != null && !q.equals(root); q = q.getParent()) {
      String name = q.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static InputFormat byExtension(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String c : new String[] {".gz", ".zst", ".bz2"}) {
      if (n.endsWith(c)) {
        n = n.substring(0, n.length() - c.length());
      }
    }
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return InputFormat.JSONL;
    }
    if (n.endsWith(".parquet")) {
      return InputFormat.PARQUET;
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------------- JSONL

  private static final StructType CHECKED = new StructType()
      .add(JSON, DataTypes.StringType, true)
      .add(Frame.RAW, DataTypes.StringType, true)
      .add(Frame.REASON, DataTypes.StringType, true)
      .add(Frame.DETAIL, DataTypes.StringType, true)
      .add(Frame.STAGE, DataTypes.StringType, true)
      .add(Frame.SOURCE, DataTypes.StringType, true)
      .add(Frame.RID, DataTypes.LongType, false);

  /** What {@link #lines} yields per line: its bytes (or head), length when too large, why the rest is unreadable. */
  private static final StructType LINES = new StructType()
      .add("b", DataTypes.BinaryType, true)
      .add(Frame.SOURCE, DataTypes.StringType, false)
      .add(TOO_LARGE, DataTypes.LongType, true)
      .add(UNREADABLE, DataTypes.StringType, true);

  /** Bytes kept of a record too large to keep whole, so that it can be found. */
  private static final int HEAD_BYTES = 4096;

  /**
   * The lines of the planned ranges, read by {@link LineRanges}. A line over {@code maxRecordBytes} is never held
   * whole; a file that cannot be read to its end adds one row saying why.
   */
  static Dataset<Row> lines(SparkSession spark, List<List<LineRanges.Range>> plan, long maxRecordBytes) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    org.apache.spark.broadcast.Broadcast<org.apache.spark.util.SerializableConfiguration> shared =
        jsc.broadcast(new org.apache.spark.util.SerializableConfiguration(conf));
    int cap = (int) Math.min(Integer.MAX_VALUE - 9L, maxRecordBytes);
    org.apache.spark.api.java.JavaRDD<Row> rows = jsc.parallelize(plan, Math.max(1, plan.size()))
        .mapPartitions(new ReadRanges(shared, cap));
    return spark.createDataFrame(rows, LINES);
  }

  /**
   * The files under {@code path} (hidden files and folders skipped), listed once on the driver, as ranges packed
   * into partitions ({@link LineRanges#plan}) sized as Spark sizes file partitions.
   */
  static List<List<LineRanges.Range>> plan(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<LineRanges.FileEntry> files = new ArrayList<>();
    long total = 0;
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf);
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!isHidden(root, f.getPath())) {
          files.add(new LineRanges.FileEntry(f.getPath().toString(), f.getLen()));
          total += f.getLen();
        }
      }
    } catch (IOException e) {
      throw new ConfigError("input.path '" + path + "' cannot be listed: " + e.getMessage(), e);
    }
    org.apache.spark.sql.internal.SQLConf sql = spark.sessionState().conf();
    long openCost = sql.filesOpenCostInBytes();
    // As Spark sizes file partitions: no larger than maxPartitionBytes, small enough to give every core work.
    long perCore = total / Math.max(1, spark.sparkContext().defaultParallelism());
    long maxSplit = Math.min(sql.filesMaxPartitionBytes(), Math.max(openCost, perCore));
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    return LineRanges.plan(files, f -> codecs.getCodec(new Path(f)) != null, Math.max(1, maxSplit), openCost);
  }

  /** Reads each partition's ranges in order, one file open at a time. */
  private static final class ReadRanges
      implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<List<LineRanges.Range>>, Row> {
    private static final long serialVersionUID = 1L;
    private final org.apache.spark.broadcast.Broadcast<org.apache.spark.util.SerializableConfiguration> conf;
    private final int cap;

    ReadRanges(org.apache.spark.broadcast.Broadcast<org.apache.spark.util.SerializableConfiguration> conf, int cap) {
      this.conf = conf;
      this.cap = cap;
    }

    @Override
    public Iterator<Row> call(Iterator<List<LineRanges.Range>> partition) {
      List<LineRanges.Range> ranges = new ArrayList<>();
      partition.forEachRemaining(ranges::addAll);
      Configuration c = conf.value().value();
      CompressionCodecFactory codecs = new CompressionCodecFactory(c);
      Iterator<LineRanges.Range> todo = ranges.iterator();
      final class Lines implements Iterator<Row> {
        private LineRanges.CloseableIterator current;
        private String source;

        @Override
        public boolean hasNext() {
          while (current == null || !current.hasNext()) {
            if (!todo.hasNext()) {
              return false;
            }
            LineRanges.Range r = todo.next();
            source = r.path();
            current = LineRanges.lines(c, codecs, r, cap, HEAD_BYTES);
          }
          return true;
        }

        /** A task that ends early (a limit, a failure) still releases the open file. */
        void close() {
          if (current != null) {
            try {
              current.close();
            } catch (IOException ignored) {
              // the task is over
            }
          }
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          LineRanges.Line l = current.next();
          return RowFactory.create(l.bytes(), source, l.tooLarge() ? l.length() : null, l.unreadable());
        }
      }
      Lines lines = new Lines();
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> lines.close());
      }
      return lines;
    }
  }

  /** A line that is a record: not blank, or too large, or an unreadable rest of a file. */
  private static boolean isRecord(byte[] b, Object tooLarge, Object unreadable) {
    return unreadable != null || tooLarge != null || (b != null && !isBlankLine(b));
  }

  private static Input readJsonl(SparkSession spark, CommonSettings.Input settings, String contentKind) {
    // One listing for the frame and for the count, so a file vanishing in between is one unreadable row in both.
    List<List<LineRanges.Range>> plan = plan(spark, settings.path());
    Dataset<Row> lines = lines(spark, plan, settings.maxRecordBytes())
        .withColumn(Frame.RID, monotonically_increasing_id());

    JsonlRecordCheck check = new JsonlRecordCheck(settings.idColumn(), settings.textColumn(),
        settings.maxRecordBytes(), ReasonCodes.missingContent(contentKind));
    Dataset<Row> checked = lines.mapPartitions(new CheckLines(check), Encoders.row(CHECKED));

    StructType schema = jsonSchema(spark, checked, settings);
    // Jackson caps strings at 20 million characters by default; records are already capped by max_record_bytes.
    Map<String, String> options = Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT,
        "maxStringLen", MAX_STRING_LEN);
    Dataset<Row> parsed = checked.withColumn("_j", from_json(col(JSON), schema, options));

    List<Column> cols = new ArrayList<>();
    List<String> userColumns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(CORRUPT)) {
        cols.add(col("_j").getField(f.name()).as(f.name()));
        userColumns.add(f.name());
      }
    }
    for (String internal : Frame.INTERNAL) {
      cols.add(col(internal));
    }
    cols.add(col("_j").getField(CORRUPT).as(CORRUPT));
    Dataset<Row> frame = parsed.select(cols.toArray(new Column[0]));
    // A line Jackson accepted but the schema does not fit (a field's type differs from the inferred or given one).
    frame = Frame.rejectWhere(frame, col(CORRUPT).isNotNull(), STAGE, ReasonCodes.WRONG_TYPE,
        lit("a field does not match the input schema " + clip(schema.simpleString())));
    frame = frame.withColumn(Frame.RAW,
        org.apache.spark.sql.functions.when(col(CORRUPT).isNotNull(), col(CORRUPT)).otherwise(col(Frame.RAW)))
        .drop(CORRUPT);
    frame = rejectEmptyText(frame, settings.textColumn(), contentKind);

    long cap = settings.maxRecordBytes();
    LongSupplier count = () -> lines(spark, plan, cap)
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r ->
            isRecord(r.getAs("b"), r.getAs(TOO_LARGE), r.getAs(UNREADABLE)))
        .count();
    return new Input(frame, count, InputFormat.JSONL, userColumns);
  }

  private static StructType jsonSchema(SparkSession spark, Dataset<Row> checked, CommonSettings.Input settings) {
    StructType schema;
    if (!settings.schema().isEmpty()) {
      try {
        schema = StructType.fromDDL(settings.schema());
      } catch (RuntimeException e) {
        throw new ConfigError("input.schema is not a valid DDL schema: " + e.getMessage(), e);
      }
    } else {
      Dataset<String> valid = checked.filter(col(Frame.REASON).isNull()).select(col(JSON)).as(Encoders.STRING());
      spark.sparkContext().setJobDescription("read › infer the JSONL schema");
      schema = spark.read()
          .option("samplingRatio", settings.schemaSamplingRatio())
          .option("prefersDecimal", "false")
          .option("maxStringLen", MAX_STRING_LEN)
          .json(valid)
          .schema();
    }
    // The id and text columns come first, as strings; the others follow in the schema's order.
    List<StructField> fields = new ArrayList<>();
    fields.add(new StructField(settings.idColumn(), DataTypes.StringType, true, Metadata.empty()));
    fields.add(new StructField(settings.textColumn(), DataTypes.StringType, true, Metadata.empty()));
    for (StructField f : schema.fields()) {
      String n = f.name();
      if (n.equals("_corrupt_record") || n.equals(CORRUPT) || Frame.isInternal(n)
          || n.equals(settings.idColumn()) || n.equals(settings.textColumn())) {
        continue;
      }
      fields.add(f);
    }
    fields.add(new StructField(CORRUPT, DataTypes.StringType, true, Metadata.empty()));
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Blank = only spaces, tabs and carriage returns: not a record. */
  static boolean isBlankLine(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlankLine(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Runs {@link JsonlRecordCheck} over a partition of raw lines. */
  private static final class CheckLines implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final JsonlRecordCheck check;

    CheckLines(JsonlRecordCheck check) {
      this.check = check;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      return new Iterator<>() {
        private Row next = advance();

        private Row advance() {
          while (in.hasNext()) {
            Row r = in.next();
            byte[] b = r.getAs("b");
            Long tooLarge = r.getAs(TOO_LARGE);
            String unreadable = r.getAs(UNREADABLE);
            if (!isRecord(b, tooLarge, unreadable)) {
              continue;
            }
            String source = r.getAs(Frame.SOURCE);
            long rid = r.getAs(Frame.RID);
            if (unreadable != null) {
              return RowFactory.create(null, null, ReasonCodes.UNREADABLE_INPUT, unreadable, STAGE, source, rid);
            }
            // The reader hands over only the head of a line over the cap, with the length it counted.
            JsonlRecordCheck.Result res = tooLarge != null
                ? check.tooLarge(tooLarge + " bytes (with its line end)")
                : check.check(b);
            if (res.ok()) {
              return RowFactory.create(res.line(), null, null, null, null, source, rid);
            }
            String raw = res.line();
            if (raw == null) {
              // Too large to keep whole: keep the head so the record can be found.
              raw = Utf8.decodeLenient(java.util.Arrays.copyOf(b, Math.min(b.length, HEAD_BYTES)));
            }
            return RowFactory.create(null, raw, res.verdict().reason(), res.verdict().detail(), STAGE, source, rid);
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Row next() {
          Row r = next;
          next = advance();
          return r;
        }
      };
    }
  }

  // ------------------------------------------------------------------------------------------------ Parquet/Delta

  private static Input readTable(SparkSession spark, CommonSettings.Input settings, InputFormat format,
      String contentKind) {
    String fmt = format == InputFormat.DELTA ? "delta" : "parquet";
    Dataset<Row> df;
    try {
      df = spark.read().format(fmt).load(settings.path());
    } catch (RuntimeException e) {
      if (e.getClass().getName().contains("AnalysisException")) {
        throw new ConfigError("input.path '" + settings.path() + "' cannot be read as " + fmt + ": "
            + e.getMessage(), e);
      }
      throw e;
    }
    StructType schema = df.schema();
    List<String> userColumns = new ArrayList<>(List.of(df.columns()));
    DataType idType = typeOf(schema, settings.idColumn(), "input.id_column", userColumns);
    DataType textType = typeOf(schema, settings.textColumn(), "input.text_column", userColumns);
    if (!textType.equals(DataTypes.StringType)) {
      throw new ConfigError("input.text_column '" + settings.textColumn() + "' has type " + textType.simpleString()
          + "; a string column is required");
    }
    if (idType instanceof StructType || idType instanceof ArrayType || idType instanceof MapType
        || idType.equals(DataTypes.BinaryType)) {
      throw new ConfigError("input.id_column '" + settings.idColumn() + "' has type " + idType.simpleString()
          + "; a string or number column is required");
    }
    for (String c : userColumns) {
      if (Frame.isInternal(c)) {
        throw new ConfigError("input column '" + c + "' uses a name Sieve reserves; rename it");
      }
    }
    Dataset<Row> frame = Frame.of(
        df.withColumn(settings.idColumn(), col(settings.idColumn()).cast(DataTypes.StringType)), input_file_name());
    Column text = col(settings.textColumn());
    frame = Frame.rejectWhere(frame, col(settings.idColumn()).isNull(), STAGE, ReasonCodes.MISSING_ID,
        lit("'" + settings.idColumn() + "' is null"));
    frame = Frame.rejectWhere(frame, text.isNull(), STAGE, ReasonCodes.missingContent(contentKind),
        lit("'" + settings.textColumn() + "' is null"));
    frame = Frame.rejectWhere(frame, octet_length(text).gt(settings.maxRecordBytes()), STAGE,
        ReasonCodes.RECORD_TOO_LARGE,
        concat(lit("text is "), octet_length(text).cast(DataTypes.StringType),
            lit(" bytes; input.max_record_bytes is " + settings.maxRecordBytes())));
    UDF1<byte[], String> badUtf8 = b -> {
      if (b == null) {
        return null;
      }
      int at = Utf8.firstInvalidOffset(b);
      return at < 0 ? null : "invalid UTF-8 at byte " + at + " of " + b.length;
    };
    Column utf8 = udf(badUtf8, DataTypes.StringType).apply(text.cast(DataTypes.BinaryType));
    frame = frame.withColumn("_utf8", utf8);
    frame = Frame.rejectWhere(frame, col("_utf8").isNotNull(), STAGE, ReasonCodes.INVALID_UTF8, col("_utf8"))
        .drop("_utf8");
    frame = rejectEmptyText(frame, settings.textColumn(), contentKind);
    String path = settings.path();
    LongSupplier count = () -> spark.read().format(fmt).load(path).count();
    return new Input(frame, count, format, userColumns);
  }

  private static DataType typeOf(StructType schema, String column, String key, List<String> columns) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return f.dataType();
      }
    }
    throw new ConfigError(key + " '" + column + "' is not a column of the input; columns: " + String.join(", ", columns));
  }

  private static Dataset<Row> rejectEmptyText(Dataset<Row> frame, String textColumn, String contentKind) {
    UDF1<String, Boolean> blank = s -> s != null && Whitespace.isBlank(s);
    Column isBlank = udf(blank, DataTypes.BooleanType).apply(col(textColumn));
    return Frame.rejectWhere(frame, isBlank, STAGE, ReasonCodes.emptyContent(contentKind),
        lit("'" + textColumn + "' is empty or whitespace only"));
  }

  private static String clip(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
