package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.text.quality.GopherRepetitionFilter.NGramLimit;
import dev.sieve.transforms.text.quality.GopherRepetitionFilter.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Expected values follow datatrove's {@code GopherRepetitionFilter}; fractions are over code points. */
class GopherRepetitionFilterTest {

  /** Splits on spaces and newlines, so that the arithmetic is easy to check by hand. */
  static final WordTokenizer WHITESPACE = text -> {
    List<String> out = new ArrayList<>();
    for (String w : text.split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  };

  /** Returns the given words whatever the text. */
  static WordTokenizer fixed(String... words) {
    List<String> list = Arrays.asList(words);
    return text -> list;
  }

  private static final List<NGramLimit> NO_TOP = limits(1e9, 2, 3, 4);
  private static final List<NGramLimit> NO_DUP = limits(1e9, 5, 6, 7, 8, 9, 10);

  private static List<NGramLimit> limits(double max, int... ns) {
    List<NGramLimit> out = new ArrayList<>();
    for (int n : ns) {
      out.add(new NGramLimit(n, max));
    }
    return out;
  }

  /** Every check disabled or unreachable: all signals are computed. */
  private static GopherRepetitionFilter everything(WordTokenizer tokenizer) {
    return new GopherRepetitionFilter(
        Settings.defaults().withParagraphAndLineFracs(0, 0, 0, 0).withNGrams(NO_TOP, NO_DUP), tokenizer);
  }

  private static final String WORKED = "the cat sat on the mat\n\nthe cat sat on the mat\nhello world foo bar baz qux";

  @Test
  void workedExampleIsRejectedByTheLineCheckFirst() {
    assertEquals(74, PythonLines.codePoints(WORKED));
    FilterResult r = new GopherRepetitionFilter(Settings.defaults(), WHITESPACE).apply(WORKED);
    // paragraphs ["the cat sat on the mat", "the cat sat on the mat\nhello ..."]: none repeated;
    // lines: 3, one repeated, 1/3 > 0.30, so the line check rejects before the n-gram checks run
    assertEquals("dup_line_frac", r.verdict().reason());
    assertEquals(Map.of("dup_para_frac", 0.0, "dup_para_char_frac", 0.0, "dup_line_frac", 1 / 3.0), r.signals());
    assertEquals(List.of("dup_para_frac", "dup_para_char_frac", "dup_line_frac"), List.copyOf(r.signals().keySet()));
  }

  @Test
  void workedExampleSignals() {
    Map<String, Double> s = everything(WHITESPACE).apply(WORKED).signals();
    assertEquals(0.0, s.get("dup_para_frac"));
    assertEquals(0.0, s.get("dup_para_char_frac"));
    assertEquals(1 / 3.0, s.get("dup_line_frac"));
    assertEquals(22 / 74.0, s.get("dup_line_char_frac"));
    assertEquals(14 / 74.0, s.get("top_2_gram")); // "the cat" (7) x 2, first of the tied bigrams
    assertEquals(22 / 74.0, s.get("top_3_gram")); // "the cat sat" (11) x 2
    assertEquals(28 / 74.0, s.get("top_4_gram")); // "the cat sat on" (14) x 2
    assertEquals(14 / 74.0, s.get("duplicated_5_n_grams")); // "thecatsatonthe" again at word 6
    assertEquals(17 / 74.0, s.get("duplicated_6_n_grams")); // "thecatsatonthemat"
    for (int n = 7; n <= 10; n++) {
      assertEquals(0.0, s.get("duplicated_" + n + "_n_grams"), "n=" + n);
    }
    assertEquals(13, s.size());
  }

  @Test
  void workedExampleWithoutLineChecksFailsOnTheTop3Gram() {
    GopherRepetitionFilter f =
        new GopherRepetitionFilter(Settings.defaults().withParagraphAndLineFracs(0.30, 0.20, 0, 0), WHITESPACE);
    FilterResult r = f.apply(WORKED);
    // top 2-gram 14/74 = 0.189 <= 0.20 passes; top 3-gram 22/74 = 0.297 > 0.18 rejects
    assertEquals("top_3_gram", r.verdict().reason());
    assertEquals(22 / 74.0, r.signals().get("top_3_gram"));
    assertFalse(r.signals().containsKey("top_4_gram"));
  }

  @Test
  void repeatedParagraphs() {
    String text = "alpha beta\n\nalpha beta\n\ngamma delta\n\nalpha beta";
    FilterResult r = new GopherRepetitionFilter(Settings.defaults(), WHITESPACE).apply(text);
    assertEquals("dup_para_frac", r.verdict().reason());
    assertEquals(2 / 4.0, r.signals().get("dup_para_frac"));
    // with that check off, the characters: 2 x 10 of 47
    Settings s = Settings.defaults().withParagraphAndLineFracs(0, 0.20, 0.30, 0.20);
    r = new GopherRepetitionFilter(s, WHITESPACE).apply(text);
    assertEquals("dup_para_char_frac", r.verdict().reason());
    assertEquals(20 / 47.0, r.signals().get("dup_para_char_frac"));
  }

  @Test
  void paragraphsAreSplitAfterStripOnTwoOrMoreNewlines() {
    // "\n \n" is not a paragraph break; leading and trailing blank lines are stripped first:
    // ["same\n \nsame", "same\n \nsame"], one repeat of 11 code points in 29
    Map<String, Double> s = everything(WHITESPACE).apply("\n\nsame\n \nsame\n\n\nsame\n \nsame\n\n").signals();
    assertEquals(1 / 2.0, s.get("dup_para_frac"));
    assertEquals(11 / 29.0, s.get("dup_para_char_frac"));
  }

  @Test
  void linesSplitOnNewlineRunsOnlyAndKeepCarriageReturns() {
    // re.split("\n+", "a\r\na\r\n") = ["a\r", "a\r", ""]
    Map<String, Double> s = everything(WHITESPACE).apply("a\r\na\r\n").signals();
    assertEquals(1 / 3.0, s.get("dup_line_frac"));
    assertEquals(2 / 6.0, s.get("dup_line_char_frac"));
    // \u2028 and form feeds do not split lines here (they are not \n)
    s = everything(WHITESPACE).apply("x\u2028x\fx\nx\u2028x\fx").signals();
    assertEquals(1 / 2.0, s.get("dup_line_frac"));
    assertEquals(5 / 11.0, s.get("dup_line_char_frac"));
  }

  @Test
  void lengthsAreCodePoints() {
    // "😀 ab ab" is 7 code points (8 UTF-16 units); the text is 15
    String text = "😀 ab ab\n😀 ab ab";
    Map<String, Double> s = everything(WHITESPACE).apply(text).signals();
    assertEquals(7 / 15.0, s.get("dup_line_char_frac"));
    assertEquals(14 / 15.0, s.get("top_3_gram"));
    assertEquals(8 / 15.0, s.get("top_2_gram")); // "ab ab" x 2... no: "😀 ab" (4) x 2 comes first
  }

  @Test
  void topNGramTiesGoToTheFirstSeen() {
    // bigrams: "x yy" x2, "yy x", "yy zzz", "zzz www" x2, "www zzz": the tie goes to "x yy" (4 x 2), not "zzz www"
    String text = "x yy x yy zzz www zzz www";
    Map<String, Double> s = everything(WHITESPACE).apply(text).signals();
    assertEquals(8 / 25.0, s.get("top_2_gram"));
    // no trigram repeats: the first one, once
    assertEquals(6 / 25.0, s.get("top_3_gram")); // "x yy x"
  }

  @Test
  void topNGramJoinsWithSpacesSoWordsWithSpacesCanCollide() {
    // " ".join(["a b", "c"]) == " ".join(["a", "b c"]) == "a b c"
    GopherRepetitionFilter f = everything(fixed("a b", "c", "a", "b c"));
    assertEquals(10 / 12.0, f.apply("a b c a b c.").signals().get("top_2_gram"));
  }

  @Test
  void duplicatedNGramsCompareConcatenationsSoDifferentSplitsMatch() {
    // "".join(["ab","c","d","e","f"]) == "".join(["a","bc","d","e","f"]): the second is a repeat of 6 chars
    GopherRepetitionFilter f = everything(fixed("ab", "c", "d", "e", "f", "g", "a", "bc", "d", "e", "f"));
    Map<String, Double> s = f.apply("x".repeat(60)).signals();
    assertEquals(6 / 60.0, s.get("duplicated_5_n_grams"));
  }

  @Test
  void duplicatedNGramsAreGreedyAndSkipTheRepeat() {
    // 10 words then the same 10 words: for n=5 the walk records 0..5, finds position 10's 5-gram, adds it and
    // jumps to 15, finds that too: 2 repeats of 5 one-letter words
    String text = "a b c d e f g h i j a b c d e f g h i j";
    Map<String, Double> s = everything(WHITESPACE).apply(text).signals();
    assertEquals(10 / 39.0, s.get("duplicated_5_n_grams"));
    assertEquals(10 / 39.0, s.get("duplicated_10_n_grams"));
    // n=6: position 10 is a repeat (6 chars), jump to 16: "ghij" has only 4 words left
    assertEquals(6 / 39.0, s.get("duplicated_6_n_grams"));
  }

  @Test
  void fewerWordsThanNSkipTheCheck() {
    FilterResult r = new GopherRepetitionFilter(Settings.defaults(), WHITESPACE).apply("one");
    assertTrue(r.verdict().kept());
    assertEquals(0.0, r.signals().get("top_2_gram"));
    assertEquals(0.0, r.signals().get("duplicated_10_n_grams"));
  }

  @Test
  void emptyTextIsKeptWithZeroFractions() {
    // datatrove divides by len(text) == 0 here; we report zeros and keep the document
    FilterResult r = new GopherRepetitionFilter().apply("");
    assertTrue(r.verdict().kept());
    assertEquals(13, r.signals().size());
    for (double v : r.signals().values()) {
      assertEquals(0.0, v);
    }
  }

  @Test
  void newlinesOnlyRepeatEmptyLines() {
    // re.split("\n+", "\n\n") = ["", ""]: one repeated (empty) line of two
    FilterResult r = new GopherRepetitionFilter().apply("\n\n");
    assertEquals("dup_line_frac", r.verdict().reason());
    assertEquals(0.5, r.signals().get("dup_line_frac"));
  }

  @Test
  void defaultTokenizerOnNaturalText() {
    String text = "The history of the printing press is a story of many small steps. Johannes Gutenberg combined "
        + "movable type, oil-based ink and a wooden press around 1440. His workshop in Mainz produced books faster "
        + "than any scribe could copy them.\n\nWithin fifty years, presses were working in more than two hundred "
        + "European cities, and the price of books fell sharply. Scholars argue about how much this changed, but "
        + "few doubt that it mattered.";
    FilterResult r = new GopherRepetitionFilter().apply(text);
    assertTrue(r.verdict().kept(), r.verdict().toString());
    assertEquals(13, r.signals().size());
    assertEquals(0.0, r.signals().get("dup_line_frac"));
    assertEquals(0.0, r.signals().get("duplicated_5_n_grams"));
  }

  @Test
  void checksFollowTheConfiguredOrder() {
    Settings s = Settings.defaults().withParagraphAndLineFracs(0, 0, 0, 0)
        .withNGrams(List.of(new NGramLimit(4, 0.0), new NGramLimit(2, 0.0)), List.of());
    FilterResult r = new GopherRepetitionFilter(s, WHITESPACE).apply("a b c d e");
    assertEquals("top_4_gram", r.verdict().reason());
    assertEquals(List.of("dup_para_frac", "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac", "top_4_gram"),
        List.copyOf(r.signals().keySet()));
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new NGramLimit(0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new NGramLimit(2, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new NGramLimit(2, Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> Settings.defaults().withParagraphAndLineFracs(-1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GopherRepetitionFilter(null));
    assertEquals("gopher_repetition", new GopherRepetitionFilter().name());
    assertEquals("top_3_gram", GopherRepetitionFilter.topNGramCode(3));
    assertEquals("duplicated_7_n_grams", GopherRepetitionFilter.duplicatedNGramsCode(7));
  }

  @Test
  void largeDocumentWithUniqueLinesComputesEveryStatisticQuickly() {
    Random random = new Random(42);
    String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "qu", "ho"};
    StringBuilder sb = new StringBuilder();
    int line = 0;
    while (sb.length() < 5_000_000) {
      sb.append("Line ").append(line++).append(':');
      for (int w = 0; w < 12; w++) {
        sb.append(' ');
        int len = 1 + random.nextInt(3);
        for (int k = 0; k < len; k++) {
          sb.append(syllables[random.nextInt(syllables.length)]);
        }
      }
      sb.append(".\n");
    }
    String text = sb.toString();
    long start = System.nanoTime();
    FilterResult r = everything(TreebankWordTokenizer.wordTokenize()).apply(text);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(13, r.signals().size());
    assertEquals(0.0, r.signals().get("dup_line_frac"));
    for (double v : r.signals().values()) {
      assertTrue(v >= 0 && v <= 1, r.signals().toString());
    }
    assertTrue(millis < 20_000, "took " + millis + " ms");
  }

  @Test
  void largeRepetitiveDocumentIsMostlyDuplicated() {
    String text = "the same words again and again in this very line\n".repeat(100_000); // 4.9 MB
    long start = System.nanoTime();
    FilterResult quick = new GopherRepetitionFilter().apply(text);
    assertEquals("dup_line_frac", quick.verdict().reason()); // decided before any tokenization
    Map<String, Double> s = everything(WHITESPACE).apply(text).signals();
    long millis = (System.nanoTime() - start) / 1_000_000;
    // "".join drops the spaces and newlines: each 49-char line contributes at most its 39 letters
    assertTrue(s.get("duplicated_5_n_grams") > 0.79 && s.get("duplicated_5_n_grams") <= 39 / 49.0, s.toString());
    assertTrue(s.get("duplicated_10_n_grams") > 0.79, s.toString());
    assertTrue(millis < 20_000, "took " + millis + " ms");
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    GopherRepetitionFilter filter = new GopherRepetitionFilter();
    GopherRepetitionFilter copy = dev.sieve.transforms.core.JavaSerialization.roundTrip(filter);
    String text = "Some text. It has two sentences and a few words, but not many of them.\nA second line.";
    assertEquals(filter.apply(text), copy.apply(text));
    assertEquals(filter.settings(), copy.settings());
  }
}
