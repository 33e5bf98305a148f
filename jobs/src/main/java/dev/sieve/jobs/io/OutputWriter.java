package dev.sieve.jobs.io;

import dev.sieve.jobs.config.CommonSettings;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's tables under the output folder so that a failed run leaves the previous result readable.
 *
 * <ul>
 *   <li>Delta: each table is overwritten in one commit (schema may change); the commit carries the run id in
 *       {@code userMetadata}. Until the commit lands readers see the previous version.
 *   <li>Parquet / JSONL: each table is written to {@code _staging/<run>/<table>}; {@link #commit()} moves the
 *       previous table to {@code _trash/<run>/} and the staged one into place, then deletes the trash.
 * </ul>
 *
 * One writing driver per output folder at a time.
 */
public final class OutputWriter {
  private static final Logger LOG = LoggerFactory.getLogger(OutputWriter.class);

  private final SparkSession spark;
  private final CommonSettings.Output settings;
  private final String runId;
  private final String job;
  private final Path root;
  private final List<String> staged = new ArrayList<>();
  private final List<String> committed = new ArrayList<>();

  /** What one table write produced. {@code deltaVersion} is null for other formats. */
  public record Written(String table, String path, long records, Long deltaVersion) {}

  public OutputWriter(SparkSession spark, CommonSettings.Output settings, String job, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.runId = runId;
    this.job = job;
    this.root = new Path(settings.path());
  }

  public Path root() {
    return root;
  }

  public String tablePath(String table) {
    return new Path(root, table).toString();
  }

  private FileSystem fs() throws IOException {
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  /** Writes one table (kept or rejected) and returns how many records landed. */
  public Written write(String table, Dataset<Row> df) throws IOException {
    Path target = new Path(root, table);
    switch (settings.format()) {
      case DELTA: {
        FileSystem fs = fs();
        if (fs.exists(target) && !fs.exists(new Path(target, "_delta_log"))) {
          // A previous run wrote another format here: move it aside so the Delta table starts clean.
          Path aside = new Path(root, "_trash/" + runId + "/" + table);
          fs.mkdirs(aside.getParent());
          if (!fs.rename(target, aside)) {
            throw new IOException("cannot move the previous non-Delta " + target + " aside to " + aside);
          }
        }
        df.write().format("delta").mode("overwrite")
            .option("overwriteSchema", "true")
            .option("userMetadata", "sieve " + job + " run " + runId)
            .save(target.toString());
        Row last = DeltaTable.forPath(spark, target.toString()).history(1)
            .select("version", "operationMetrics").head();
        long version = last.getLong(0);
        Map<String, String> metrics = last.getJavaMap(1);
        long records = metrics != null && metrics.containsKey("numOutputRows")
            ? Long.parseLong(metrics.get("numOutputRows"))
            : spark.read().format("delta").load(target.toString()).count();
        deleteQuietly(new Path(root, "_trash/" + runId));
        committed.add(table + " (Delta version " + version + ")");
        return new Written(table, target.toString(), records, version);
      }
      case PARQUET:
      case JSONL: {
        Path staging = new Path(root, "_staging/" + runId + "/" + table);
        if (settings.format() == OutputFormat.PARQUET) {
          df.write().mode("overwrite").parquet(staging.toString());
          staged.add(table);
          return new Written(table, target.toString(),
              spark.read().parquet(staging.toString()).count(), null);
        }
        df.write().mode("overwrite")
            .option("ignoreNullFields", "false")
            .option("compression", settings.jsonlCompression())
            .json(staging.toString());
        staged.add(table);
        return new Written(table, target.toString(),
            spark.read().text(staging.toString()).count(), null);
      }
      default:
        throw new IllegalStateException("unexpected format " + settings.format());
    }
  }

  /** Moves staged tables into place (Parquet/JSONL); a no-op for Delta. */
  public void commit() throws IOException {
    if (staged.isEmpty()) {
      return;
    }
    FileSystem fs = fs();
    Path trash = new Path(root, "_trash/" + runId);
    for (String table : staged) {
      Path target = new Path(root, table);
      Path staging = new Path(root, "_staging/" + runId + "/" + table);
      if (fs.exists(target)) {
        fs.mkdirs(trash);
        if (!fs.rename(target, new Path(trash, table))) {
          throw new IOException("cannot move the previous " + target + " aside; it is unchanged");
        }
      }
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot move " + staging + " to " + target + "; the previous result is in " + trash);
      }
      committed.add(table);
    }
    staged.clear();
    deleteQuietly(trash);
    deleteQuietly(new Path(root, "_staging/" + runId));
  }

  /** The tables this run has already made visible (Delta commits, or staged tables moved into place). */
  public List<String> committed() {
    return List.copyOf(committed);
  }

  /** Drops whatever this run staged. */
  public void abort() {
    deleteQuietly(new Path(root, "_staging/" + runId));
    staged.clear();
  }

  /** Writes a small file atomically enough: to a temporary name, then renamed over the target. */
  public void writeText(String relative, String content) throws IOException {
    FileSystem fs = fs();
    Path target = new Path(root, relative);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + runId + ".tmp");
    fs.mkdirs(target.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /** Deletes a path under the output folder if it exists; logs instead of failing. */
  public void deleteQuietly(Path p) {
    try {
      FileSystem fs = fs();
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", p, e.getMessage());
    }
  }
}
