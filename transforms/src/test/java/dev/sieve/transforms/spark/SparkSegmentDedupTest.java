package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.Segments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkSegmentDedupTest extends SparkTestBase {

  private Map<String, Row> run(Segments.Unit unit, int max, String[][] docs) {
    List<Row> rows = new ArrayList<>();
    for (String[] d : docs) {
      rows.add(RowFactory.create(d[0], d[1]));
    }
    Dataset<Row> frame = Frame.of(spark().createDataFrame(rows,
            new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)), lit("m"));
    Dataset<Row> out = new SparkSegmentDedup(new SegmentDedup.Settings(unit, max))
        .apply(frame, new StageContext(spark(), "t", "id", "text"));
    Map<String, Row> m = new HashMap<>();
    for (Row r : out.select(col("id"), col("text"), col(SegmentDedup.REMOVED), col(Frame.REASON)).collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  @Test
  void repeatedLinesStayOnlyInTheFirstDocument() {
    Map<String, Row> out = run(Segments.Unit.LINES, 1, new String[][] {
        {"b", "Story B first line.\nShare this article\nCookie policy"},
        {"a", "Story A first line.\nShare this article"},
        {"c", "Share this article\nCookie policy"},
        {"d", "Unique text only."}});
    assertEquals("Story A first line.\nShare this article", out.get("a").getString(1));
    assertEquals(0L, out.get("a").getLong(2));
    assertEquals("Story B first line.\nCookie policy", out.get("b").getString(1));
    assertEquals(1L, out.get("b").getLong(2));
    assertEquals(ReasonCodes.EMPTY_AFTER_SEGMENT_DEDUP, out.get("c").getString(3));
    assertEquals(2L, out.get("c").getLong(2));
    assertNull(out.get("d").getString(3));
    assertEquals("Unique text only.", out.get("d").getString(1));
  }

  @Test
  void maxOccurrencesKeepsTheFirstN() {
    Map<String, Row> out = run(Segments.Unit.LINES, 2, new String[][] {
        {"a", "x\nfooter"}, {"b", "y\nfooter"}, {"c", "z\nfooter"}});
    assertEquals("x\nfooter", out.get("a").getString(1));
    assertEquals("y\nfooter", out.get("b").getString(1));
    assertEquals("z", out.get("c").getString(1));
  }

  @Test
  void paragraphs() {
    Map<String, Row> out = run(Segments.Unit.PARAGRAPHS, 1, new String[][] {
        {"a", "Body of A.\n\nMenu\nHome | About"},
        {"b", "Body of B.\n\nMenu\nHome | About\n\nMore of B."}});
    assertEquals("Body of A.\n\nMenu\nHome | About", out.get("a").getString(1));
    assertEquals("Body of B.\n\nMore of B.", out.get("b").getString(1));
  }
}
