package dev.sieve.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** The first of chromium, chromium-browser, google-chrome on the PATH. */
  private static String chromium() {
    for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        if (Files.isExecutable(java.nio.file.Paths.get(dir, name))) {
          return java.nio.file.Paths.get(dir, name).toString();
        }
      }
    }
    throw new AssertionError("no chromium on the PATH: install Debian's chromium (.ci/run does)");
  }

  private static String[] browse(String chromium, Path profile, String... extra) {
    List<String> cmd = new java.util.ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + profile, "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(extra));
    try {
      Path out = Files.createTempFile("chromium-out", ".txt");
      Path err = Files.createTempFile("chromium-err", ".txt");
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish in 120 s: " + cmd);
      }
      return new String[] {Files.readString(out), Files.readString(err)};
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void theHtmlReportOpensInAHeadlessBrowserWithEveryChartDrawn() throws Exception {
    Path html = tmp.resolve("sieve-demo-output/report.html");
    assertTrue(Files.isRegularFile(html), "report.html next to report.json");
    String chromium = chromium();
    Path profile = Files.createTempDirectory("sieve-chromium-profile");
    String[] dom = browse(chromium, profile, "--dump-dom", html.toUri().toString());
    for (String chart : List.of("records", "stages", "reasons", "phases", "dist-exact_dedup_cluster_sizes",
        "dist-near_dedup_cluster_sizes")) {
      assertTrue(dom[0].contains("data-chart=\"" + chart + "\""), "chart " + chart + " in the rendered page");
    }
    assertTrue(dom[0].contains("<rect"), "bars drawn");
    assertFalse(dom[1].contains("Uncaught") || dom[1].contains(":CONSOLE"), "script errors:\n" + dom[1]);
    Path shot = java.nio.file.Paths.get("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    browse(chromium, Files.createTempDirectory("sieve-chromium-profile"), "--window-size=1200,2600",
        "--hide-scrollbars", "--screenshot=" + shot, html.toUri().toString());
    assertTrue(Files.isRegularFile(shot) && Files.size(shot) > 10_000, "screenshot at " + shot);
  }

  @Test
  void theRunIsRecordedInTheRunsTable() {
    List<Row> runs = spark.read().format("delta").load(tmp.resolve("sieve-demo-output/runs").toString())
        .select("run_id", "job", "status", "input_records", "kept_records", "rejected_records").collectAsList();
    assertEquals(1, runs.size(), runs.toString());
    assertEquals(report.get("run_id").asText(), runs.get(0).getString(0));
    assertEquals("text-dedup", runs.get(0).getString(1));
    assertEquals("succeeded", runs.get(0).getString(2));
    assertEquals(report.get("input_records").asLong(), runs.get(0).getLong(3));
    assertEquals(report.get("kept_records").asLong() + report.get("rejected_records").asLong(),
        runs.get(0).getLong(4) + runs.get(0).getLong(5));
  }
}
