package dev.sieve.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdOutputStream;
import com.typesafe.config.ConfigFactory;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.run.JobFailure;
import dev.sieve.jobs.run.JobRunner;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.spark.Frame;
import dev.sieve.transforms.spark.SparkTestBase;
import dev.sieve.transforms.spark.Stage;
import dev.sieve.transforms.spark.StageContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TextDedupJobTest extends SparkTestBase {

  /** Two exact copies of doc-b (one with extra spaces), doc-a and doc-c distinct. */
  static final String[] CORPUS = {
      "{\"id\":\"doc-b\",\"text\":\"The river rose overnight and closed the lower bridge.\",\"source\":\"s1\",\"score\":1}",
      "{\"id\":\"doc-a\",\"text\":\"Bakers in the old town start work before dawn.\",\"source\":\"s2\",\"score\":2}",
      "{\"id\":\"doc-d\",\"text\":\"The river rose overnight and closed the lower bridge.\",\"source\":\"s3\",\"score\":9}",
      "{\"id\":\"doc-e\",\"text\":\"The river  rose overnight and closed the lower   bridge. \",\"source\":\"s4\",\"score\":3}",
      "{\"id\":\"doc-c\",\"text\":\"Volunteers planted four hundred trees along the canal.\",\"source\":\"s5\",\"score\":4}"};

  private Path dir;

  @BeforeEach
  void dir() {
    dir = tempDirectory("sieve-dedup").toPath();
  }

  /** text-dedup in exact mode: these tests are about the run contract, not about near dedup. */
  private static Runs.Result exact(Path input, Path output, String... extra) {
    String[] args = java.util.Arrays.copyOf(extra, extra.length + 2);
    args[extra.length] = "--set";
    args[extra.length + 1] = "dedup.mode=exact";
    return Runs.dedup(input, output, args);
  }

  private Dataset<Row> table(Path output, String table, String format) {
    return spark().read().format(format).load(output.resolve(table).toString());
  }

  private static List<String> ids(Dataset<Row> df) {
    List<String> out = new ArrayList<>();
    for (Row r : df.select("id").orderBy("id").collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  @Test
  void exactDedupKeepsOnePerHashAndNamesTheKeptDocument() throws IOException {
    Path in = Runs.jsonl(dir, "in.jsonl", CORPUS);
    Path out = dir.resolve("out");
    Runs.Result r = exact(in, out).assertOk();
    assertTrue(r.out().contains("5 input records -> 3 kept, 2 rejected"), r.out());

    Dataset<Row> kept = table(out, "kept", "delta");
    assertEquals(List.of("doc-a", "doc-b", "doc-c"), ids(kept));
    assertEquals(List.of("id", "text", "score", "source", "content_hash", "exact_dup_count"),
        List.of(kept.columns()).subList(0, 6));
    assertEquals(2L, kept.filter(col("id").equalTo("doc-b")).select("exact_dup_count").first().getLong(0));

    Dataset<Row> rejected = table(out, "rejected", "delta");
    List<Row> rows = rejected.select("id", "reject_reason", "reject_detail", "duplicate_of", "reject_stage")
        .orderBy("id").collectAsList();
    assertEquals(2, rows.size());
    for (Row row : rows) {
      assertEquals(ReasonCodes.EXACT_DUPLICATE, row.getString(1));
      assertEquals("duplicate of id doc-b", row.getString(2));
      assertEquals("doc-b", row.getString(3));
      assertEquals("exact_dedup", row.getString(4));
    }
    assertFalse(List.of(rejected.columns()).contains("exact_dup_count"));
    assertFalse(List.of(kept.columns()).contains("duplicate_of"));

    JsonNode report = Runs.report(out);
    assertEquals("succeeded", report.get("status").asText());
    assertEquals(5, report.get("input_records").asLong());
    assertEquals(3, report.get("kept_records").asLong());
    assertEquals(2, report.get("rejected_records").asLong());
    assertEquals(2, report.get("rejected_by_reason").get("exact_duplicate").asLong());
    JsonNode stage = report.get("stages").get(1);
    assertEquals("exact_dedup", stage.get("name").asText());
    assertEquals(5, stage.get("input_records").asLong());
    assertEquals(3, stage.get("output_records").asLong());
    assertTrue(stage.has("record_cpu_s"));
    assertEquals("whitespace", report.get("config").get("dedup.normalization").asText());
    assertTrue(report.get("phases").size() >= 4);
    assertTrue(report.get("output").get("kept").has("delta_version"));
    assertTrue(Files.exists(out.resolve("_runs").resolve(report.get("run_id").asText()).resolve("report.json")));
  }

  @Test
  void normalizationNoneSeesTheSpacedCopyAsDifferent() throws IOException {
    Path out = dir.resolve("out");
    exact(Runs.jsonl(dir, "in.jsonl", CORPUS), out, "--set", "dedup.normalization=none").assertOk();
    assertEquals(List.of("doc-a", "doc-b", "doc-c", "doc-e"), ids(table(out, "kept", "delta")));
  }

  @Test
  void keepRulesLongestAndPriority() throws IOException {
    Path in = Runs.jsonl(dir, "in.jsonl", CORPUS);
    Path longest = dir.resolve("longest");
    exact(in, longest, "--set", "dedup.keep=longest").assertOk();
    assertEquals(List.of("doc-a", "doc-c", "doc-e"), ids(table(longest, "kept", "delta")));
    Path prio = dir.resolve("prio");
    exact(in, prio, "--set", "dedup.keep=priority", "--set", "dedup.priority_column=score").assertOk();
    assertEquals(List.of("doc-a", "doc-c", "doc-d"), ids(table(prio, "kept", "delta")));
  }

  @Test
  void twoRunsOfTheSameInputAndConfigGiveIdenticalOutput() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      lines.add("{\"id\":\"d" + (i * 7919 % 400) + "\",\"text\":\"text number " + (i % 37) + "\"}");
    }
    lines.add("{broken");
    Path in = Runs.jsonl(dir, "in.jsonl", lines.toArray(new String[0]));
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    exact(in, a).assertOk();
    exact(in, b, "--set", "spark.conf.spark.sql.shuffle.partitions=5").assertOk();
    for (String t : List.of("kept", "rejected")) {
      Dataset<Row> x = table(a, t, "delta");
      Dataset<Row> y = table(b, t, "delta");
      assertEquals(x.count(), y.count(), t);
      assertEquals(0, x.exceptAll(y).count(), t);
      assertEquals(0, y.exceptAll(x).count(), t);
    }
    assertEquals(37, table(a, "kept", "delta").count());
    spark().conf().set("spark.sql.shuffle.partitions", "2");
  }

  @Test
  void nearDedupOfTheSampleCorpusIsIdenticalAcrossRunsAndPartitionCounts() throws IOException {
    Path sample = Path.of(System.getProperty("sieve.home"), "samples/text/web-sample.jsonl");
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Runs.dedup(sample, a, "--set", "dedup.normalization=simplify").assertOk();
    Runs.dedup(sample, b, "--set", "dedup.normalization=simplify",
        "--set", "spark.conf.spark.sql.shuffle.partitions=7").assertOk();
    spark().conf().set("spark.sql.shuffle.partitions", "2");
    for (String t : List.of("kept", "rejected", "clusters")) {
      Dataset<Row> x = table(a, t, "delta");
      Dataset<Row> y = table(b, t, "delta");
      assertEquals(0, x.exceptAll(y).count(), t);
      assertEquals(0, y.exceptAll(x).count(), t);
    }
    JsonNode report = Runs.report(a);
    assertEquals(23, report.get("rejected_by_reason").get("near_duplicate").asLong());
    JsonNode near = report.get("stages").get(2);
    assertEquals("near_dedup", near.get("name").asText());
    assertEquals(0.9998, near.get("s_curve").get("0.80").asDouble(), 1e-4);
    assertTrue(report.get("output").has("clusters"));
  }

  @Test
  void lineDedupCutsRepeatedBoilerplateAndRejectsDocumentsItEmpties() throws IOException {
    Path in = Runs.jsonl(dir, "in.jsonl",
        "{\"id\":\"a\",\"text\":\"Rivers in spring carry snowmelt to the valley.\\nShare this article\"}",
        "{\"id\":\"b\",\"text\":\"Bakers rise before dawn in the old town.\\nShare this article\\nCookie policy\"}",
        "{\"id\":\"c\",\"text\":\"Share this article\\nCookie policy\"}");
    Path out = dir.resolve("out");
    Runs.dedup(in, out, "--set", "dedup.segments=lines").assertOk();
    Dataset<Row> kept = table(out, "kept", "delta").orderBy("id");
    List<Row> rows = kept.select("id", "text", "segments_removed").collectAsList();
    assertEquals(2, rows.size());
    assertEquals("Rivers in spring carry snowmelt to the valley.\nShare this article", rows.get(0).getString(1));
    assertEquals("Bakers rise before dawn in the old town.\nCookie policy", rows.get(1).getString(1));
    assertEquals(1L, rows.get(1).getLong(2));
    Row c = table(out, "rejected", "delta").select("id", "reject_reason").first();
    assertEquals("c", c.getString(0));
    assertEquals("empty_after_segment_dedup", c.getString(1));
    assertEquals("segment_dedup", Runs.report(out).get("stages").get(3).get("name").asText());
  }

  @Test
  void incrementalDedupAgainstAnEarlierRunsIndex() throws IOException {
    String base = dev.sieve.transforms.spark.SparkNearDedupTestWords.words(11, 150);
    String other = dev.sieve.transforms.spark.SparkNearDedupTestWords.words(12, 150);
    Path first = Runs.jsonl(dir, "first.jsonl",
        "{\"id\":\"old-1\",\"text\":\"" + base + "\"}",
        "{\"id\":\"old-2\",\"text\":\"" + other + "\"}");
    Path out1 = dir.resolve("out1");
    Runs.dedup(first, out1, "--set", "dedup.index.write=true").assertOk();
    assertEquals(2, table(out1, "index", "delta").count());

    String near = "changed" + base.substring(base.indexOf(' '));
    Path second = Runs.jsonl(dir, "second.jsonl",
        "{\"id\":\"new-1\",\"text\":\"" + other + "\"}",
        "{\"id\":\"new-2\",\"text\":\"" + near + "\"}",
        "{\"id\":\"new-3\",\"text\":\"" + dev.sieve.transforms.spark.SparkNearDedupTestWords.words(13, 150)
            + "\"}");
    Path out2 = dir.resolve("out2");
    Runs.dedup(second, out2, "--set", "dedup.index.against=[\"" + out1.resolve("index") + "\"]").assertOk();
    assertEquals(List.of("new-3"), ids(table(out2, "kept", "delta")));
    List<Row> rejected = table(out2, "rejected", "delta")
        .select("id", "reject_reason", "duplicate_of", "near_duplicate_of").orderBy("id").collectAsList();
    assertEquals("exact_duplicate", rejected.get(0).getString(1));
    assertEquals("old-2", rejected.get(0).getString(2));
    assertEquals("near_duplicate", rejected.get(1).getString(1));
    assertEquals("old-1", rejected.get(1).getString(3));

    Runs.Result mismatch = Runs.dedup(second, dir.resolve("out3"), "--set", "dedup.seed=7",
        "--set", "dedup.index.against=[\"" + out1.resolve("index") + "\"]");
    assertEquals(Main.FAILED, mismatch.status());
    assertTrue(mismatch.err().contains("keys made with other settings"), mismatch.err());
  }

  @Test
  void aRerunReplacesThePreviousResultInOneDeltaCommit() throws IOException {
    Path out = dir.resolve("out");
    exact(Runs.jsonl(dir, "first.jsonl", CORPUS), out).assertOk();
    String firstRun = Runs.report(out).get("run_id").asText();
    exact(Runs.jsonl(dir, "second.jsonl", "{\"id\":\"z\",\"text\":\"only one\",\"extra\":true}"), out)
        .assertOk();
    assertEquals(List.of("z"), ids(table(out, "kept", "delta")));
    assertEquals(0, table(out, "rejected", "delta").count());
    assertNotEquals(firstRun, Runs.report(out).get("run_id").asText());
    Dataset<Row> history = spark().sql("DESCRIBE HISTORY delta.`" + out.resolve("kept") + "`");
    assertEquals(2, history.count());
    assertTrue(history.orderBy(col("version").desc()).first().getAs("userMetadata").toString()
        .contains(Runs.report(out).get("run_id").asText()));
  }

  @Test
  void aFailedRunLeavesThePreviousResultReadable() throws IOException {
    for (String format : List.of("delta", "parquet")) {
      Path out = dir.resolve("out-" + format);
      Path in = Runs.jsonl(dir, "in.jsonl", CORPUS);
      exact(in, out, "--set", "output.format=" + format).assertOk();
      String report = Files.readString(out.resolve("report.json"));
      try {
        // Fails while writing kept/: Spark accepts the codec name, but no LZO codec is installed.
        Runs.Result r = exact(Runs.jsonl(dir, "other.jsonl", "{\"id\":\"q\",\"text\":\"new\"}"), out,
            "--set", "output.format=" + format,
            "--set", "spark.conf.spark.sql.parquet.compression.codec=lzo");
        assertEquals(Main.FAILED, r.status(), r.err());
        assertTrue(r.err().contains("previous output"), r.err());
      } finally {
        spark().conf().unset("spark.sql.parquet.compression.codec");
      }
      assertEquals(List.of("doc-a", "doc-b", "doc-c"), ids(table(out, "kept", format)), format);
      assertEquals(2, table(out, "rejected", format).count(), format);
      assertEquals(report, Files.readString(out.resolve("report.json")), "report.json is the previous one");
      assertFalse(Files.exists(out.resolve("_staging")) && Files.list(out.resolve("_staging")).findAny()
          .isPresent(), "staging is cleaned up");
    }
  }

  @Test
  void parquetAndJsonlOutputsAreReplacedWhole() throws IOException {
    for (String format : List.of("parquet", "jsonl")) {
      Path out = dir.resolve("out-" + format);
      exact(Runs.jsonl(dir, "in.jsonl", CORPUS), out, "--set", "output.format=" + format).assertOk();
      String readAs = format.equals("jsonl") ? "json" : format;
      assertEquals(3, table(out, "kept", readAs).count());
      Dataset<Row> rejected = table(out, "rejected", readAs);
      assertTrue(List.of(rejected.columns()).containsAll(
          List.of("reject_reason", "reject_detail", "reject_stage", "raw_record", "source_file")));
      exact(Runs.jsonl(dir, "one.jsonl", "{\"id\":\"z\",\"text\":\"one\"}"), out,
          "--set", "output.format=" + format).assertOk();
      assertEquals(List.of("z"), ids(table(out, "kept", readAs)));
      assertFalse(Files.exists(out.resolve("_trash")) && Files.list(out.resolve("_trash")).findAny().isPresent());
    }
  }

  @Test
  void readsGzipAndZstdCompressedJsonl() throws IOException {
    Path in = dir.resolve("compressed");
    Files.createDirectories(in);
    byte[] data = (String.join("\n", CORPUS) + "\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(in.resolve("part-1.jsonl.gz")))) {
      o.write(data);
    }
    try (OutputStream o = new ZstdOutputStream(Files.newOutputStream(in.resolve("part-2.jsonl.zst")))) {
      o.write(data);
    }
    Path out = dir.resolve("out");
    exact(in, out).assertOk();
    JsonNode report = Runs.report(out);
    assertEquals(10, report.get("input_records").asLong());
    assertEquals(3, report.get("kept_records").asLong());
  }

  @Test
  void readsParquetAndDeltaWithConfigurableColumns() throws IOException {
    StructType schema = new StructType()
        .add("doc_id", DataTypes.LongType)
        .add("content", DataTypes.StringType)
        .add("lang", DataTypes.StringType);
    List<Row> rows = List.of(
        org.apache.spark.sql.RowFactory.create(1L, "same words here", "en"),
        org.apache.spark.sql.RowFactory.create(2L, "same words here", "en"),
        org.apache.spark.sql.RowFactory.create(null, "no id", "en"),
        org.apache.spark.sql.RowFactory.create(4L, null, "en"),
        org.apache.spark.sql.RowFactory.create(5L, "different", "de"));
    Dataset<Row> df = spark().createDataFrame(rows, schema);
    Path parquet = dir.resolve("pq");
    Path delta = dir.resolve("dl");
    df.write().parquet(parquet.toString());
    df.write().format("delta").save(delta.toString());
    for (Path in : List.of(parquet, delta)) {
      Path out = dir.resolve("out-" + in.getFileName());
      exact(in, out, "--set", "input.id_column=doc_id", "--set", "input.text_column=content").assertOk();
      JsonNode report = Runs.report(out);
      assertEquals(in == parquet ? "parquet" : "delta", report.get("input").get("format").asText());
      assertEquals(5, report.get("input_records").asLong());
      assertEquals(1, report.get("rejected_by_reason").get("missing_id").asLong());
      assertEquals(1, report.get("rejected_by_reason").get("missing_text").asLong());
      assertEquals(1, report.get("rejected_by_reason").get("exact_duplicate").asLong());
      Dataset<Row> kept = table(out, "kept", "delta");
      assertEquals(DataTypes.StringType, kept.schema().apply("doc_id").dataType(), "ids become strings");
      assertEquals(2, kept.count());
    }
    Runs.Result wrong = exact(parquet, dir.resolve("bad"), "--set", "input.id_column=content",
        "--set", "input.text_column=doc_id");
    assertEquals(Main.USAGE, wrong.status());
    assertTrue(wrong.err().contains("input.text_column 'doc_id' has type bigint"), wrong.err());
  }

  @Test
  void unusableInputsFailFastWithAClearMessage() throws IOException {
    Runs.Result missing = exact(dir.resolve("nope"), dir.resolve("out"));
    assertEquals(Main.USAGE, missing.status());
    assertTrue(missing.err().contains("input.path '" + dir.resolve("nope") + "' does not exist"), missing.err());

    Path mixed = dir.resolve("mixed");
    Runs.jsonl(mixed, "a.jsonl", CORPUS[0]);
    spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("x", "y")),
        new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType))
        .write().parquet(mixed.resolve("pq").toString());
    Runs.Result m = exact(mixed, dir.resolve("out2"));
    assertEquals(Main.USAGE, m.status());
    assertTrue(m.err().contains("mixes formats"), m.err());
    assertFalse(Files.exists(dir.resolve("out2").resolve("kept")));

    Runs.Result badConf = exact(mixed.resolve("a.jsonl"), dir.resolve("out3"),
        "--set", "spark.conf.spark.sql.parquet.compression.codec=nope");
    assertEquals(Main.USAGE, badConf.status());
    assertTrue(badConf.err().contains("spark.conf.spark.sql.parquet.compression.codec"), badConf.err());
  }

  @Test
  void aStageThatLosesRowsFailsTheRunLoudly() throws IOException {
    Path in = Runs.jsonl(dir, "in.jsonl", CORPUS);
    Path out = dir.resolve("out");
    Stage lossy = new Stage() {
      @Override
      public String name() {
        return "lossy";
      }

      @Override
      public String description() {
        return "drops a row (a bug)";
      }

      @Override
      public List<String> reasonCodes() {
        return List.of();
      }

      @Override
      public Dataset<Row> apply(Dataset<Row> frame, StageContext context) {
        return frame.filter(col("id").notEqual("doc-a"));
      }
    };
    Conf conf = new Conf(ConfigFactory.parseMap(java.util.Map.of("input.path", in.toString(),
        "output.path", out.toString())).withFallback(ConfigFactory.parseResources("sieve/reference.conf"))
        .resolve());
    CommonSettings common = CommonSettings.parse(conf);
    JobFailure e = assertThrows(JobFailure.class, () -> new JobRunner(spark())
        .run(JobCatalog.find("text-dedup").orElseThrow(), List.of(lossy), common, conf.raw()));
    assertTrue(e.getMessage().contains("record count invariant violated"), e.getMessage());
    assertTrue(e.getMessage().contains("input has 5 records but the stages decided 4"), e.getMessage());
    assertFalse(Files.exists(out.resolve("kept")), "nothing is written");
  }

  @Test
  void internalColumnsNeverReachTheOutput() throws IOException {
    Path out = dir.resolve("out");
    Runs.dedup(Runs.jsonl(dir, "in.jsonl", CORPUS), out).assertOk();
    for (String t : List.of("kept", "rejected")) {
      for (String c : table(out, t, "delta").columns()) {
        assertFalse(Frame.isInternal(c) || c.startsWith("_sieve"), t + " has " + c);
      }
    }
  }
}
