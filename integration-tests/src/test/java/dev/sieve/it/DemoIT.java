package dev.sieve.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's first command: {@code bin/sieve demo} on the bundled corpus, checked record by record against the
 * corpus's truth file (samples/text/truth.jsonl) by reading the Delta output with a separate Spark session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {
  private Path tmp;

  private Cli.Result result;
  private JsonNode report;
  private SparkSession spark;
  private Dataset<Row> kept;
  private Dataset<Row> rejected;
  private final Map<String, JsonNode> truthById = new HashMap<>();
  private final Map<Integer, JsonNode> truthByLine = new HashMap<>();

  @BeforeAll
  void runTheDemo() throws Exception {
    tmp = Files.createTempDirectory("sieve-demo-it");
    result = Cli.run(tmp, "demo");
    assertEquals(0, result.status(), "stdout:\n" + result.out() + "\nstderr:\n" + result.err());
    Path out = tmp.resolve("sieve-demo-output");
    report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    for (String line : Files.readAllLines(Cli.home().resolve("samples/text/truth.jsonl"))) {
      JsonNode t = new ObjectMapper().readTree(line);
      truthByLine.put(t.get("line").asInt(), t);
      if (!t.get("id").isNull()) {
        truthById.put(t.get("id").asText(), t);
      }
    }
    spark = SparkSession.builder().master("local[2]").appName("demo-it")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    kept = spark.read().format("delta").load(out.resolve("kept").toString()).cache();
    rejected = spark.read().format("delta").load(out.resolve("rejected").toString()).cache();
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void printsWhereTheOutputsAre() {
    assertTrue(result.out().contains("kept:     " + tmp.resolve("sieve-demo-output/kept")), result.out());
    assertTrue(result.out().contains("report:   "), result.out());
    assertTrue(result.out().contains("Why records were rejected"), result.out());
  }

  @Test
  void everyRecordIsKeptOrRejected() {
    long lines = truthByLine.size();
    assertEquals(lines, report.get("input_records").asLong());
    assertEquals(lines, kept.count() + rejected.count());
    assertEquals(report.get("kept_records").asLong(), kept.count());
    assertEquals(report.get("rejected_records").asLong(), rejected.count());
  }

  @Test
  void plantedExactDuplicatesAreRejectedInFavourOfTheOriginal() {
    Map<String, String> dupOf = new HashMap<>();
    for (Row r : rejected.filter(col("reject_reason").equalTo("exact_duplicate"))
        .select("id", "duplicate_of").collectAsList()) {
      dupOf.put(r.getString(0), r.getString(1));
    }
    int planted = 0;
    for (JsonNode t : truthById.values()) {
      if (t.get("category").asText().startsWith("exact_duplicate")) {
        planted++;
        String id = t.get("id").asText();
        assertEquals(t.get("of").asText(), dupOf.get(id), id + " (" + t.get("category").asText() + ")");
      }
    }
    assertEquals(45, planted);
    // Under simplify, digits fold to 0: near-duplicates that differ only in a number are exact duplicates too.
    for (Map.Entry<String, String> e : dupOf.entrySet()) {
      JsonNode t = truthById.get(e.getKey());
      String cat = t.get("category").asText();
      assertTrue(cat.startsWith("exact_duplicate")
          || (cat.equals("near_duplicate") && t.get("detail").asText().contains("number")), e.getKey() + " " + cat);
    }
  }

  @Test
  void plantedNearDuplicatesAreRejectedInFavourOfTheirOriginal() {
    Map<String, Row> rows = new HashMap<>();
    for (Row r : rejected.select("id", "reject_reason", "duplicate_of", "near_duplicate_of", "near_similarity")
        .collectAsList()) {
      rows.put(r.getString(0), r);
    }
    int planted = 0;
    for (JsonNode t : truthById.values()) {
      if (!t.get("category").asText().equals("near_duplicate")) {
        continue;
      }
      planted++;
      String id = t.get("id").asText();
      Row r = rows.get(id);
      assertTrue(r != null, id + " is rejected");
      String keptId = r.getString(1).equals("exact_duplicate") ? r.getString(2) : r.getString(3);
      assertEquals(t.get("of").asText(), keptId, id + " " + r);
    }
    assertEquals(25, planted);
    for (Row r : rows.values()) {
      if ("near_duplicate".equals(r.getString(1))) {
        assertTrue(r.getDouble(4) >= 0.8, "verified similarity: " + r);
      }
    }
  }

  @Test
  void malformedRecordsAreRejectedWithTheirReasonAndRawContent() {
    Map<String, Long> byReason = new HashMap<>();
    report.get("rejected_by_reason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
    assertEquals(3L, byReason.get("malformed_json"));
    assertEquals(2L, byReason.get("invalid_utf8"));
    assertEquals(2L, byReason.get("missing_id"));
    assertEquals(1L, byReason.get("missing_text"));
    assertEquals(2L, byReason.get("wrong_type"));
    assertEquals(2L, byReason.get("empty_text"));
    List<Row> raw = rejected.filter(col("reject_reason").isin("malformed_json", "invalid_utf8", "missing_id",
        "missing_text", "wrong_type")).select("raw_record").collectAsList();
    assertEquals(10, raw.size());
    for (Row r : raw) {
      assertTrue(r.getString(0) != null && !r.getString(0).isEmpty(), "raw content kept");
    }
  }

  @Test
  void cleanDocumentsAreKept() {
    long cleanKept = 0;
    for (Row r : kept.select("id").collectAsList()) {
      JsonNode t = truthById.get(r.getString(0));
      if (t != null && t.get("category").asText().startsWith("clean")) {
        cleanKept++;
      }
    }
    long clean = truthById.values().stream().filter(t -> t.get("category").asText().startsWith("clean")).count();
    assertEquals(clean, cleanKept);
  }
}
