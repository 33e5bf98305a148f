package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The rank that picks the kept member of a duplicate group: the smallest {@code struct} wins, so a group's keeper is
 * one {@code min()} aggregate (partial, map-side). Fields: the rule's key, then the id, then a hash of the text,
 * then the record key, so the choice never depends on arrival order or partitioning (only rows equal in all of
 * those, which are the same document, are told apart by the record key).
 */
final class Keepers {
  private Keepers() {}

  /**
   * A struct with fields (fresh, k0[, k1], id, rid); {@code id} and {@code rid} can be read back from the winner.
   * {@code fresh} is true for this run's documents and false for documents kept by earlier runs (an index), which
   * therefore always win: what was published before stays the kept copy.
   */
  static Column rankKey(KeepRule keep, String priorityColumn, String idColumn, String textColumn) {
    List<Column> fields = new ArrayList<>();
    fields.add(lit(true).as("fresh"));
    switch (keep) {
      case LONGEST:
        fields.add(length(col(textColumn)).cast(DataTypes.LongType).multiply(-1).as("k0"));
        break;
      case PRIORITY:
        Column p = col(priorityColumn);
        fields.add(p.isNull().as("k0"));
        fields.add(p.cast(DataTypes.DoubleType).multiply(-1).as("k1"));
        break;
      default:
        break;
    }
    fields.add(col(idColumn).as("id"));
    // Ties between equal ids fall to the content (the text), so the kept copy does not depend on how the input was
    // split into partitions; only rows equal in id, rank and text are ordered by the record key.
    fields.add(xxhash64(col(textColumn)).as("content"));
    fields.add(col(Frame.RID).as("rid"));
    return struct(fields.toArray(new Column[0]));
  }

  /** The rank of a document from an earlier run's index: same struct type, {@code fresh = false}. */
  static Column indexRankKey(KeepRule keep, Column id, Column rid) {
    List<Column> fields = new ArrayList<>();
    fields.add(lit(false).as("fresh"));
    switch (keep) {
      case LONGEST:
        fields.add(lit(null).cast(DataTypes.LongType).as("k0"));
        break;
      case PRIORITY:
        fields.add(lit(null).cast(DataTypes.BooleanType).as("k0"));
        fields.add(lit(null).cast(DataTypes.DoubleType).as("k1"));
        break;
      default:
        break;
    }
    fields.add(id.as("id"));
    fields.add(lit(0L).as("content"));
    fields.add(rid.as("rid"));
    return struct(fields.toArray(new Column[0]));
  }

  /** Fails with a message naming the column when the priority column is missing or not numeric. */
  static void checkPriorityColumn(Dataset<Row> frame, String key, String column) {
    for (StructField f : frame.schema().fields()) {
      if (f.name().equals(column)) {
        if (!(f.dataType() instanceof NumericType)) {
          throw new IllegalArgumentException(key + " '" + column + "' must be numeric, but has type "
              + f.dataType().simpleString());
        }
        return;
      }
    }
    List<String> cols = new ArrayList<>();
    for (String c : frame.columns()) {
      if (!Frame.isInternal(c)) {
        cols.add(c);
      }
    }
    throw new IllegalArgumentException(key + " '" + column + "' is not a column of the input; columns: "
        + String.join(", ", cols));
  }
}
