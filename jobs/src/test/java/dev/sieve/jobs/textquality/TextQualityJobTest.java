package dev.sieve.jobs.textquality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.sieve.jobs.Runs;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.jobs.config.Layers;
import dev.sieve.jobs.config.RecordOverrides;
import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.spark.SparkTestBase;
import dev.sieve.transforms.text.pii.PiiRedactor;
import dev.sieve.transforms.text.quality.C4Filter;
import dev.sieve.transforms.text.quality.FineWebFilter;
import dev.sieve.transforms.text.quality.GopherQualityFilter;
import dev.sieve.transforms.text.quality.GopherRepetitionFilter;
import dev.sieve.transforms.text.quality.QualityPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TextQualityJobTest extends SparkTestBase {

  private static final Config REFERENCE = ConfigFactory.parseResources("sieve/jobs/text-quality.conf");

  private static QualityPipeline pipeline(String overrides) {
    Config c = ConfigFactory.parseString(overrides).withFallback(REFERENCE).resolve();
    return TextQualityJob.pipeline(new Conf(c));
  }

  @Test
  void presetsRunThePublishedChains() {
    assertEquals(List.of("gopher_repetition", "gopher_quality", "c4", "fineweb", "rpv2"),
        pipeline("").filterNames());
    assertEquals(Set.of(), pipeline("").languages().allowed());
    assertEquals(List.of("gopher_repetition", "gopher_quality"),
        pipeline("quality { preset = gopher, rpv2_signals = false }").filterNames());
    QualityPipeline c4 = pipeline("quality { preset = c4, rpv2_signals = false }");
    assertEquals(List.of("c4"), c4.filterNames());
    assertEquals(C4Filter.Settings.tfdsC4(), ((C4Filter) c4.filters().get(0)).settings());
    C4Filter fineweb = (C4Filter) pipeline("").filters().get(2);
    assertEquals(false, fineweb.settings().filterNoTerminalPunct());
    assertEquals(5, fineweb.settings().minNumSentences());
  }

  @Test
  void everyThresholdCanBeOverridden() {
    QualityPipeline p = pipeline("quality { preset = custom, filters = [gopher_quality, c4, gopher_repetition],"
        + " gopher_quality { min_doc_words = 20, stop_words = [a, b] }, c4.min_num_sentences = 2,"
        + " gopher_repetition.top_n_grams { 2 = 0.5, 3 = 0.4 } }");
    assertEquals(List.of("gopher_quality", "c4", "gopher_repetition", "rpv2"), p.filterNames());
    GopherQualityFilter.Settings g = ((GopherQualityFilter) p.filters().get(0)).settings();
    assertEquals(20, g.minDocWords());
    assertEquals(100_000, g.maxDocWords());
    assertEquals(Set.of("a", "b"), g.stopWords());
    assertEquals(2, ((C4Filter) p.filters().get(1)).settings().minNumSentences());
    assertEquals(List.of(new GopherRepetitionFilter.NGramLimit(2, 0.5), new GopherRepetitionFilter.NGramLimit(3, 0.4)),
        ((GopherRepetitionFilter) p.filters().get(2)).settings().topNGrams());
  }

  @Test
  void badSettingsFailNamingTheKey() {
    ConfigError e = assertThrows(ConfigError.class, () -> pipeline("quality.preset = custom"));
    assertTrue(e.getMessage().contains("quality.filters"), e.getMessage());
    e = assertThrows(ConfigError.class, () -> pipeline("quality { preset = custom, filters = [gopher, c4] }"));
    assertTrue(e.getMessage().contains("unknown filter 'gopher'"), e.getMessage());
    e = assertThrows(ConfigError.class, () -> pipeline("quality.gopher_quality.min_doc_words = many"));
    assertTrue(e.getMessage().contains("quality.gopher_quality.min_doc_words"), e.getMessage());
    e = assertThrows(ConfigError.class, () -> pipeline("quality.fineweb.line_punct_thr = 2"));
    assertTrue(e.getMessage().contains("line_punct_thr"), e.getMessage());
    e = assertThrows(ConfigError.class, () -> pipeline("quality.bad_words.path = /no/such/list.txt"));
    assertTrue(e.getMessage().contains("/no/such/list.txt"), e.getMessage());
    e = assertThrows(ConfigError.class, () -> pipeline("quality.max_chars = 0"));
    assertTrue(e.getMessage().contains("quality.max_chars"), e.getMessage());
  }

  @Test
  void theReferenceListsEveryThresholdKey() {
    Set<String> keys = Layers.leafPaths(REFERENCE);
    List<String> expected = new ArrayList<>();
    expected.addAll(RecordOverrides.keys(GopherQualityFilter.Settings.class, "quality.gopher_quality"));
    expected.addAll(RecordOverrides.keys(GopherRepetitionFilter.Settings.class, "quality.gopher_repetition"));
    expected.addAll(RecordOverrides.keys(C4Filter.Settings.class, "quality.c4"));
    expected.addAll(RecordOverrides.keys(FineWebFilter.Settings.class, "quality.fineweb"));
    expected.addAll(RecordOverrides.keys(PiiRedactor.Settings.class, "quality.pii"));
    for (String k : expected) {
      assertTrue(REFERENCE.hasPathOrNull(k), k + " is missing from text-quality.conf");
    }
    assertTrue(keys.size() > 0);
  }

  @Test
  void theJobSplitsKeptAndRejectedWithSignalsVerdictsAndPii() throws IOException {
    Path dir = tempDirectory("sieve-quality").toPath();
    String good = String.join("\\n",
        "The committee of the town met on Tuesday evening to discuss the plans for the new bridge.",
        "Several residents spoke in favour of a wider crossing with a separate path for bicycles.",
        "An engineer from the county explained that the old structure had been inspected twice last year.",
        "She said that the steel supports were corroded and that repairs would cost more than a new span.",
        "Questions about the budget were sent to ann.lee@example.org before the meeting closed.",
        "The mayor promised to publish the full report and to hold another session in the spring.",
        "Local shops have asked for the work to be done outside the busy summer season.",
        "A final decision is expected after the council has reviewed all of the comments it received.");
    Path in = Runs.jsonl(dir, "in.jsonl",
        "{\"id\":\"good\",\"text\":\"" + good + "\"}",
        "{\"id\":\"short\",\"text\":\"Buy now. Best price.\"}",
        "{\"id\":\"long\",\"text\":\"" + "word ".repeat(1000) + "\"}",
        "not json");
    Path out = dir.resolve("out");
    Runs.main("text-quality", "--input", in.toString(), "--output", out.toString(), "--env", "none",
        "--set", "quality.max_chars=3000", "--set", "quality.pii.enabled=true").assertOk();

    List<Row> kept = spark().read().format("delta").load(out.resolve("kept").toString())
        .select("id", "text", "quality", "lang", "lang_score").collectAsList();
    assertEquals(1, kept.size(), kept.toString());
    Row k = kept.get(0);
    assertEquals("good", k.getString(0));
    assertTrue(k.getString(1).contains("|||EMAIL_ADDRESS|||"), k.getString(1));
    Map<String, Double> signals = k.getStruct(2).getJavaMap(0);
    Map<String, String> verdicts = k.getStruct(2).getJavaMap(1);
    assertEquals(1.0, signals.get("pii_emails"));
    assertTrue(signals.get("gopher_word_count") > 50, signals.toString());
    assertEquals(Map.of("language", "pass", "gopher_repetition", "pass", "gopher_quality", "pass", "c4", "pass",
        "fineweb", "pass", "rpv2", "pass"), verdicts);
    assertEquals("en", k.getString(3));
    assertTrue(k.getDouble(4) > 0.9, "lang_score " + k.getDouble(4));

    Map<String, String> reasons = new java.util.TreeMap<>();
    Map<String, Row> rejected = new java.util.TreeMap<>();
    for (Row r : spark().read().format("delta").load(out.resolve("rejected").toString())
        .select("id", "reject_reason", "quality").collectAsList()) {
      reasons.put(r.isNullAt(0) ? "(no id)" : r.getString(0), r.getString(1));
      rejected.put(r.isNullAt(0) ? "(no id)" : r.getString(0), r);
    }
    // The first failing filter decides: repetition runs before quality in the fineweb chain.
    assertEquals(Map.of("short", "top_2_gram", "long", "too_long", "(no id)", "malformed_json"), reasons);
    Map<String, String> shortVerdicts = rejected.get("short").getStruct(2).getJavaMap(1);
    assertEquals("gopher_short_doc", shortVerdicts.get("gopher_quality"));
    assertEquals("too_few_sentences", shortVerdicts.get("c4"));
    assertNull(rejected.get("(no id)").get(2));

    JsonNode report = Runs.report(out);
    assertEquals(4, report.get("input_records").asLong());
    assertEquals(1, report.get("rejected_by_reason").get("top_2_gram").asLong());
    assertTrue(Files.exists(out.resolve("report.json")));
  }

  @Test
  void aFiftyMegabyteDocumentIsRejectedAsTooLongAndTheRestIsScored() throws IOException {
    Path dir = tempDirectory("sieve-quality-big").toPath();
    Path in = dir.resolve("big.jsonl");
    try (java.io.Writer w = Files.newBufferedWriter(in, java.nio.charset.StandardCharsets.UTF_8)) {
      w.write("{\"id\":\"big\",\"text\":\"");
      String sentence = "The valley road was closed after the storm and reopened in the spring. ";
      for (long written = 0; written < 50_000_000L; written += sentence.length()) {
        w.write(sentence);
      }
      w.write("\"}\n{\"id\":\"small\",\"text\":\"Short.\"}\n");
    }
    Path out = dir.resolve("out");
    Runs.main("text-quality", "--input", in.toString(), "--output", out.toString(), "--env", "none").assertOk();
    JsonNode report = Runs.report(out);
    assertEquals(2, report.get("input_records").asLong());
    assertEquals(1, report.get("rejected_by_reason").get("too_long").asLong(), report.toString());
    Row big = spark().read().format("delta").load(out.resolve("rejected").toString())
        .filter("id = 'big'").select("reject_reason", "quality").first();
    assertEquals("too_long", big.getString(0));
    assertTrue(big.getStruct(1).<String, Double>getJavaMap(0).get("chars") >= 50_000_000, "chars signal");
  }

  @Test
  void anAllowListRejectsOtherLanguages() throws IOException {
    Path dir = tempDirectory("sieve-quality-lang").toPath();
    Path in = Runs.jsonl(dir, "in.jsonl",
        "{\"id\":\"de\",\"text\":\"Der Gemeinderat traf sich am Dienstagabend, um die Pläne für die neue Brücke"
            + " zu besprechen.\"}",
        "{\"id\":\"en\",\"text\":\"The council met on Tuesday evening to discuss the plans for the new bridge.\"}");
    Path out = dir.resolve("out");
    Runs.main("text-quality", "--input", in.toString(), "--output", out.toString(), "--env", "none",
        "--set", "quality.preset=custom", "--set", "quality.filters=[fineweb]",
        "--set", "quality.fineweb.short_line_thr=1", "--set", "quality.languages=[de]").assertOk();
    Row rejected = spark().read().format("delta").load(out.resolve("rejected").toString())
        .select("id", "reject_reason", "lang").first();
    assertEquals("en", rejected.getString(0));
    assertEquals("language_not_allowed", rejected.getString(1));
    assertEquals("en", rejected.getString(2));
    ConfigError e = assertThrows(ConfigError.class, () -> pipeline("quality.languages = [english]"));
    assertTrue(e.getMessage().contains("'english'"), e.getMessage());
  }

  @Test
  void anInputColumnTheJobWouldReplaceFailsTheRunClearly() throws IOException {
    Path dir = tempDirectory("sieve-quality-clash").toPath();
    Path in = Runs.jsonl(dir, "in.jsonl", "{\"id\":\"a\",\"text\":\"Some text.\",\"Lang\":\"en-GB\"}");
    Runs.Result r = Runs.main("text-quality", "--input", in.toString(), "--output", dir.resolve("o").toString(),
        "--env", "none");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("the input has a column 'Lang'"), r.err());
  }

  @Test
  void filterNamesAreTheOnesTheJobKnows() {
    for (DocFilter f : pipeline("quality { preset = custom, filters = [gopher_repetition, gopher_quality, c4,"
        + " fineweb] }").filters()) {
      assertTrue(TextQualityJob.FILTER_NAMES.contains(f.name()) || f.name().equals("rpv2"), f.name());
    }
  }
}
