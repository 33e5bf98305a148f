package dev.sieve.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * text-dedup on a skewed corpus: one document with a fifth of the corpus as near-duplicate variants (one giant
 * cluster, whose LSH buckets each hold a fifth of the corpus) and another copied verbatim onto 1% of it. Buckets past
 * the pairwise limit become star edges (linear, memory bounded by the limit) and are reported; every variant still
 * ends in the one cluster, rejected against its keeper, and nothing is lost. Memory under such skew at scale is
 * measured by {@code bench/skew}, not here.
 */
class SkewTest extends SparkTestBase {
  private static final int DOCS = 2500;
  private static final int HOT_VARIANTS = DOCS / 5;
  private static final int COPIES = DOCS / 100;

  private static String words(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int w = r.nextInt(20_000);
      sb.append(i == 0 ? "" : " ").append((char) ('a' + w % 26)).append(Integer.toString(w, 36));
    }
    return sb.toString();
  }

  /** The hot text with one or two of its words replaced: word-5-gram Jaccard about 0.93 to 0.97. */
  private static String variant(String hot, Random r) {
    String[] w = hot.split(" ");
    int edits = 1 + r.nextInt(2);
    for (int e = 0; e < edits; e++) {
      w[r.nextInt(w.length)] = "edit" + r.nextInt(1_000_000);
    }
    return String.join(" ", w);
  }

  @Test
  void aGiantClusterAndAOnePercentBucketAreDeduplicatedWhole() throws IOException {
    Random r = new Random(5);
    String hot = words(r, 300);
    String copied = words(r, 200);
    List<String> lines = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      kinds.add(i < HOT_VARIANTS ? "variant" : i < HOT_VARIANTS + COPIES ? "copy" : "unique");
    }
    java.util.Collections.shuffle(kinds, r);
    lines.add("{\"id\":\"a-hot\",\"text\":\"" + hot + "\"}");
    lines.add("{\"id\":\"a-copied\",\"text\":\"" + copied + "\"}");
    for (int i = 0; i < DOCS; i++) {
      String text = switch (kinds.get(i)) {
        case "variant" -> variant(hot, r);
        case "copy" -> copied;
        default -> words(r, 100 + r.nextInt(300));
      };
      lines.add("{\"id\":\"" + kinds.get(i) + "-" + String.format("%05d", i) + "\",\"text\":\"" + text + "\"}");
    }
    Path dir = tempDirectory("sieve-skew").toPath();
    Path out = dir.resolve("out");
    Runs.dedup(Runs.jsonl(dir.resolve("in"), "skewed.jsonl", lines.toArray(new String[0])), out).assertOk();

    JsonNode report = Runs.report(out);
    assertEquals(DOCS + 2, report.get("input_records").asLong());
    assertEquals(report.get("input_records").asLong(),
        report.get("kept_records").asLong() + report.get("rejected_records").asLong());
    JsonNode graph = null;
    for (JsonNode s : report.get("stages")) {
      if (s.get("name").asText().equals("near_dedup")) {
        graph = s.get("graph");
      }
    }
    // The hot document's buckets are far past the pairwise limit: star edges, reported.
    assertTrue(graph.get("oversized_buckets").asLong() >= 1, graph.toString());
    assertTrue(graph.get("oversized_bucket_members").asLong() >= HOT_VARIANTS, graph.toString());

    Dataset<Row> rejected = spark().read().format("delta").load(out.resolve("rejected").toString());
    Dataset<Row> kept = spark().read().format("delta").load(out.resolve("kept").toString());
    // Every variant is a near duplicate of the hot document, kept once.
    assertEquals(HOT_VARIANTS, rejected.filter(col("id").startsWith("variant-")
        .and(col("reject_reason").equalTo(ReasonCodes.NEAR_DUPLICATE))
        .and(col("near_duplicate_of").equalTo("a-hot"))).count());
    // Every copy an exact duplicate of the copied document.
    assertEquals(COPIES, rejected.filter(col("id").startsWith("copy-")
        .and(col("reject_reason").equalTo(ReasonCodes.EXACT_DUPLICATE))
        .and(col("duplicate_of").equalTo("a-copied"))).count());
    assertEquals(DOCS - HOT_VARIANTS - COPIES + 2, kept.count());
    // One cluster holds the hot document and all its variants.
    Dataset<Row> clusters = spark().read().format("delta").load(out.resolve("clusters").toString());
    List<Row> sizes = clusters.groupBy("cluster_id").count().orderBy(col("count").desc()).collectAsList();
    assertEquals(HOT_VARIANTS + 1, sizes.get(0).getLong(1), sizes.toString());
  }
}
