package dev.sieve.transforms.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.text.near.Jaccard;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.ShingleKind;
import dev.sieve.transforms.text.near.Shingler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of near dedup on real text with naturally occurring near-duplicates: the Debian copyright files under
 * /usr/share/doc (licence boilerplate shared across packages, with small differences). Brute-force exact Jaccard
 * over all pairs gives the truth.
 *
 * <ul>
 *   <li>pair recall: the share of true pairs (Jaccard ≥ 0.8 on word 5-gram shingles) whose two documents end up in
 *       the same cluster;
 *   <li>precision: the share of removed documents that have a true partner (Jaccard ≥ 0.8) in their cluster.
 * </ul>
 *
 * Goal: recall ≥ 0.95 and precision ≥ 0.99 at the default settings.
 */
class NearDedupAccuracyTest extends SparkTestBase {
  private static final double THRESHOLD = 0.8;

  @Test
  void recallAndPrecisionOnDebianCopyrightFiles() throws IOException {
    List<String[]> docs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Paths.get("/usr/share/doc"))) {
      for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
        Path f = d.resolve("copyright");
        if (Files.isRegularFile(f) && !Files.isSymbolicLink(f)) {
          docs.add(new String[] {d.getFileName().toString(),
              new String(Files.readAllBytes(f), StandardCharsets.UTF_8)});
        }
      }
    }
    assertTrue(docs.size() >= 100, "expected at least 100 copyright files, found " + docs.size());

    // Truth: brute force over all pairs.
    Shingler shingler = Shingler.of(ShingleKind.WORD, 5);
    long[][] sh = new long[docs.size()][];
    for (int i = 0; i < sh.length; i++) {
      sh[i] = shingler.shingles(docs.get(i)[1]);
    }
    List<int[]> truePairs = new ArrayList<>();
    for (int i = 0; i < sh.length; i++) {
      for (int j = i + 1; j < sh.length; j++) {
        if (sh[i].length > 0 && sh[j].length > 0 && Jaccard.exact(sh[i], sh[j]) >= THRESHOLD) {
          truePairs.add(new int[] {i, j});
        }
      }
    }
    assertTrue(truePairs.size() >= 20, "the corpus should hold near-duplicates, found " + truePairs.size());

    List<Row> rows = new ArrayList<>();
    for (String[] d : docs) {
      rows.add(RowFactory.create(d[0], d[1]));
    }
    Dataset<Row> frame = Frame.of(spark().createDataFrame(rows,
            new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)), lit("doc"));
    NearDedup.Settings settings = new NearDedup.Settings(THRESHOLD, ShingleKind.WORD, 5,
        LshParams.derive(THRESHOLD, 128, NearDedup.DEFAULT_RECALL_AT_THRESHOLD), true, KeepRule.SMALLEST_ID, null, 42,
        ConnectedComponents.Settings.defaults());
    List<Row> out = new SparkNearDedup(settings).apply(frame, new StageContext(spark(), "acc", "id", "text"))
        .select(col("id"), col(NearDedup.CLUSTER_ID), col(Frame.REASON)).collectAsList();

    Map<String, String> cluster = new HashMap<>();
    Map<String, Boolean> removed = new HashMap<>();
    for (Row r : out) {
      cluster.put(r.getString(0), r.getString(1));
      removed.put(r.getString(0), ReasonCodes.NEAR_DUPLICATE.equals(r.getString(2)));
    }
    int found = 0;
    for (int[] p : truePairs) {
      String a = cluster.get(docs.get(p[0])[0]);
      String b = cluster.get(docs.get(p[1])[0]);
      if (a != null && a.equals(b)) {
        found++;
      }
    }
    double recall = found / (double) truePairs.size();

    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      index.put(docs.get(i)[0], i);
    }
    int removedCount = 0;
    int withPartner = 0;
    for (int i = 0; i < docs.size(); i++) {
      String id = docs.get(i)[0];
      if (!removed.get(id)) {
        continue;
      }
      removedCount++;
      for (int j = 0; j < docs.size(); j++) {
        if (j != i && cluster.get(id).equals(cluster.get(docs.get(j)[0]))
            && Jaccard.exact(sh[i], sh[j]) >= THRESHOLD) {
          withPartner++;
          break;
        }
      }
    }
    double precision = removedCount == 0 ? 1.0 : withPartner / (double) removedCount;
    System.out.printf("near-dedup accuracy on %d Debian copyright files: %d true pairs (Jaccard >= %.2f), "
        + "pair recall %.4f, %d removed, precision %.4f%n", docs.size(), truePairs.size(), THRESHOLD, recall,
        removedCount, precision);
    assertTrue(recall >= 0.95, "pair recall " + recall);
    assertTrue(precision >= 0.99, "precision " + precision);
  }
}
