package dev.sieve.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.spark.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One JSONL file holding every kind of malformed record, run once through each text job (text-dedup, text-quality,
 * quality-train): in each, every record must end up rejected with its documented reason (and its raw content where
 * it could not be parsed), the job must finish, and input = kept + rejected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputTest extends SparkTestBase {

  private Path output;
  private JsonNode report;
  private Dataset<Row> rejected;
  private Dataset<Row> kept;

  /** Case name, the line as bytes, how to find its rejected row, the expected reason. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("truncated JSON", line("{\"id\":\"x1\",\"text\":\"unterminated"), "raw:unterminated",
            ReasonCodes.MALFORMED_JSON),
        Arguments.of("garbage after the object", line("{\"id\":\"x2\",\"text\":\"ok\"} junk"), "raw:junk",
            ReasonCodes.MALFORMED_JSON),
        Arguments.of("unquoted key", line("{id:\"x3\",\"text\":\"t\"}"), "raw:{id:", ReasonCodes.MALFORMED_JSON),
        Arguments.of("a JSON array, not an object", line("[1,2,3]"), "raw:[1,2,3]", ReasonCodes.MALFORMED_JSON),
        Arguments.of("raw NUL byte inside a string", line("{\"id\":\"x4\",\"text\":\"a\u0000b\"}"), "raw:x4",
            ReasonCodes.MALFORMED_JSON),
        Arguments.of("invalid UTF-8 (0xFF)", bytes("{\"id\":\"x5\",\"text\":\"bad ", new byte[] {(byte) 0xFF},
            " byte\"}"), "raw:x5", ReasonCodes.INVALID_UTF8),
        Arguments.of("invalid UTF-8 (truncated sequence)", bytes("{\"id\":\"x6\",\"text\":\"cut ",
            new byte[] {(byte) 0xE2, (byte) 0x82}, "\"}"), "raw:x6", ReasonCodes.INVALID_UTF8),
        Arguments.of("missing id", line("{\"text\":\"no id here\"}"), "raw:no id here", ReasonCodes.MISSING_ID),
        Arguments.of("null id", line("{\"id\":null,\"text\":\"null id\"}"), "raw:null id", ReasonCodes.MISSING_ID),
        Arguments.of("missing text", line("{\"id\":\"x7\"}"), "raw:x7", ReasonCodes.MISSING_TEXT),
        Arguments.of("null text", line("{\"id\":\"x8\",\"text\":null}"), "raw:x8", ReasonCodes.MISSING_TEXT),
        Arguments.of("text is a number", line("{\"id\":\"x9\",\"text\":7}"), "raw:x9", ReasonCodes.WRONG_TYPE),
        Arguments.of("text is an object", line("{\"id\":\"x10\",\"text\":{\"a\":1}}"), "raw:x10",
            ReasonCodes.WRONG_TYPE),
        Arguments.of("id is a float", line("{\"id\":1.5,\"text\":\"float id\"}"), "raw:float id",
            ReasonCodes.WRONG_TYPE),
        Arguments.of("record over input.max_record_bytes", line("{\"id\":\"x11\",\"text\":\"" + "y".repeat(3000)
            + "\"}"), "raw:x11", ReasonCodes.RECORD_TOO_LARGE),
        Arguments.of("empty text", line("{\"id\":\"x12\",\"text\":\"\"}"), "id:x12", ReasonCodes.EMPTY_TEXT),
        Arguments.of("whitespace-only text", line("{\"id\":\"x13\",\"text\":\" \\n\\t\\u00a0 \"}"), "id:x13",
            ReasonCodes.EMPTY_TEXT));
  }

  private static final List<String> GOOD = List.of(
      "{\"id\":\"good-1\",\"text\":\"A perfectly fine document about rivers.\",\"url\":\"https://a.test/1\","
          + "\"label\":1}",
      "{\"id\":42,\"text\":\"A document whose id is a number.\",\"url\":\"https://a.test/2\",\"label\":0}",
      "{\"id\":\"good-3\",\"text\":\"Another fine document, this one about mountains.\",\"label\":1}");

  /** The text jobs, each run once over the file. */
  static final List<String> JOBS = List.of("text-dedup", "text-quality", "quality-train");

  private final java.util.Map<String, Dataset<Row>> rejectedBy = new java.util.HashMap<>();

  static Stream<Arguments> casesPerJob() {
    return JOBS.stream().flatMap(job -> cases().map(a -> Arguments.of(job, a.get()[0], a.get()[1], a.get()[2],
        a.get()[3])));
  }

  private static byte[] line(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String a, byte[] mid, String b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(line(a));
    out.writeBytes(mid);
    out.writeBytes(line(b));
    return out.toByteArray();
  }

  @BeforeAll
  void runOnce() throws IOException {
    runBefore();
    Path dir = tempDirectory("sieve-malformed").toPath();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(line(GOOD.get(0) + "\n"));
    cases().forEach(a -> {
      file.writeBytes((byte[]) a.get()[1]);
      file.write('\n');
    });
    // Blank lines are not records.
    file.writeBytes(line("\n   \n"));
    file.writeBytes(line(GOOD.get(1) + "\n" + GOOD.get(2) + "\n"));
    Path input = dir.resolve("in/mixed.jsonl");
    Files.createDirectories(input.getParent());
    Files.write(input, file.toByteArray());
    output = dir.resolve("out");
    Runs.dedup(input, output, "--set", "input.max_record_bytes=1000").assertOk();
    report = Runs.report(output);
    rejected = spark().read().format("delta").load(output.resolve("rejected").toString()).cache();
    kept = spark().read().format("delta").load(output.resolve("kept").toString()).cache();
    rejectedBy.put("text-dedup", rejected);
    for (String job : JOBS.subList(1, JOBS.size())) {
      Path out = dir.resolve("out-" + job);
      // quality-train: the three good records train a tiny model (no holdout), only to show the read is the same.
      Runs.main(job, "--input", input.toString(), "--output", out.toString(), "--env", "none",
          "--set", "input.max_record_bytes=1000", "--set", "train.features=64", "--set", "train.holdout=0",
          "--set", "train.max_iter=2").assertOk();
      JsonNode r = Runs.report(out);
      assertEquals(cases().count() + GOOD.size(), r.get("input_records").asLong(), job);
      assertEquals(r.get("input_records").asLong(),
          r.get("kept_records").asLong() + r.get("rejected_records").asLong(), job);
      rejectedBy.put(job, spark().read().format("delta").load(out.resolve("rejected").toString()).cache());
    }
  }

  @ParameterizedTest(name = "{0}: {1} -> {4}")
  @MethodSource("casesPerJob")
  void eachMalformedRecordIsRejectedWithItsReason(String job, String name, byte[] bytes, String locator,
      String reason) {
    Dataset<Row> table = rejectedBy.get(job);
    Dataset<Row> hit = locator.startsWith("raw:")
        ? table.filter(col("raw_record").contains(locator.substring(4)))
        : table.filter(col("id").equalTo(locator.substring(3)));
    List<Row> rows = hit.select("reject_reason", "reject_detail", "reject_stage", "source_file").collectAsList();
    assertEquals(1, rows.size(), job + ", " + name + ": rows " + rows);
    assertEquals(reason, rows.get(0).getString(0), name + ": " + rows.get(0));
    assertNotNull(rows.get(0).getString(1), name + ": a detail is given");
    assertEquals("read", rows.get(0).getString(2));
    assertTrue(rows.get(0).getString(3).endsWith("mixed.jsonl"), rows.get(0).getString(3));
  }

  @Test
  void theGoodRecordsAreKeptWithTheirColumns() {
    List<Row> rows = kept.select("id", "url").orderBy("id").collectAsList();
    assertEquals(3, rows.size(), rows.toString());
    assertEquals("42", rows.get(0).getString(0), "an integer id becomes a string");
    assertEquals("good-1", rows.get(1).getString(0));
    assertEquals("https://a.test/1", rows.get(1).getString(1));
  }

  @Test
  void everyRecordIsAccountedForAndBlankLinesAreNotRecords() {
    long cases = cases().count();
    assertEquals(cases + GOOD.size(), report.get("input_records").asLong());
    assertEquals(report.get("input_records").asLong(),
        report.get("kept_records").asLong() + report.get("rejected_records").asLong());
    assertEquals(GOOD.size(), kept.count());
    assertEquals(cases, rejected.count());
    assertTrue(report.get("input_count_verified").asBoolean());
  }

  @Test
  void theReportCountsRejectionsByReasonAndStage() {
    JsonNode byReason = report.get("rejected_by_reason");
    assertEquals(5, byReason.get(ReasonCodes.MALFORMED_JSON).asLong());
    assertEquals(2, byReason.get(ReasonCodes.INVALID_UTF8).asLong());
    assertEquals(2, byReason.get(ReasonCodes.MISSING_ID).asLong());
    assertEquals(2, byReason.get(ReasonCodes.MISSING_TEXT).asLong());
    assertEquals(3, byReason.get(ReasonCodes.WRONG_TYPE).asLong());
    assertEquals(2, byReason.get(ReasonCodes.EMPTY_TEXT).asLong());
    assertEquals(1, byReason.get(ReasonCodes.RECORD_TOO_LARGE).asLong());
    JsonNode read = report.get("stages").get(0);
    assertEquals("read", read.get("name").asText());
    assertEquals(cases().count(), read.get("rejected_records").asLong());
  }
}
