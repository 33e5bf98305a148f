package dev.sieve.transforms.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;

/**
 * Spark's internal rows built by hand, for results that leave Java code as a DataFrame ({@code
 * SparkSession.internalCreateDataFrame}): unlike {@code Row}s they need no encoder, whose code Spark would
 * generate and compile the first time each schema is seen.
 */
final class InternalRows {
  private InternalRows() {}

  /** A new row of two non-null longs (for a schema of two non-nullable long columns). */
  static InternalRow longs(long a, long b) {
    // One word of null bits, then the two values.
    UnsafeRow r = new UnsafeRow(2);
    r.pointTo(new byte[24], 24);
    r.setLong(0, a);
    r.setLong(1, b);
    return r;
  }
}
