package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The canonical frame every stage works on: the input's own columns (with the id column as a string and the text
 * column as a string), plus the internal columns below. Rows are never removed from it: a stage rejects a row by
 * setting {@link #REASON} (the first reason wins), so every input record reaches the writer as kept or rejected.
 */
public final class Frame {
  private Frame() {}

  /** A stable per-run record key: unique, deterministic for the same input and partitioning. */
  public static final String RID = "_sieve_rid";
  /** Null while the row is alive; the reason code once rejected. */
  public static final String REASON = "_sieve_reason";
  /** Human detail for the rejection. */
  public static final String DETAIL = "_sieve_detail";
  /** The stage that rejected the row. */
  public static final String STAGE = "_sieve_stage";
  /** The raw record (for rows that could not be parsed); null otherwise. */
  public static final String RAW = "_sieve_raw";
  /** The file the record came from. */
  public static final String SOURCE = "_sieve_source";

  public static final String[] INTERNAL = {RID, REASON, DETAIL, STAGE, RAW, SOURCE};

  /**
   * A table's rows as a canonical frame: its columns, then a record key taken right after the scan (so it is the same
   * when a partition is recomputed), {@code source} as the source, and no verdict yet.
   */
  public static Dataset<Row> of(Dataset<Row> table, Column source) {
    return table
        .withColumn(RID, monotonically_increasing_id())
        .withColumn(SOURCE, source)
        .withColumn(RAW, lit(null).cast(DataTypes.StringType))
        .withColumn(REASON, lit(null).cast(DataTypes.StringType))
        .withColumn(DETAIL, lit(null).cast(DataTypes.StringType))
        .withColumn(STAGE, lit(null).cast(DataTypes.StringType));
  }

  /** True for rows no stage has rejected yet. */
  public static Column alive() {
    return col(REASON).isNull();
  }

  /**
   * Rejects the alive rows matching {@code condition} with {@code reason}; rows already rejected keep their first
   * reason.
   */
  public static Dataset<Row> rejectWhere(
      Dataset<Row> frame, Column condition, String stage, String reason, Column detail) {
    return rejectWith(frame, when(condition, lit(reason)), stage, detail);
  }

  /**
   * Rejects the alive rows where {@code reason} is not null, with that reason and {@code detail}; rows already
   * rejected keep their first reason.
   */
  public static Dataset<Row> rejectWith(Dataset<Row> frame, Column reason, String stage, Column detail) {
    Column hit = alive().and(reason.isNotNull());
    return frame
        .withColumn(DETAIL, when(hit, detail).otherwise(col(DETAIL)))
        .withColumn(STAGE, when(hit, lit(stage)).otherwise(col(STAGE)))
        .withColumn(REASON, when(hit, reason).otherwise(col(REASON)));
  }

  public static boolean isInternal(String column) {
    for (String c : INTERNAL) {
      if (c.equals(column)) {
        return true;
      }
    }
    return false;
  }
}
