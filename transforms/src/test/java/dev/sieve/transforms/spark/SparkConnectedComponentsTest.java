package dev.sieve.transforms.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sieve.transforms.text.near.LongUnionFind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkConnectedComponentsTest extends SparkTestBase {
  private static final StructType EDGES = new StructType()
      .add(ConnectedComponents.SRC, DataTypes.LongType)
      .add(ConnectedComponents.DST, DataTypes.LongType);

  private Dataset<Row> edges(long[][] pairs) {
    List<Row> rows = new ArrayList<>();
    for (long[] p : pairs) {
      rows.add(RowFactory.create(p[0], p[1]));
    }
    return spark().createDataFrame(rows, EDGES);
  }

  private static Map<Long, Long> labels(Dataset<Row> result) {
    Map<Long, Long> m = new HashMap<>();
    for (Row r : result.collectAsList()) {
      Long previous = m.put(r.getLong(0), r.getLong(1));
      assertEquals(null, previous, "one label per node: " + r);
    }
    return m;
  }

  /** The same graph labelled on the driver: the expected answer. */
  private static Map<Long, Long> expected(long[][] pairs) {
    LongUnionFind uf = new LongUnionFind();
    for (long[] p : pairs) {
      uf.union(p[0], p[1]);
    }
    Map<Long, Long> m = new HashMap<>();
    long[] ids = uf.ids();
    long[] roots = uf.roots();
    for (int i = 0; i < ids.length; i++) {
      m.put(ids[i], roots[i]);
    }
    return m;
  }

  /** {@code edges} edges between ids drawn from [1, maxId), seeded. */
  private static long[][] randomGraph(long seed, int edges, long maxId) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[][] g = new long[edges][];
    for (int i = 0; i < edges; i++) {
      g[i] = new long[] {rnd.nextLong(1, maxId), rnd.nextLong(1, maxId)};
    }
    return g;
  }

  private Map<Long, Long> distributed(long[][] pairs) {
    // localThreshold 0: every round runs on Spark.
    SparkConnectedComponents cc = new SparkConnectedComponents(spark(), new ConnectedComponents.Settings(0, 2, 100));
    return labels(cc.components(edges(pairs)));
  }

  @Test
  void aChainCollapsesToItsSmallestId() {
    long[][] chain = new long[12][];
    for (int i = 0; i < 12; i++) {
      chain[i] = new long[] {100 + i, 101 + i};
    }
    Map<Long, Long> got = distributed(chain);
    assertEquals(13, got.size());
    for (long v : got.values()) {
      assertEquals(100L, v);
    }
  }

  @Test
  void separateComponentsStaySeparateWhateverTheEdgeDirection() {
    long[][] g = {{5, 1}, {1, 9}, {9, 5}, {20, 30}, {40, 30}, {-3, 50}};
    Map<Long, Long> got = distributed(g);
    assertEquals(expected(g), got);
    assertEquals(1L, got.get(9L));
    assertEquals(20L, got.get(40L));
    assertEquals(-3L, got.get(50L));
  }

  @Test
  void selfLoopsAreIgnored() {
    Map<Long, Long> got = distributed(new long[][] {{7, 7}, {8, 9}});
    assertEquals(Map.of(8L, 8L, 9L, 8L), got);
  }

  @Test
  void randomGraphsAgreeWithAUnionFind() {
    long[][] g = randomGraph(42, 150, 200);
    assertEquals(expected(g), distributed(g));
  }

  @Test
  void finishingOnTheDriverGivesTheSameLabels() {
    long[][] g = randomGraph(7, 300, 500);
    SparkConnectedComponents local = new SparkConnectedComponents(spark(), ConnectedComponents.Settings.defaults());
    assertEquals(expected(g), labels(local.components(edges(g))));
    assertEquals(0, local.rounds());
    // Part way on Spark, the rest on the driver.
    SparkConnectedComponents mixed = new SparkConnectedComponents(spark(), new ConnectedComponents.Settings(150, 1, 100));
    assertEquals(expected(g), labels(mixed.components(edges(g))));
  }

  @Test
  void aKnownSmallEdgeCountGoesStraightToTheDriver() {
    long[][] g = randomGraph(11, 200, 300);
    SparkConnectedComponents cc = new SparkConnectedComponents(spark(), new ConnectedComponents.Settings(1000, 1, 100));
    assertEquals(expected(g), labels(cc.components(edges(g), g.length)));
    assertEquals(0, cc.rounds());
    // Repeats, both directions and self loops, as the distributed path takes them.
    long[][] messy = {{7, 7}, {8, 9}, {9, 8}, {8, 9}, {3, 3}, {3, 4}};
    Map<Long, Long> got = labels(cc.components(edges(messy), messy.length));
    assertEquals(Map.of(8L, 8L, 9L, 8L, 3L, 3L, 4L, 3L), got);
    assertEquals(distributed(messy), got);
  }
}
