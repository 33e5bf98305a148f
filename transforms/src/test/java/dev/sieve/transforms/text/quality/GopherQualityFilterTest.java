package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.text.quality.GopherQualityFilter.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expected values follow datatrove's {@code GopherQualityFilter} (distinct stop words, as in its current code). */
class GopherQualityFilterTest {

  private static final WordTokenizer WHITESPACE = GopherRepetitionFilterTest.WHITESPACE;

  /** 10 words, mean length 4.0, stop words "the" and "and". */
  private static final String[] BLOCK = "the quick brown fox jumps over lazy dogs and cats".split(" ");

  /** {@code n} words cycling through {@link #BLOCK}, separated by spaces. */
  private static String words(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(BLOCK[i % BLOCK.length]);
    }
    return sb.toString();
  }

  private static FilterResult apply(String text) {
    return new GopherQualityFilter(Settings.defaults(), WHITESPACE).apply(text);
  }

  private static String reason(FilterResult r) {
    return r.verdict().kept() ? "kept" : r.verdict().reason();
  }

  @Test
  void goodDocumentIsKeptWithAllSignals() {
    FilterResult r = apply(words(60));
    assertEquals("kept", reason(r));
    assertEquals(List.of("gopher_word_count", "gopher_mean_word_length", "gopher_hash_ratio", "gopher_ellipsis_ratio",
        "gopher_bullet_lines_ratio", "gopher_end_ellipsis_lines_ratio", "gopher_alpha_words_ratio",
        "gopher_stop_words"), List.copyOf(r.signals().keySet()));
    assertEquals(60.0, r.signals().get("gopher_word_count"));
    assertEquals(4.0, r.signals().get("gopher_mean_word_length"));
    assertEquals(1.0, r.signals().get("gopher_alpha_words_ratio"));
    assertEquals(2.0, r.signals().get("gopher_stop_words"));
  }

  @Test
  void wordCountBounds() {
    assertEquals("gopher_short_doc", reason(apply(words(49))));
    assertEquals("kept", reason(apply(words(50))));
    // punctuation-only tokens are not words
    assertEquals("gopher_short_doc", reason(apply(words(49) + " . , ! -- ... “ 。")));
    GopherQualityFilter small = new GopherQualityFilter(Settings.defaults().withMaxDocWords(55), WHITESPACE);
    assertEquals("gopher_long_doc", reason(small.apply(words(56))));
    assertEquals("kept", reason(small.apply(words(55))));
  }

  @Test
  void meanWordLength() {
    String shortWords = (words(20) + " " + "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d").trim();
    FilterResult r = apply(shortWords);
    // 20 words of 80 chars + 30 of 1: 110 / 50 = 2.2
    assertEquals("gopher_below_avg_threshold", reason(r));
    assertEquals(2.2, r.signals().get("gopher_mean_word_length"), 1e-12);
    String longWords = words(20) + " " + "internationalization ".repeat(30).trim();
    r = apply(longWords);
    // 80 + 30 x 20 = 680 / 50 = 13.6
    assertEquals("gopher_above_avg_threshold", reason(r));
    assertEquals(13.6, r.signals().get("gopher_mean_word_length"), 1e-12);
  }

  @Test
  void meanLengthCountsCodePoints() {
    // "😀😀😀" is 3 code points (6 UTF-16 units)
    FilterResult r = apply(words(40) + " " + "😀😀😀 ".repeat(10).trim());
    assertEquals((160 + 30) / 50.0, r.signals().get("gopher_mean_word_length"), 1e-12);
  }

  @Test
  void hashAndEllipsisRatiosAreOverAllTokens() {
    // 60 words, 7 '#' in the text: 7/61 tokens (the "#######" token counts as a token)
    FilterResult r = apply(words(60) + " #######");
    assertEquals("gopher_too_many_hashes", reason(r));
    assertEquals(7 / 61.0, r.signals().get("gopher_hash_ratio"), 1e-12);
    // str.count is non-overlapping: "......" is two, "…" one each (the line must not end with one)
    r = apply(words(60) + " ...... …… ... end");
    assertEquals(5 / 64.0, r.signals().get("gopher_ellipsis_ratio"), 1e-12);
    assertEquals("kept", reason(r)); // 0.078 <= 0.1
    r = apply(words(60) + " ...... …… ... … …… end");
    assertEquals(8 / 66.0, r.signals().get("gopher_ellipsis_ratio"), 1e-12);
    assertEquals("gopher_too_many_ellipsis", reason(r));
  }

  @Test
  void bulletLines() {
    // 10 lines, 9 bullets: 0.9 is not > 0.9
    StringBuilder sb = new StringBuilder(words(60));
    for (int i = 0; i < 9; i++) {
      sb.append(i % 2 == 0 ? "\n  - item" : "\n\t• item");
    }
    FilterResult r = apply(sb.toString());
    assertEquals(0.9, r.signals().get("gopher_bullet_lines_ratio"), 1e-12);
    assertEquals("kept", reason(r));
    r = apply(sb.append("\n- one more").toString());
    assertEquals("gopher_too_many_bullets", reason(r));
  }

  @Test
  void linesAreSplitLikePythonSplitlines() {
    // \r\n, \u2028 and \f all end lines: 4 lines, 3 bullets; the final \n adds no empty line
    FilterResult r = apply(words(60) + "\r\n- a\u2028- b\f- c\n");
    assertEquals(0.75, r.signals().get("gopher_bullet_lines_ratio"), 1e-12);
  }

  @Test
  void endEllipsisLines() {
    String text = words(60) + "\nand then...\nwait… \nend.";
    FilterResult r = apply(text);
    // 4 lines, 2 end with an ellipsis after rstrip(): 0.5 > 0.3
    assertEquals(0.5, r.signals().get("gopher_end_ellipsis_lines_ratio"), 1e-12);
    assertEquals("gopher_too_many_end_ellipsis", reason(r));
  }

  @Test
  void alphaRatio() {
    // 60 words and 15 numbers: 60 / 75 = 0.8 is not < 0.8
    FilterResult r = apply(words(60) + " 1" .repeat(15));
    assertEquals(0.8, r.signals().get("gopher_alpha_words_ratio"), 1e-12);
    assertEquals("kept", reason(r));
    r = apply(words(60) + " 1".repeat(16));
    assertEquals("gopher_below_alpha_threshold", reason(r));
    // any letter counts, in any script
    r = apply(words(60) + " 3D 中文 ñ1 Ω");
    assertEquals(1.0, r.signals().get("gopher_alpha_words_ratio"));
  }

  @Test
  void stopWordsAreDistinctAndCaseSensitive() {
    String noAnd = words(60).replace(" and ", " was ");
    FilterResult r = apply(noAnd); // "the" many times, one distinct stop word
    assertEquals(1.0, r.signals().get("gopher_stop_words"));
    assertEquals("gopher_enough_stop_words", reason(r));
    r = apply(noAnd.replace("the ", "The ") + " of");
    assertEquals(1.0, r.signals().get("gopher_stop_words")); // "The" is not "the"
    r = apply(noAnd + " with");
    assertEquals("kept", reason(r));
  }

  @Test
  void customStopWordsAndDisabledChecks() {
    Settings s = Settings.defaults().withStopWords(Set.of("fox", "dogs", "cats")).withMinStopWords(3);
    assertEquals("kept", reason(new GopherQualityFilter(s, WHITESPACE).apply(words(60))));
    // 0 disables a check, as in datatrove
    Settings off = new Settings(0, 0, 0, 0, 0, 0, 0, 0, 0, Set.of());
    FilterResult r = new GopherQualityFilter(off, WHITESPACE).apply("# ... - x");
    assertEquals("kept", reason(r));
    assertTrue(new GopherQualityFilter(off, WHITESPACE).apply("").verdict().kept());
  }

  @Test
  void emptyTextIsShort() {
    FilterResult r = new GopherQualityFilter().apply("");
    assertEquals("gopher_short_doc", reason(r));
    assertEquals(8, r.signals().size());
    for (double v : r.signals().values()) {
      assertEquals(0.0, v);
    }
  }

  @Test
  void punctuationSetIsDatatroves() {
    for (String p : List.of(".", ",", "``", "''", "--", "...", "…", "“", "”", "«", "»", "。", "！", "？", "，", "、", "؟", "।",
        "\r", "\u0085")) {
      assertTrue(p.codePoints().allMatch(GopherQualityFilter::isPunctuation), p);
    }
    // not members: the bullet, letters, digits, tab and newline, the no-break space
    for (String p : List.of("•", "a", "1", "中", "\t", "\n", "\u00a0", "😀")) {
      assertFalse(p.codePoints().allMatch(GopherQualityFilter::isPunctuation), p);
    }
  }

  @Test
  void defaultTokenizerOnNaturalText() {
    String text = "The history of the printing press is a story of many small steps. Johannes Gutenberg combined "
        + "movable type, oil-based ink and a wooden press around 1440. His workshop in Mainz produced books faster "
        + "than any scribe could copy them.\n\nWithin fifty years, presses were working in more than two hundred "
        + "European cities, and the price of books fell sharply. Scholars argue about how much this changed, but "
        + "few doubt that it mattered.";
    FilterResult r = new GopherQualityFilter().apply(text);
    // NLTK word_tokenize gives 81 tokens: 72 words of 346 characters, 71 tokens with a letter (not "1440", not the
    // 5 periods and 4 commas); stop words the, of, and, that
    assertEquals("kept", reason(r));
    Map<String, Double> s = r.signals();
    assertEquals(72.0, s.get("gopher_word_count"));
    assertEquals(346 / 72.0, s.get("gopher_mean_word_length"), 1e-12);
    assertEquals(71 / 81.0, s.get("gopher_alpha_words_ratio"), 1e-12);
    assertEquals(4.0, s.get("gopher_stop_words"));
    assertEquals(0.0, s.get("gopher_bullet_lines_ratio"));
  }

  @Test
  void cjkTextHasFewWords() {
    // without spaces, a CJK paragraph is a handful of tokens
    FilterResult r = new GopherQualityFilter().apply("我爱北京天安门。他说：“你好！”这是一个很长的句子，没有空格。");
    assertEquals("gopher_short_doc", reason(r));
    assertEquals(3.0, r.signals().get("gopher_word_count"));
  }

  @Test
  void largeDocumentIsFast() {
    String sentence = "The committee reviewed the proposal and agreed that it should move forward with changes. ";
    String text = sentence.repeat(5_000_000 / sentence.length() + 1);
    long start = System.nanoTime();
    FilterResult r = new GopherQualityFilter().apply(text);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("gopher_long_doc", reason(r));
    // 15 tokens a sentence, 14 of them words (the period is punctuation)
    assertEquals(14.0 * (5_000_000 / sentence.length() + 1), r.signals().get("gopher_word_count"));
    assertTrue(millis < 10_000, "took " + millis + " ms");
    FilterResult kept = new GopherQualityFilter(Settings.defaults().withMaxDocWords(0)).apply(text);
    assertEquals("kept", reason(kept));
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withMinDocWords(-1));
    assertThrows(IllegalArgumentException.class,
        () -> new Settings(50, 100, 3, 10, Double.NaN, 0.9, 0.3, 0.8, 2, Set.of()));
    assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withStopWords(null));
    assertEquals("gopher_quality", new GopherQualityFilter().name());
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    GopherQualityFilter filter = new GopherQualityFilter();
    GopherQualityFilter copy = dev.sieve.transforms.core.JavaSerialization.roundTrip(filter);
    String text = "Some text. It has two sentences and a few words, but not many of them.\nA second line.";
    assertEquals(filter.apply(text), copy.apply(text));
    assertEquals(filter.settings(), copy.settings());
  }
}
