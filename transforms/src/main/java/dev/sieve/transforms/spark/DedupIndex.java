package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The dedup index: what a run kept, saved so later runs deduplicate new data against it (incremental dedup).
 *
 * <p>One row per kept document: {@code id}, {@code content_hash} (exact mode), {@code sh} (packed sorted shingle
 * hashes) and {@code bands} (LSH band hashes) for near mode, and {@code config}, the settings the keys were made
 * with — keys are comparable only between runs with the same normalization, shingles, permutations, bands, rows and
 * seed, and a mismatch is an error naming both. Documents from an index always win a duplicate group: what an
 * earlier run published stays the kept copy, and this run's copies are rejected naming the earlier id.
 *
 * <p>Index documents get negative record keys (−1 − row number within the loaded indexes), so they never collide
 * with this run's keys.
 */
public final class DedupIndex {
  public static final String TABLE = "index";
  public static final String ID = "id";
  public static final String CONTENT_HASH = "content_hash";
  public static final String SH = "sh";
  public static final String BANDS = "bands";
  public static final String CONFIG = "config";
  public static final String RID = "rid";

  /** Whether this run writes an index, and which earlier indexes it deduplicates against. */
  public record Settings(boolean write, List<String> against) implements Serializable {
    public Settings {
      against = against == null ? List.of() : List.copyOf(against);
    }

    public static Settings none() {
      return new Settings(false, List.of());
    }
  }

  private DedupIndex() {}

  /** Loads the given indexes (Delta or Parquet, by the presence of {@code _delta_log}) with negative record keys. */
  public static Dataset<Row> load(SparkSession spark, List<String> paths) {
    Dataset<Row> all = null;
    for (String p : paths) {
      String format;
      try {
        Path path = new Path(p);
        format = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(new Path(path, "_delta_log"))
            ? "delta" : "parquet";
      } catch (IOException e) {
        throw new IllegalArgumentException("dedup.index.against: cannot read '" + p + "': " + e.getMessage(), e);
      }
      Dataset<Row> one = spark.read().format(format).load(p)
          .select(col(ID), col(CONTENT_HASH), col(SH), col(BANDS), col(CONFIG));
      all = all == null ? one : all.unionByName(one);
    }
    if (all == null) {
      return null;
    }
    return all.withColumn(RID, lit(-1L).minus(monotonically_increasing_id()));
  }

  /**
   * Fails unless every loaded index row was made with {@code expected} for the part named {@code part}
   * ("exact" or "near"): the config column holds "exact=…;near=…".
   */
  public static void checkConfig(Dataset<Row> index, String part, String expected) {
    Column mismatch = org.apache.spark.sql.functions.not(col(CONFIG).contains(part + "=" + expected + ";"));
    List<Row> bad = index.filter(mismatch).select(col(CONFIG)).limit(1).collectAsList();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("dedup.index.against holds keys made with other settings: the index has '"
          + bad.get(0).getString(0) + "', this run needs " + part + "=" + expected);
    }
  }
}
