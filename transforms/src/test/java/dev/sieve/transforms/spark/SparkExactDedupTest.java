package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Assertions;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.TextNormalization;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkExactDedupTest extends SparkTestBase {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.StringType)
      .add("text", DataTypes.StringType)
      .add("prio", DataTypes.IntegerType);

  private Dataset<Row> frame(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return Frame.of(spark().createDataFrame(list, INPUT), lit("mem").cast(DataTypes.StringType));
  }

  private Dataset<Row> dedup(Dataset<Row> in, TextNormalization n, KeepRule keep, String prio) {
    StageContext ctx = new StageContext(spark(), "test", "id", "text");
    return new SparkExactDedup(new ExactDedup.Settings(n, keep, prio)).apply(in, ctx);
  }

  private Dataset<Row> verdicts(Dataset<Row> out) {
    return out.select(col("id"), col(Frame.REASON), col(ExactDedup.DUPLICATE_OF), col(ExactDedup.EXACT_DUP_COUNT))
        .orderBy("id");
  }

  private Dataset<Row> expected(Object[]... rows) {
    StructType s = new StructType()
        .add("id", DataTypes.StringType)
        .add(Frame.REASON, DataTypes.StringType)
        .add(ExactDedup.DUPLICATE_OF, DataTypes.StringType)
        .add(ExactDedup.EXACT_DUP_COUNT, DataTypes.LongType);
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark().createDataFrame(list, s).orderBy("id");
  }

  @Test
  void keepsTheSmallestIdOfEachGroup() {
    Dataset<Row> out = dedup(frame(
        new Object[] {"b", "same text", 1},
        new Object[] {"a", "same text", 2},
        new Object[] {"c", "same text", 3},
        new Object[] {"d", "other text", 4}), TextNormalization.NONE, KeepRule.SMALLEST_ID, null);
    assertDataFrameDataEquals(expected(
        new Object[] {"a", null, null, 2L},
        new Object[] {"b", ReasonCodes.EXACT_DUPLICATE, "a", null},
        new Object[] {"c", ReasonCodes.EXACT_DUPLICATE, "a", null},
        new Object[] {"d", null, null, 0L}), verdicts(out));
    Row b = out.filter(col("id").equalTo("b")).select(Frame.DETAIL, Frame.STAGE).first();
    assertEquals("duplicate of id a", b.getString(0));
    assertEquals(SparkExactDedup.NAME, b.getString(1));
  }

  @Test
  void normalizationDecidesWhatIsEqual() {
    Object[][] rows = {
        {"a", "Hello, World!", 1},
        {"b", "hello   world", 2},
        {"c", "Hello,\tWorld!", 3}};
    assertEquals(0, dedup(frame(rows), TextNormalization.NONE, KeepRule.SMALLEST_ID, null)
        .filter(col(Frame.REASON).isNotNull()).count());
    assertEquals(1, dedup(frame(rows), TextNormalization.WHITESPACE, KeepRule.SMALLEST_ID, null)
        .filter(col(Frame.REASON).isNotNull()).count());
    assertEquals(2, dedup(frame(rows), TextNormalization.SIMPLIFY, KeepRule.SMALLEST_ID, null)
        .filter(col(Frame.REASON).isNotNull()).count());
  }

  @Test
  void longestKeepsTheMostCharactersUnderNormalization() {
    Dataset<Row> out = dedup(frame(
        new Object[] {"a", "x y", 1},
        new Object[] {"b", "x    y", 2},
        new Object[] {"c", "x  y", 3}), TextNormalization.WHITESPACE, KeepRule.LONGEST, null);
    assertEquals(List.of("b"), keptIds(out));
  }

  @Test
  void priorityKeepsTheHighestValueAndNullsLose() {
    Dataset<Row> out = dedup(frame(
        new Object[] {"a", "t", null},
        new Object[] {"b", "t", 5},
        new Object[] {"c", "t", 9},
        new Object[] {"d", "t", null}), TextNormalization.NONE, KeepRule.PRIORITY, "prio");
    assertEquals(List.of("c"), keptIds(out));
    Dataset<Row> allNull = dedup(frame(
        new Object[] {"b", "t", null},
        new Object[] {"a", "t", null}), TextNormalization.NONE, KeepRule.PRIORITY, "prio");
    assertEquals(List.of("a"), keptIds(allNull));
  }

  @Test
  void identicalIdsAndTextsStillKeepExactlyOne() {
    Dataset<Row> out = dedup(frame(
        new Object[] {"a", "t", 1},
        new Object[] {"a", "t", 1},
        new Object[] {"a", "t", 1}), TextNormalization.NONE, KeepRule.SMALLEST_ID, null);
    assertEquals(1, out.filter(col(Frame.REASON).isNull()).count());
    assertEquals(3, out.count());
  }

  @Test
  void rowsRejectedEarlierPassThroughUntouched() {
    Dataset<Row> in = Frame.rejectWhere(frame(
        new Object[] {"a", "t", 1},
        new Object[] {"b", "t", 2}), col("id").equalTo("a"), "read", "missing_text", lit("x"));
    Dataset<Row> out = dedup(in, TextNormalization.NONE, KeepRule.SMALLEST_ID, null);
    assertDataFrameDataEquals(expected(
        new Object[] {"a", "missing_text", null, null},
        new Object[] {"b", null, null, 0L}), verdicts(out));
  }

  @Test
  void priorityColumnMustExistAndBeNumeric() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> dedup(frame(new Object[] {"a", "t", 1}), TextNormalization.NONE, KeepRule.PRIORITY, "nope"));
    Assertions.assertTrue(missing.getMessage().contains("'nope' is not a column"), missing.getMessage());
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> dedup(frame(new Object[] {"a", "t", 1}), TextNormalization.NONE, KeepRule.PRIORITY, "text"));
    Assertions.assertTrue(text.getMessage().contains("must be numeric"), text.getMessage());
  }

  @Test
  void theResultDoesNotDependOnInputOrderOrPartitioning() {
    Object[][] rows = new Object[60][];
    for (int i = 0; i < 60; i++) {
      rows[i] = new Object[] {String.format("id%02d", i), "text " + (i % 7), i};
    }
    Dataset<Row> a = verdicts(dedup(frame(rows), TextNormalization.NONE, KeepRule.SMALLEST_ID, null));
    Object[][] reversed = new Object[60][];
    for (int i = 0; i < 60; i++) {
      reversed[i] = rows[59 - i];
    }
    Dataset<Row> b = verdicts(dedup(frame(reversed).repartition(5), TextNormalization.NONE,
        KeepRule.SMALLEST_ID, null));
    assertDataFrameDataEquals(a, b);
    assertEquals(7, a.filter(col(Frame.REASON).isNull()).count());
  }

  private static List<String> keptIds(Dataset<Row> out) {
    List<String> ids = new ArrayList<>();
    for (Row r : out.filter(col(Frame.REASON).isNull()).select("id").orderBy("id").collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }
}
