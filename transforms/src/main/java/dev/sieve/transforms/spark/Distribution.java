package dev.sieve.transforms.spark;

import dev.sieve.transforms.core.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small histogram a stage contributes to the run report (drawn in {@code report.html}): a name, a title and
 * labelled counts. Computed with one aggregation over the verdict frame; the result is a handful of rows.
 */
public record Distribution(String name, String title, List<String> labels, List<Long> counts) {
  public Distribution {
    Preconditions.checkArgument(labels.size() == counts.size(), "%s labels for %s counts", labels.size(),
        counts.size());
    labels = List.copyOf(labels);
    counts = List.copyOf(counts);
  }

  /** The report's form: {@code {name, title, buckets: [{label, count}]}}. */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("label", labels.get(i));
      b.put("count", counts.get(i));
      buckets.add(b);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("title", title);
    m.put("buckets", buckets);
    return m;
  }

  /** The {@code top} most frequent values of {@code value} over {@code rows} (nulls left out), most frequent first. */
  public static Distribution topValues(String name, String title, Dataset<Row> rows, Column value, int top) {
    List<String> labels = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (Row r : rows.where(value.isNotNull()).groupBy(value.cast("string").as("v")).count()
        .orderBy(org.apache.spark.sql.functions.col("count").desc(), org.apache.spark.sql.functions.col("v"))
        .limit(top).collectAsList()) {
      labels.add(r.getString(0));
      counts.add(r.getLong(1));
    }
    return new Distribution(name, title, labels, counts);
  }

  /**
   * Sizes of duplicate clusters (the kept row and the rows naming it in {@code duplicateOf}), bucketed 2, 3, 4-5,
   * 6-10, 11-100, 101+.
   */
  public static Distribution clusterSizes(String name, String title, Dataset<Row> verdicts, String duplicateOf) {
    Dataset<Row> sizes = verdicts.where(org.apache.spark.sql.functions.col(duplicateOf).isNotNull())
        .groupBy(duplicateOf).count()
        .select(org.apache.spark.sql.functions.col("count").plus(1).as("size"));
    return buckets(name, title, sizes, org.apache.spark.sql.functions.col("size"),
        new double[] {2, 3, 4, 6, 11, 101}, new String[] {"2", "3", "4-5", "6-10", "11-100", "101+"});
  }

  /**
   * Counts of a numeric {@code value} in the buckets {@code [edges[i], edges[i+1])}, the last one open-ended; values
   * below the first edge and nulls are left out.
   */
  public static Distribution buckets(String name, String title, Dataset<Row> rows, Column value, double[] edges,
      String[] labels) {
    Preconditions.checkArgument(labels.length == edges.length, "one label per edge");
    Column bucket = org.apache.spark.sql.functions.lit(null).cast("int");
    for (int i = edges.length - 1; i >= 0; i--) {
      bucket = org.apache.spark.sql.functions.when(value.geq(edges[i]).and(bucket.isNull()), i).otherwise(bucket);
    }
    long[] counts = new long[edges.length];
    for (Row r : rows.select(bucket.as("b")).where("b is not null").groupBy("b").count().collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    List<Long> c = new ArrayList<>();
    for (long x : counts) {
      c.add(x);
    }
    return new Distribution(name, title, List.of(labels), c);
  }
}
