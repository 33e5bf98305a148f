package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.text.pii.PiiRedactor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityPipelineTest {

  /** A test filter: rejects texts containing {@code word}, optionally rewriting the text first. */
  private static DocFilter filter(String name, String word, String code, String from, String to) {
    return new DocFilter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> reasonCodes() {
        return List.of(code);
      }

      @Override
      public FilterResult apply(String text) {
        String out = from == null ? null : text.replace(from, to);
        Verdict v = text.contains(word) ? Verdict.reject(code, "found " + word) : Verdict.pass();
        return new FilterResult(v, Map.of(name + "_len", (double) text.length()), out);
      }
    };
  }

  @Test
  void everyFilterRunsAndTheFirstFailureDecides() {
    QualityPipeline p = new QualityPipeline(List.of(
        filter("a", "zzz", "a_code", null, null),
        filter("b", "bad", "b_code", null, null),
        filter("c", "bad", "c_code", null, null)), 100, null);
    QualityPipeline.Result r = p.apply("a bad text");
    assertEquals("b_code", r.reason());
    assertEquals("b", r.failedFilter());
    assertEquals("b: found bad", r.detail());
    assertEquals(Map.of("a", "pass", "b", "b_code", "c", "c_code"), r.verdicts());
    assertEquals(List.of("chars", "a_len", "b_len", "c_len"), List.copyOf(r.signals().keySet()));
    assertNull(r.text());
    assertTrue(p.apply("fine").kept());
    assertEquals(List.of("too_long", "a_code", "b_code", "c_code"), p.reasonCodes());
  }

  @Test
  void aRewriteIsHandedToTheFiltersAfterIt() {
    QualityPipeline p = new QualityPipeline(List.of(
        filter("clean", "zzz", "x", "bad", "ok"),
        filter("check", "bad", "y", null, null)), 100, null);
    QualityPipeline.Result r = p.apply("a bad text");
    assertTrue(r.kept());
    assertEquals("a ok text", r.text());
    // The second filter saw the rewritten text (9 chars), so it passed.
    assertEquals(9.0, r.signals().get("check_len"));
  }

  @Test
  void overTheCapNoFilterRuns() {
    QualityPipeline p = new QualityPipeline(List.of(filter("a", "x", "a_code", null, null)), 5, null);
    QualityPipeline.Result r = p.apply("abcdef");
    assertEquals("too_long", r.reason());
    assertEquals(Map.of("length_cap", "too_long"), r.verdicts());
    assertEquals(Map.of("chars", 6.0), r.signals());
    assertTrue(p.apply("abcde").kept());
  }

  @Test
  void aFiftyMegabyteTextIsRejectedBeforeAnyFilterRuns() {
    QualityPipeline p = new QualityPipeline(List.of(new GopherRepetitionFilter(), new GopherQualityFilter()),
        2_000_000, null);
    String huge = "word ".repeat(10_000_000);
    QualityPipeline.Result r = p.apply(huge);
    assertEquals("too_long", r.reason());
    assertEquals(50_000_000.0, r.signals().get("chars"));
    assertEquals(Map.of("length_cap", "too_long"), r.verdicts());
  }

  @Test
  void piiIsRedactedLastAndCounted() {
    QualityPipeline p = new QualityPipeline(List.of(), 1000, new PiiRedactor());
    QualityPipeline.Result r = p.apply("write to jane.doe@example.com or 8.8.8.8");
    assertEquals("write to |||EMAIL_ADDRESS||| or |||IP_ADDRESS|||", r.text());
    assertEquals(1.0, r.signals().get("pii_emails"));
    assertEquals(1.0, r.signals().get("pii_ipv4"));
    assertEquals(0.0, r.signals().get("pii_phones"));
    assertNull(p.apply("nothing here").text());
  }

  @Test
  void thePublishedFiltersRunTogetherWithoutSignalClashes() {
    QualityPipeline p = new QualityPipeline(List.of(new GopherRepetitionFilter(), new GopherQualityFilter(),
        new C4Filter(), new FineWebFilter(TreebankWordTokenizer.wordTokenize()), new RedPajamaSignals()), 1_000_000,
        null);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      sb.append("The committee of the town met on day ").append(i)
          .append(" and agreed that the new bridge should have two lanes with a path for bikes.\n");
    }
    QualityPipeline.Result r = p.apply(sb.toString());
    assertEquals(5, r.verdicts().size());
    assertTrue(r.signals().containsKey("gopher_word_count"), r.signals().toString());
    assertTrue(r.signals().containsKey("fineweb_line_punct_ratio"), r.signals().toString());
    assertTrue(r.signals().containsKey("unigram_entropy"), r.signals().toString());
    assertEquals("pass", r.verdicts().get("rpv2"));
  }

  @Test
  void languageComesFirstAndAnAllowListRejects() {
    dev.sieve.transforms.text.lang.LanguageIdentifier id = new dev.sieve.transforms.text.lang.LanguageIdentifier(1000);
    String german = "Der Gemeinderat traf sich am Dienstagabend, um die Pläne für die neue Brücke zu besprechen.";
    QualityPipeline annotate = new QualityPipeline(List.of(filter("a", "zzz", "a_code", null, null)), 1000, null,
        new QualityPipeline.Languages(id, java.util.Set.of(), 0.65));
    QualityPipeline.Result r = annotate.apply(german);
    assertTrue(r.kept());
    assertEquals("de", r.lang());
    assertEquals(List.of("language", "a"), List.copyOf(r.verdicts().keySet()));
    QualityPipeline english = new QualityPipeline(List.of(filter("a", "Brücke", "a_code", null, null)), 1000, null,
        new QualityPipeline.Languages(id, java.util.Set.of("en"), 0.65));
    r = english.apply(german);
    assertEquals("language_not_allowed", r.reason());
    assertEquals("language", r.failedFilter());
    assertEquals("a_code", r.verdicts().get("a"));
    assertTrue(r.detail().contains("identified de"), r.detail());
    assertEquals(List.of("too_long", "language_not_allowed", "a_code"), english.reasonCodes());
  }

  @Test
  void badArgumentsAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> new QualityPipeline(List.of(), 0, null));
    DocFilter a = filter("a", "x", "c", null, null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new QualityPipeline(List.of(a, a), 10, null));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
  }
}
