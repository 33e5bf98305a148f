package dev.sieve.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.io.InputFormat;
import dev.sieve.jobs.io.InputReader;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.spark.Frame;
import dev.sieve.transforms.spark.SparkTestBase;
import dev.sieve.transforms.text.quality.GopherQualityFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Input a terabyte-scale reader meets, in one folder run through every text job: a 50 MB document, a document that
 * is one 1 MB line, duplicate ids, empty files (plain and .gz), and a gzip file cut in half. Each job must finish,
 * account for every record (input = kept + rejected, the count verified by a second read) and give each case its
 * documented outcome. Also: a file that vanishes between the listing and the read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends SparkTestBase {
  private static final int CUT_RECORDS = 400;
  private Path dir;
  private Path input;

  /** Prose-like text from a fixed vocabulary: {@code words} words, a paragraph break every ~80 when asked. */
  private static void prose(Appendable out, long words, boolean paragraphs, long seed) throws IOException {
    Random r = new Random(seed);
    String[] vocab = new String[4000];
    for (int i = 0; i < vocab.length; i++) {
      StringBuilder w = new StringBuilder();
      int len = 2 + new Random(i).nextInt(8);
      for (int j = 0; j < len; j++) {
        w.append((char) ('a' + new Random(i * 31L + j).nextInt(26)));
      }
      vocab[i] = w.toString();
    }
    for (long i = 0; i < words; i++) {
      out.append(vocab[r.nextInt(vocab.length)]);
      if (i % 80 == 79) {
        out.append(paragraphs ? ".\\n\\n" : ". ");
      } else {
        out.append(i % 12 == 11 ? ", " : " ");
      }
    }
  }

  private static String record(String id, String text) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"label\":" + (id.hashCode() & 1) + "}";
  }

  @BeforeAll
  void writeInput() throws IOException {
    runBefore();
    dir = tempDirectory("sieve-hostile").toPath();
    input = dir.resolve("in");
    Files.createDirectories(input);
    // 50 MB in one record (the default record cap is 64 MB), written as paragraphs.
    try (Writer w = Files.newBufferedWriter(input.resolve("big.jsonl"), StandardCharsets.UTF_8)) {
      w.write("{\"id\":\"big-50mb\",\"label\":1,\"text\":\"");
      prose(w, 5_800_000, true, 1);
      w.write("\"}\n");
    }
    // 1 MB of text with no line break at all.
    StringBuilder line = new StringBuilder();
    prose(line, 115_000, false, 2);
    Files.writeString(input.resolve("one-line.jsonl"), record("line-1mb", line.toString()) + "\n");
    // The same id three times: two texts, one of them twice.
    Runs.jsonl(input, "dup-ids.jsonl",
        record("dup", "The river floods every spring and the farmers move their herds to the hills."),
        record("dup", "A different document that happens to carry the same identifier as another one."),
        record("dup", "The river floods every spring and the farmers move their herds to the hills."));
    Files.write(input.resolve("empty.jsonl"), new byte[0]);
    Files.write(input.resolve("empty.jsonl.gz"), new byte[0]);
    // A gzip file cut in half, as an interrupted upload leaves it.
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 0; i < CUT_RECORDS; i++) {
        StringBuilder t = new StringBuilder();
        prose(t, 40, false, 100 + i);
        out.write((record("cut-" + i, t.toString()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = gz.toByteArray();
    Files.write(input.resolve("cut.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
    Runs.jsonl(input, "good.jsonl",
        record("good-1", "An ordinary document about mountains, valleys and the rivers between them."),
        record("good-2", "Another ordinary document, this one about the history of printing in Europe."));
  }

  private static long count(Dataset<Row> d, org.apache.spark.sql.Column where) {
    return d.filter(where).count();
  }

  /** A run's kept and rejected tables. */
  private record Tables(Dataset<Row> kept, Dataset<Row> rejected) {}

  /** The checks every job's output must pass; returns its tables. */
  private Tables accounted(Path out) throws IOException {
    JsonNode report = Runs.report(out);
    assertEquals("succeeded", report.get("status").asText());
    assertTrue(report.get("input_count_verified").asBoolean(), report.toString());
    long in = report.get("input_records").asLong();
    assertEquals(in, report.get("kept_records").asLong() + report.get("rejected_records").asLong());
    Dataset<Row> kept = spark().read().format("delta").load(out.resolve("kept").toString());
    Dataset<Row> rejected = spark().read().format("delta").load(out.resolve("rejected").toString());
    assertEquals(in, kept.count() + rejected.count());

    // The cut gzip: its readable records, then one row for the unreadable rest.
    List<Row> unreadable = rejected.filter(col("reject_reason").equalTo(ReasonCodes.UNREADABLE_INPUT))
        .select("reject_detail", "source_file", "reject_stage").collectAsList();
    assertEquals(1, unreadable.size(), unreadable.toString());
    assertTrue(unreadable.get(0).getString(0).contains("truncated or corrupt"), unreadable.toString());
    assertTrue(unreadable.get(0).getString(1).endsWith("cut.jsonl.gz"), unreadable.toString());
    assertEquals("read", unreadable.get(0).getString(2));
    long fromCut = count(kept, col("id").startsWith("cut-")) + count(rejected, col("id").startsWith("cut-"))
        + count(rejected, col("source_file").endsWith("cut.jsonl.gz").and(col("id").isNull()));
    int read = Integer.parseInt(unreadable.get(0).getString(0).replaceAll(".*after (\\d+) lines.*", "$1"));
    assertTrue(read > 50 && read < CUT_RECORDS, "lines read before the cut: " + read);
    assertEquals(read + 1, fromCut, "each line read before the cut, and the unreadable rest");
    // Nothing from the empty files.
    assertEquals(0, count(rejected, col("source_file").contains("empty.jsonl")));
    return new Tables(kept, rejected);
  }

  @Test
  void textDedupKeepsTheHugeDocumentsAndCountsDuplicateIdsAsRecords() throws IOException {
    Path out = dir.resolve("dedup");
    Runs.dedup(input, out).assertOk();
    Tables tables = accounted(out);
    Dataset<Row> rejected = tables.rejected();
    Dataset<Row> kept = tables.kept();
    assertEquals(1, count(kept, col("id").equalTo("big-50mb")));
    assertEquals(1, count(kept, col("id").equalTo("line-1mb")));
    long bytes = kept.filter(col("id").equalTo("big-50mb")).selectExpr("octet_length(text)").first().getInt(0);
    assertTrue(bytes > 50_000_000 && bytes < 52_000_000, "the big document is " + bytes + " bytes");
    // Ids need not be unique: the two texts are both kept, the repeat is an exact duplicate of the first.
    assertEquals(2, count(kept, col("id").equalTo("dup")));
    List<Row> dup = rejected.filter(col("id").equalTo("dup")).select("reject_reason", "duplicate_of")
        .collectAsList();
    assertEquals(1, dup.size(), dup.toString());
    assertEquals(ReasonCodes.EXACT_DUPLICATE, dup.get(0).getString(0));
    assertEquals("dup", dup.get(0).getString(1));
  }

  @Test
  void textQualityRejectsTheHugeDocumentBeforeAnyFilterRuns() throws IOException {
    Path out = dir.resolve("quality");
    Runs.main("text-quality", "--input", input.toString(), "--output", out.toString(), "--env", "none")
        .assertOk();
    Tables tables = accounted(out);
    Dataset<Row> rejected = tables.rejected();
    List<Row> big = rejected.filter(col("id").equalTo("big-50mb")).select("reject_reason", "reject_detail")
        .collectAsList();
    assertEquals(ReasonCodes.TOO_LONG, big.get(0).getString(0), big.toString());
    // The 1 MB line is under quality.max_chars, so the filters ran on it: its 115,000 words are over Gopher's
    // max_doc_words (100,000).
    Dataset<Row> kept = tables.kept();
    List<Row> line = rejected.filter(col("id").equalTo("line-1mb")).select("reject_reason").collectAsList();
    assertEquals(GopherQualityFilter.REASON_LONG_DOC, line.get(0).getString(0), line.toString());
    assertEquals(3, count(kept, col("id").equalTo("dup")) + count(rejected, col("id").equalTo("dup")));
  }

  @Test
  void recordsOverTheCapAreRejectedWithoutBeingHeldWhole() throws IOException {
    Path out = dir.resolve("capped");
    Runs.main("quality-train", "--input", input.toString(), "--output", out.toString(), "--env", "none",
        "--set", "input.max_record_bytes=8388608", "--set", "train.features=4096", "--set", "train.max_iter=5")
        .assertOk();
    Dataset<Row> rejected = accounted(out).rejected();
    List<Row> big = rejected.filter(col("reject_reason").equalTo(ReasonCodes.RECORD_TOO_LARGE))
        .select("reject_detail", "raw_record", "source_file").collectAsList();
    assertEquals(1, big.size(), big.toString());
    assertTrue(big.get(0).getString(0).contains("input.max_record_bytes is 8388608"), big.toString());
    assertTrue(big.get(0).getString(1).startsWith("{\"id\":\"big-50mb\""), "the head is kept to find it");
    assertTrue(big.get(0).getString(1).length() <= 4096);
    assertTrue(big.get(0).getString(2).endsWith("big.jsonl"));
  }

  @Test
  void anInputOfOnlyEmptyFilesIsARunWithNoRecords() throws IOException {
    Path empty = dir.resolve("only-empty");
    Files.createDirectories(empty);
    Files.write(empty.resolve("a.jsonl"), new byte[0]);
    Path out = dir.resolve("empty-out");
    Runs.dedup(empty, out, "--set", "dedup.mode=exact").assertOk();
    JsonNode report = Runs.report(out);
    assertEquals(0, report.get("input_records").asLong());
    assertEquals(0, report.get("kept_records").asLong());
  }

  @Test
  void aFileThatVanishesBetweenListingAndReadingIsOneRejectedRow() throws IOException {
    Path in = dir.resolve("vanish");
    Runs.jsonl(in, "stays.jsonl", record("s1", "This file stays where it was listed."));
    Path gone = Runs.jsonl(in, "goes.jsonl", record("g1", "This file is deleted after the listing."),
        record("g2", "So is this record."));
    CommonSettings.Input settings = new CommonSettings.Input(in.toString(), InputFormat.JSONL, "id", "text",
        "id STRING, text STRING", 1.0, 1 << 20);
    InputReader.Input read = InputReader.read(spark(), settings);
    Files.delete(gone); // listed, not yet read: the frame is lazy
    List<Row> rows = read.frame().select(col("id"), col(Frame.REASON), col(Frame.DETAIL)).collectAsList();
    assertEquals(2, rows.size(), rows.toString());
    Row lost = rows.stream().filter(r -> r.getString(0) == null).findFirst().orElseThrow();
    assertEquals(ReasonCodes.UNREADABLE_INPUT, lost.getString(1));
    assertTrue(lost.getString(2).contains("goes.jsonl") && lost.getString(2).contains("vanished"), lost.toString());
    assertEquals(2, read.recordCount().getAsLong());
    List<String> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.getString(0)));
    assertTrue(ids.contains("s1"));
  }
}
