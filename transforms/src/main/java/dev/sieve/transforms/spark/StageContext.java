package dev.sieve.transforms.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/** What a stage may use while building its plan: the session, the run's identity and per-stage CPU timers. */
public final class StageContext {
  private final SparkSession spark;
  private final String runId;
  private final String idColumn;
  private final String textColumn;
  private final Map<String, LongAccumulator> timers;
  /** Unpersists what {@link #persist} and {@link #persistRows} held; shared by the contexts made from this one. */
  private final List<Runnable> persisted;

  public StageContext(SparkSession spark, String runId, String idColumn, String textColumn) {
    this(spark, runId, idColumn, textColumn, new LinkedHashMap<>(), new ArrayList<>());
  }

  private StageContext(SparkSession spark, String runId, String idColumn, String textColumn,
      Map<String, LongAccumulator> timers, List<Runnable> persisted) {
    this.spark = spark;
    this.runId = runId;
    this.idColumn = idColumn;
    this.textColumn = textColumn;
    this.timers = timers;
    this.persisted = persisted;
  }

  /**
   * This context with another text column, for a text stage run over a different column (a media manifest's
   * transcript). Timers and persisted results stay shared with this context.
   */
  public StageContext withTextColumn(String column) {
    return new StageContext(spark, runId, idColumn, column, timers, persisted);
  }

  public SparkSession spark() {
    return spark;
  }

  public String runId() {
    return runId;
  }

  public String idColumn() {
    return idColumn;
  }

  public String textColumn() {
    return textColumn;
  }

  /**
   * A nanosecond accumulator for the per-record work of one stage. Tasks that are retried add their time again, so
   * read the total as CPU spent, not as a cost model.
   */
  public LongAccumulator timer(String stage) {
    synchronized (timers) {
      return timers.computeIfAbsent(stage, s -> spark.sparkContext().longAccumulator("sieve." + s + ".nanos"));
    }
  }

  /**
   * Persists an intermediate result a stage reads more than once; the runner releases it when the run ends (after
   * the verdicts have been counted and persisted).
   */
  public <T> Dataset<T> persist(Dataset<T> ds) {
    Dataset<T> p = ds.persist(StorageLevel.MEMORY_AND_DISK());
    synchronized (persisted) {
      persisted.add(() -> p.unpersist(false));
    }
    return p;
  }

  /**
   * Keeps a frame's rows, in Spark's binary row format, on the executors' local disks, for a stage that scans its
   * input several times when that input is costly to recompute (parsed JSON, an earlier stage's joins). Later scans
   * read the stored rows back without parsing anything. Unlike {@link #persist} (the in-memory columnar cache, which
   * pays for encoding and compression statistics on the way in and a conversion back to rows on the way out), the
   * rows are packed end to end into blocks of about {@value RowBlocks#BLOCK_BYTES} bytes, so storing and reading
   * them costs one copy of their bytes, nothing per row, and the heap holds none of them. A block lost with an
   * executor is recomputed from the lineage, so the rows, their record keys included, are the same. Released by
   * {@link #release}.
   *
   * @param name shown for the stored rows in the Spark UI's Storage tab
   */
  public Dataset<Row> persistRows(Dataset<Row> ds, String name) {
    StructType schema = ds.schema();
    int fields = schema.size();
    JavaRDD<byte[]> blocks = ds.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> RowBlocks.pack(rows, schema));
    blocks.setName(name).persist(StorageLevel.DISK_ONLY());
    synchronized (persisted) {
      persisted.add(() -> blocks.unpersist(false));
    }
    JavaRDD<InternalRow> rows = blocks.mapPartitions(b -> RowBlocks.unpack(b, fields));
    return spark.internalCreateDataFrame(rows.rdd(), schema, false);
  }

  /**
   * Computes {@code ds} now and returns the result with its lineage cut: a reliable checkpoint in the
   * SparkContext's checkpoint directory when one is set (the job runner sets one under the output, so the result
   * survives the loss of an executor), a local checkpoint otherwise. Meant for the small intermediate results of a
   * multi-step stage: plans built on them stay short, so planning them — and the plan descriptions Spark records
   * for every query — costs little however many steps came before.
   */
  public <T> Dataset<T> materialize(Dataset<T> ds) {
    if (!spark.sparkContext().getCheckpointDir().isDefined()) {
      return ds.localCheckpoint(true);
    }
    // Cached first, so writing the checkpoint does not compute the plan a second time.
    Dataset<T> cached = ds.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return cached.checkpoint(true);
    } finally {
      cached.unpersist(false);
    }
  }

  /** Releases everything {@link #persist} and {@link #persistRows} held. */
  public void release() {
    synchronized (persisted) {
      for (Runnable r : persisted) {
        r.run();
      }
      persisted.clear();
    }
  }

  /** Stage name → nanoseconds accumulated so far. */
  public Map<String, Long> timerTotals() {
    synchronized (timers) {
      Map<String, Long> out = new LinkedHashMap<>();
      timers.forEach((k, v) -> out.put(k, v.value()));
      return out;
    }
  }
}
