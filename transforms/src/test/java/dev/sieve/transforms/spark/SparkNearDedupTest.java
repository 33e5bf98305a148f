package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.near.Jaccard;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.ShingleKind;
import dev.sieve.transforms.text.near.Shingler;
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

class SparkNearDedupTest extends SparkTestBase {
  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.StringType)
      .add("text", DataTypes.StringType);

  /** A text of n distinct pseudo-words from a seeded generator. */
  static String words(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      int len = 3 + r.nextInt(6);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
    }
    return sb.toString();
  }

  /** Replaces the words at the given positions. */
  static String edit(String text, int... positions) {
    String[] w = text.split(" ");
    for (int p : positions) {
      w[p] = "edited" + p;
    }
    return String.join(" ", w);
  }

  private Dataset<Row> frame(String[][] docs) {
    List<Row> rows = new ArrayList<>();
    for (String[] d : docs) {
      rows.add(RowFactory.create(d[0], d[1]));
    }
    return Frame.of(spark().createDataFrame(rows, INPUT), lit("mem"));
  }

  private static NearDedup.Settings settings(LshParams lsh, boolean verify) {
    return new NearDedup.Settings(0.8, ShingleKind.WORD, 5, lsh, verify, KeepRule.SMALLEST_ID, null, 42,
        ConnectedComponents.Settings.defaults());
  }

  private static NearDedup.Settings uncached(NearDedup.Settings s) {
    return new NearDedup.Settings(s.threshold(), s.shingle(), s.ngram(), s.lsh(), s.verify(), s.keep(),
        s.priorityColumn(), s.seed(), s.components(), false);
  }

  private static final LshParams DEFAULT_LSH = LshParams.derive(0.8, 128, NearDedup.DEFAULT_RECALL_AT_THRESHOLD);

  private Dataset<Row> run(Dataset<Row> in, NearDedup.Settings s) {
    StageContext ctx = new StageContext(spark(), "t", "id", "text");
    return new SparkNearDedup(s).apply(in, ctx);
  }

  private static Map<String, Row> byId(Dataset<Row> out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : out.select(col("id"), col(Frame.REASON), col(NearDedup.DUPLICATE_OF), col(NearDedup.SIMILARITY),
        col(NearDedup.CLUSTER_ID), col(Frame.DETAIL)).collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  @Test
  void similarDocumentsClusterAndTheSmallestIdIsKept() {
    String base = words(1, 200);
    String close = edit(base, 50, 120);          // two words changed: Jaccard well above 0.8
    String far = edit(base, 10, 30, 50, 70, 90, 110, 130, 150, 170, 190, 20, 40, 60, 80); // far below 0.8
    String other = words(2, 200);
    Map<String, Row> out = byId(run(frame(new String[][] {
        {"d2", close}, {"d1", base}, {"d3", far}, {"d4", other}}), settings(DEFAULT_LSH, true)));
    assertNull(out.get("d1").getString(1));
    assertEquals(ReasonCodes.NEAR_DUPLICATE, out.get("d2").getString(1));
    assertEquals("d1", out.get("d2").getString(2));
    Shingler sh = Shingler.words();
    double j = Jaccard.exact(sh.shingles(base), sh.shingles(close));
    assertEquals(Math.round(j * 10000) / 10000.0, out.get("d2").getDouble(3), 1e-9);
    assertEquals("d1", out.get("d2").getString(4));
    assertEquals("d1", out.get("d1").getString(4), "the keeper carries its cluster id");
    assertEquals(String.format("near duplicate of id d1 (jaccard %.3f)", j), out.get("d2").getString(5));
    assertNull(out.get("d3").getString(1), "below the threshold");
    assertNull(out.get("d3").getString(4));
    assertNull(out.get("d4").getString(1));
  }

  @Test
  void verificationRemovesFalseCandidates() {
    // One band of one row: any two documents sharing their minimum shingle are candidates.
    LshParams loose = new LshParams(1, 1, 1);
    String a = words(3, 100);
    String b = a.substring(0, a.length() / 2) + " " + words(4, 50); // Jaccard about 0.3
    String[][] docs = {{"a", a}, {"b", b}};
    // Find a seed-independent case: use many copies of the pair with different tails until one collides.
    Map<String, Row> verified = byId(run(frame(docs), settings(loose, true)));
    assertNull(verified.get("b").getString(1), "a pair below the threshold is never linked when verified");
    Map<String, Row> unverified = byId(run(frame(new String[][] {{"a", a}, {"b", a + " extra"}}),
        settings(loose, false)));
    assertEquals(ReasonCodes.NEAR_DUPLICATE, unverified.get("b").getString(1));
  }

  @Test
  void shortDistinctDocumentsDoNotCollapse() {
    Map<String, Row> out = byId(run(frame(new String[][] {
        {"a", "hello world"}, {"b", "hello there"}, {"c", "good morning"}, {"d", "Hello, World!"}, {"e", ""}}),
        settings(DEFAULT_LSH, true)));
    assertNull(out.get("a").getString(1));
    assertNull(out.get("b").getString(1));
    assertNull(out.get("c").getString(1));
    assertEquals(ReasonCodes.NEAR_DUPLICATE, out.get("d").getString(1), "same words after simplify");
    assertNull(out.get("e").getString(1), "an empty text has no shingles and no partner");
  }

  @Test
  void clustersAreTransitiveAndTheSideOutputListsEveryMember() {
    String a = words(5, 300);
    String b = edit(a, 100);
    String c = edit(b, 200);
    Dataset<Row> out = run(frame(new String[][] {{"c", c}, {"a", a}, {"b", b}, {"z", words(6, 50)}}),
        settings(DEFAULT_LSH, true));
    StageContext ctx = new StageContext(spark(), "t", "id", "text");
    Dataset<Row> clusters = new SparkNearDedup(settings(DEFAULT_LSH, true)).sideOutputs(ctx)
        .get(NearDedup.CLUSTERS).apply(out).orderBy("id");
    List<Row> rows = clusters.collectAsList();
    assertEquals(3, rows.size(), rows.toString());
    assertEquals(RowFactory.create("a", "a", true, 1.0), rows.get(0));
    assertEquals("a", rows.get(1).getString(1));
    assertEquals(false, rows.get(1).getBoolean(2));
    assertEquals("a", rows.get(2).getString(1));
  }

  @Test
  void aMemberLinkedOnlyThroughAnotherGetsItsOwnSimilarityToTheKeeper() {
    // a ~ b and b ~ c (six words changed each time, Jaccard about 0.82), a and c too far apart to be a pair.
    String a = words(7, 300);
    String b = edit(a, 10, 30, 50, 70, 90, 110);
    String c = edit(b, 150, 170, 190, 210, 230, 250);
    Shingler sh = Shingler.words();
    double ab = Jaccard.exact(sh.shingles(a), sh.shingles(b));
    double ac = Jaccard.exact(sh.shingles(a), sh.shingles(c));
    assertTrue(ab >= 0.8 && Jaccard.exact(sh.shingles(b), sh.shingles(c)) >= 0.8 && ac < 0.8, ab + " " + ac);
    for (boolean verify : new boolean[] {true, false}) {
      SparkNearDedup stage = new SparkNearDedup(settings(DEFAULT_LSH, verify));
      Map<String, Row> out = byId(stage.apply(frame(new String[][] {{"c", c}, {"a", a}, {"b", b}}),
          new StageContext(spark(), "t", "id", "text")));
      assertEquals("a", out.get("b").getString(2));
      assertEquals(Math.round(ab * 10000) / 10000.0, out.get("b").getDouble(3), 1e-9, "from the verified pair");
      assertEquals("a", out.get("c").getString(2), "joined through b");
      assertEquals(Math.round(ac * 10000) / 10000.0, out.get("c").getDouble(3), 1e-9, "computed from the sets");
      @SuppressWarnings("unchecked")
      Map<String, Long> graph = (Map<String, Long>) stage.reportInfo().get("graph");
      assertEquals(verify ? 1L : 2L, graph.get("keeper_similarities_computed"), graph.toString());
    }
  }

  @Test
  void theResultIsTheSameForAnyPartitioning() {
    String[][] docs = new String[60][];
    for (int i = 0; i < 60; i++) {
      String base = words(100 + i % 12, 120);
      docs[i] = new String[] {String.format("doc%02d", i), i < 12 ? base : edit(base, i % 100)};
    }
    Dataset<Row> a = run(frame(docs), settings(DEFAULT_LSH, true))
        .select("id", Frame.REASON, NearDedup.DUPLICATE_OF, NearDedup.CLUSTER_ID).orderBy("id");
    String[][] reversed = new String[60][];
    for (int i = 0; i < 60; i++) {
      reversed[i] = docs[59 - i];
    }
    Dataset<Row> b = run(frame(reversed).repartition(7), settings(DEFAULT_LSH, true))
        .select("id", Frame.REASON, NearDedup.DUPLICATE_OF, NearDedup.CLUSTER_ID).orderBy("id");
    assertDataFrameDataEquals(a, b);
    assertEquals(12, a.filter(col(Frame.REASON).isNull()).count());
    // Reading the input three times instead of caching it changes nothing either.
    Dataset<Row> c = run(frame(docs).repartition(3), uncached(settings(DEFAULT_LSH, true)))
        .select("id", Frame.REASON, NearDedup.DUPLICATE_OF, NearDedup.CLUSTER_ID).orderBy("id");
    assertDataFrameDataEquals(a, c);
  }

  @Test
  void smallGraphsOnTheDriverAndLargeOnesOnTheExecutorsGiveTheSameClustersAndKeepers() {
    // Clusters of several sizes, members linked only through others, and unrelated documents.
    List<String[]> docs = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      String text = words(300 + c, 200 + 20 * c);
      for (int m = 0; m <= c % 4; m++) {
        docs.add(new String[] {String.format("c%d-m%d", c, (m * 7 + c) % 5), text});
        // Each member a few words from the previous one: a chain.
        text = edit(text, 5 + 11 * m, 40 + 13 * m, 90 + 3 * m);
      }
    }
    for (int u = 0; u < 5; u++) {
      docs.add(new String[] {"u" + u, words(400 + u, 80)});
    }
    String[][] input = docs.toArray(new String[0][]);
    ConnectedComponents.Settings distributed = new ConnectedComponents.Settings(0, 2, 100);
    for (boolean verify : new boolean[] {true, false}) {
      for (KeepRule keep : new KeepRule[] {KeepRule.SMALLEST_ID, KeepRule.LONGEST}) {
        NearDedup.Settings onDriver = new NearDedup.Settings(0.8, ShingleKind.WORD, 5, DEFAULT_LSH, verify, keep, null,
            42, ConnectedComponents.Settings.defaults());
        NearDedup.Settings onExecutors = new NearDedup.Settings(0.8, ShingleKind.WORD, 5, DEFAULT_LSH, verify, keep,
            null, 42, distributed);
        SparkNearDedup a = new SparkNearDedup(onDriver);
        SparkNearDedup b = new SparkNearDedup(onExecutors);
        Dataset<Row> outA = a.apply(frame(input), new StageContext(spark(), "t", "id", "text"));
        Dataset<Row> outB = b.apply(frame(input), new StageContext(spark(), "t", "id", "text"));
        String[] cols = {"id", Frame.REASON, NearDedup.DUPLICATE_OF, NearDedup.SIMILARITY, NearDedup.CLUSTER_ID};
        assertDataFrameDataEquals(outA.select("id", cols).orderBy("id"), outB.select("id", cols).orderBy("id"));
        assertEquals(7, outA.filter(col(Frame.REASON).isNotNull()).count(), "every chained member is found");
        @SuppressWarnings("unchecked")
        Map<String, Long> graphA = (Map<String, Long>) a.reportInfo().get("graph");
        @SuppressWarnings("unchecked")
        Map<String, Long> graphB = (Map<String, Long>) b.reportInfo().get("graph");
        assertEquals(graphB, graphA);
      }
    }
  }

  @Test
  void aBucketPartitionCoversAbout128MegabytesOfInput() {
    long mb = 1L << 20;
    assertEquals(64, SparkNearDedup.bucketPartitions(16, 64, 128 * mb), "one per split at the default size");
    assertEquals(200, SparkNearDedup.bucketPartitions(200, 64, 128 * mb), "never fewer than the shuffle partitions");
    assertEquals(16, SparkNearDedup.bucketPartitions(16, 64, 16 * mb), "eight 16 MB splits share one");
    assertEquals(8, SparkNearDedup.bucketPartitions(4, 64, 16 * mb));
    assertEquals(9, SparkNearDedup.bucketPartitions(4, 65, 16 * mb), "rounded up");
    assertEquals(128, SparkNearDedup.bucketPartitions(16, 64, 256 * mb), "large splits are spread");
  }
}
