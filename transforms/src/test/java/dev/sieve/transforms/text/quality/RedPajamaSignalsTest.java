package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.JavaSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Expected values follow RedPajama-V2's signal definitions (per-line values averaged over the lines); each worked
 * example's arithmetic is in the comments. Raw words are {@code \w+|[^\w\s]+} tokens, W the words of the normalized
 * text.
 */
class RedPajamaSignalsTest {

  private static final double EPS = 1e-12;
  private static final RedPajamaSignals RP = new RedPajamaSignals();

  private static Map<String, Double> sig(String text) {
    return RP.signals(text);
  }

  private static final List<String> NAMES = List.of("frac_all_caps_words", "frac_lines_end_with_ellipsis",
      "frac_no_alph_words", "lorem_ipsum", "mean_word_length", "stop_word_fraction", "symbol_to_word_ratio",
      "frac_unique_words", "unigram_entropy", "word_count", "num_sentences", "lines_ending_with_terminal_punctuation",
      "lines_numerical_chars_fraction", "lines_start_with_bulletpoint", "lines_uppercase_letter_fraction",
      "frac_chars_top_2gram", "frac_chars_top_3gram", "frac_chars_top_4gram", "frac_chars_dupe_5grams",
      "frac_chars_dupe_6grams", "frac_chars_dupe_7grams", "frac_chars_dupe_8grams", "frac_chars_dupe_9grams",
      "frac_chars_dupe_10grams");

  @Test
  void alwaysKeepsAndReportsEverySignalInOrder() {
    FilterResult r = RP.apply("Some text.");
    assertEquals("rpv2", RP.name());
    assertTrue(r.verdict().kept());
    assertEquals(NAMES, List.copyOf(r.signals().keySet()));
    assertEquals(RedPajamaSignals.SIGNAL_COUNT, NAMES.size());
    assertEquals(r.signals(), RP.signals("Some text."));
  }

  @Test
  void workedExample() {
    String text = "The CAT sat.\nThe cat sat!\n• NASA 42 ...\n";
    Map<String, Double> s = new RedPajamaSignals(Set.of("the", "cat")).signals(text);
    // Raw words (12): The CAT sat . | The cat sat ! | • NASA 42 ...
    // all caps: CAT, NASA -> 2/12
    assertEquals(2.0 / 12, s.get("frac_all_caps_words"), EPS);
    // with an ASCII letter: The CAT sat The cat sat NASA = 7 -> 1 - 7/12
    assertEquals(5.0 / 12, s.get("frac_no_alph_words"), EPS);
    // stop words match exactly: "cat" once ("The" is not "the") -> 1/12
    assertEquals(1.0 / 12, s.get("stop_word_fraction"), EPS);
    // "#" 0 + "..." 1 + "…" 0 = 1 over 12 raw words
    assertEquals(1.0 / 12, s.get("symbol_to_word_ratio"), EPS);
    // Normalized: "the cat sat the cat sat • nasa 42" (ASCII punctuation gone, "•" stays): 9 words,
    // 3+3+3+3+3+3+1+4+2 = 25 chars
    assertEquals(9.0, s.get("word_count"));
    assertEquals(25.0 / 9, s.get("mean_word_length"), EPS);
    // distinct: the cat sat • nasa 42 -> 6/9
    assertEquals(6.0 / 9, s.get("frac_unique_words"), EPS);
    // counts 2,2,2,1,1,1 of 9: 3 * (2/9) ln(9/2) + 3 * (1/9) ln 9
    assertEquals(2.0 / 3 * Math.log(4.5) + 1.0 / 3 * Math.log(9), s.get("unigram_entropy"), EPS);
    assertEquals(1.7351264569629228, s.get("unigram_entropy"), 1e-12);
    assertEquals(0.0, s.get("lorem_ipsum"));
    // "The CAT sat." | "The cat sat!" | "NASA 42 ..." (no word boundary between "\n" and "•")
    assertEquals(3.0, s.get("num_sentences"));
    // Lines (3): "The CAT sat.\n", "The cat sat!\n", "• NASA 42 ...\n"
    // ends with an ellipsis: line 3 -> 1/3
    assertEquals(1.0 / 3, s.get("frac_lines_end_with_ellipsis"), EPS);
    // ends with . ! ? ”: all three ("..." ends with ".") -> 1
    assertEquals(1.0, s.get("lines_ending_with_terminal_punctuation"), EPS);
    assertEquals(1.0 / 3, s.get("lines_start_with_bulletpoint"), EPS);
    // uppercase per line, "\n" included: 4/13 (T C A T), 1/13, 4/14 (N A S A); mean = (5/13 + 2/7) / 3 = 61/273
    assertEquals(61.0 / 273, s.get("lines_uppercase_letter_fraction"), EPS);
    // numeric per normalized line: "the cat sat" 0/11, 0/11, "• nasa 42" 2/9; mean = 2/27
    assertEquals(2.0 / 27, s.get("lines_numerical_chars_fraction"), EPS);
    // top 2-gram (the cat) x2: (3+3)*2 / 25; top 3-gram (the cat sat) x2: 9*2 / 25; no 4-gram repeats
    assertEquals(12.0 / 25, s.get("frac_chars_top_2gram"), EPS);
    assertEquals(18.0 / 25, s.get("frac_chars_top_3gram"), EPS);
    assertEquals(0.0, s.get("frac_chars_top_4gram"));
    for (int n = 5; n <= 10; n++) {
      assertEquals(0.0, s.get("frac_chars_dupe_" + n + "grams"), "n=" + n);
    }
  }

  @Test
  void duplicatedNGramsCoverEveryOccurrence() {
    Map<String, Double> s = sig("one two three four five one two three four five six");
    // W: 11 words, 3+3+5+4+4 = 19 chars per block, twice, plus "six" = 41.
    // The 5-gram "one..five" occurs at 0 and 5: words 0-9 covered, 38 chars -> 38/41. No 6-gram repeats.
    assertEquals(38.0 / 41, s.get("frac_chars_dupe_5grams"), EPS);
    for (int n = 6; n <= 10; n++) {
      assertEquals(0.0, s.get("frac_chars_dupe_" + n + "grams"), "n=" + n);
    }
    // top n-grams start at "one": (3+3)*2, (3+3+5)*2, (3+3+5+4)*2 over 41
    assertEquals(12.0 / 41, s.get("frac_chars_top_2gram"), EPS);
    assertEquals(22.0 / 41, s.get("frac_chars_top_3gram"), EPS);
    assertEquals(30.0 / 41, s.get("frac_chars_top_4gram"), EPS);
  }

  @Test
  void overlappingRepeatsCountEachWordOnceAndTopCanExceedOne() {
    Map<String, Double> s = sig("a a a a a a");
    // 5-grams at 0 and 1 are equal: words 0..5 covered once each -> 6/6
    assertEquals(1.0, s.get("frac_chars_dupe_5grams"), EPS);
    assertEquals(0.0, s.get("frac_chars_dupe_6grams"));
    // top 2-gram (a a) occurs 5 times (overlapping): 2*5/6; 3-gram 3*4/6; 4-gram 4*3/6
    assertEquals(10.0 / 6, s.get("frac_chars_top_2gram"), EPS);
    assertEquals(2.0, s.get("frac_chars_top_3gram"), EPS);
    assertEquals(2.0, s.get("frac_chars_top_4gram"), EPS);
    assertEquals(1.0 / 6, s.get("frac_unique_words"), EPS);
    assertEquals(0.0, s.get("unigram_entropy"), EPS);
  }

  @Test
  void topNGramIsTheGopherOneWithoutSpacesOverWordChars() {
    // GopherRepetitionFilterTest's worked example, 74 chars; lowercase without punctuation, so W are its words.
    String text = "the cat sat on the mat\n\nthe cat sat on the mat\nhello world foo bar baz qux";
    Map<String, Double> rp = sig(text);
    Map<String, Double> gopher = new GopherRepetitionFilter(GopherRepetitionFilter.Settings.defaults()
        .withParagraphAndLineFracs(0, 0, 0, 0).withNGrams(
            List.of(new GopherRepetitionFilter.NGramLimit(2, 1e9), new GopherRepetitionFilter.NGramLimit(3, 1e9),
                new GopherRepetitionFilter.NGramLimit(4, 1e9)),
            List.of()), GopherRepetitionFilterTest.WHITESPACE).apply(text).signals();
    // sum of word lengths: 2 * (3+3+3+2+3+3) + 5+5+3+3+3+3 = 56; every top n-gram occurs twice
    // Gopher chars = RedPajama chars + count * (n - 1): 14 = 12 + 2, 22 = 18 + 4, 28 = 22 + 6
    assertEquals(12.0 / 56, rp.get("frac_chars_top_2gram"), EPS);
    assertEquals(18.0 / 56, rp.get("frac_chars_top_3gram"), EPS);
    assertEquals(22.0 / 56, rp.get("frac_chars_top_4gram"), EPS);
    for (int n = 2; n <= 4; n++) {
      double gopherChars = gopher.get("top_" + n + "_gram") * 74;
      double rpChars = rp.get("frac_chars_top_" + n + "gram") * 56;
      assertEquals(gopherChars, rpChars + 2 * (n - 1), 1e-9, "n=" + n);
    }
    // duplicated 5-grams: Gopher's greedy count skips the first occurrence, RedPajama-V2 covers both:
    // "the cat sat on the" (3+3+3+2+3 = 14) and "cat sat on the mat" overlap; words 0..5 and 6..11 -> 34/56
    assertEquals(34.0 / 56, rp.get("frac_chars_dupe_5grams"), EPS);
    assertEquals(34.0 / 56, rp.get("frac_chars_dupe_6grams"), EPS);
    assertEquals(0.0, rp.get("frac_chars_dupe_7grams"));
  }

  @Test
  void emptyAndBlankTextsGetZeros() {
    for (String text : new String[] {"", "  \n", "\n\n", "\u2028"}) {
      Map<String, Double> s = sig(text);
      assertEquals(NAMES, List.copyOf(s.keySet()));
      for (Map.Entry<String, Double> e : s.entrySet()) {
        assertEquals(0.0, e.getValue(), e.getKey() + " of " + text.replace("\n", "\\n"));
      }
    }
  }

  @Test
  void crLfLinesAreStrippedOnTheRightButCountedInLength() {
    Map<String, Double> s = sig("Done.\r\nNext one!\r\n");
    // lines "Done.\r\n", "Next one!\r\n": rstrip() removes \r\n, both end with terminal marks
    assertEquals(1.0, s.get("lines_ending_with_terminal_punctuation"), EPS);
    // uppercase: 1/7 and 1/11 (\r and \n count in the length); mean = (1/7 + 1/11) / 2 = 9/77
    assertEquals(9.0 / 77, s.get("lines_uppercase_letter_fraction"), EPS);
    // raw words: Done . Next one ! -> 3 of 5 with a letter
    assertEquals(0.4, s.get("frac_no_alph_words"), EPS);
    assertEquals(2.0, s.get("num_sentences"));
  }

  @Test
  void lineSeparatorDoesNotBreakLines() {
    // Only \n breaks lines: one line, whose rstrip() ends with "o"
    Map<String, Double> s = sig("Line one.\u2028Line two\n");
    assertEquals(0.0, s.get("lines_ending_with_terminal_punctuation"));
    // one line of 19 chars (U+2028 and \n included), 2 uppercase
    assertEquals(2.0 / 19, s.get("lines_uppercase_letter_fraction"), EPS);
    // but U+2028 is whitespace for the words: line one line two
    assertEquals(4.0, s.get("word_count"));
    assertEquals(2.0, s.get("num_sentences"));
    // a bullet after U+2028 is not at a line start
    s = sig("• a\u2028• b");
    assertEquals(1.0, s.get("lines_start_with_bulletpoint"), EPS);
    s = sig("• a\n• b\n- c\n* d\n\u2013 e");
    // • • – start bullets; "-" and "*" do not: 3 of 5 lines
    assertEquals(3.0 / 5, s.get("lines_start_with_bulletpoint"), EPS);
  }

  @Test
  void cjkText() {
    Map<String, Double> s = sig("中文。三十二个");
    // raw words: 中文 | 。 | 三十二个 ; none has an ASCII letter
    assertEquals(1.0, s.get("frac_no_alph_words"), EPS);
    assertEquals(0.0, s.get("frac_all_caps_words"));
    // normalized: one word of 7 code points ("。" is not ASCII punctuation)
    assertEquals(1.0, s.get("word_count"));
    assertEquals(7.0, s.get("mean_word_length"), EPS);
    // 三 十 二 are numeric (Unihan numeric values): 3/7
    assertEquals(3.0 / 7, s.get("lines_numerical_chars_fraction"), EPS);
    // "。" is not one of . ! ?: one sentence, and the line does not end with terminal punctuation
    assertEquals(1.0, s.get("num_sentences"));
    assertEquals(0.0, s.get("lines_ending_with_terminal_punctuation"));
    assertTrue(RedPajamaSignals.isNumeric('零'));
    assertTrue(RedPajamaSignals.isNumeric('½'));
    assertTrue(RedPajamaSignals.isNumeric('Ⅻ'));
    assertTrue(!RedPajamaSignals.isNumeric('中'));
  }

  @Test
  void unicodeCaseAndNfd() {
    Map<String, Double> s = sig("ΟΔΟΣ ǅx Ⓐ 3D 123");
    // raw words: ΟΔΟΣ ǅx Ⓐ 3D 123; isupper(): ΟΔΟΣ, Ⓐ (Other_Uppercase), 3D; not ǅx (titlecase), not 123
    assertEquals(3.0 / 5, s.get("frac_all_caps_words"), EPS);
    // ASCII letters in ǅx and 3D only: 1 - 2/5
    assertEquals(0.6, s.get("frac_no_alph_words"), EPS);
    // normalized "οδος ǆx ⓐ 3d 123": 4+2+1+2+3 = 12 chars over 5 words
    assertEquals(12.0 / 5, s.get("mean_word_length"), EPS);
    // numeric 3,1,2,3 of 16 normalized chars; uppercase Ο Δ Ο Σ Ⓐ D of 16 raw chars
    assertEquals(4.0 / 16, s.get("lines_numerical_chars_fraction"), EPS);
    assertEquals(6.0 / 16, s.get("lines_uppercase_letter_fraction"), EPS);

    // NFD: precomposed and decomposed é normalize alike (5 code points each), so one distinct word
    s = sig("caf\u00e9 cafe\u0301");
    assertEquals(5.0, s.get("mean_word_length"), EPS);
    assertEquals(0.5, s.get("frac_unique_words"), EPS);
    // raw words: café | cafe | U+0301 (a combining mark is not \w): 2 of 3 with an ASCII letter
    assertEquals(1.0 / 3, s.get("frac_no_alph_words"), EPS);

    // Devanagari vowel signs and virama are not \w: "हिन्दी" is 6 raw words, "#" a seventh
    s = sig("# हिन्दी");
    assertEquals(1.0 / 7, s.get("symbol_to_word_ratio"), EPS);
    assertEquals(1.0, s.get("word_count"));
    assertEquals(6.0, s.get("mean_word_length"), EPS);
  }

  @Test
  void normalizationMatchesRedPajama() {
    assertEquals("hello world", RedPajamaSignals.normalize("  Hello,\u00a0\u3000WORLD!!  \r\n"));
    // Greek final sigma as str.lower(); İ lowercases to i + combining dot
    assertEquals("οδος σ", RedPajamaSignals.normalize("ΟΔΟΣ Σ"));
    assertEquals("i\u0307stanbul", RedPajamaSignals.normalize("İstanbul"));
    // non-ASCII punctuation stays; U+037E decomposes to ";" after the punctuation was removed, so it stays too
    assertEquals("“a” — b;", RedPajamaSignals.normalize("“a” — b\u037e"));
  }

  @Test
  void loremIpsum() {
    Map<String, Double> s = sig("Lorem ipsum, dolor. lorem ipſum");
    // normalized "lorem ipsum dolor lorem ipſum" (29 chars); the exact phrase occurs, so the case-insensitive count
    // applies, under which ſ matches s: 2 / 29
    assertEquals(2.0 / 29, s.get("lorem_ipsum"), EPS);
    // without the exact phrase nothing is counted
    assertEquals(0.0, sig("lorem ipſum").get("lorem_ipsum"));
    // "lorem ipsum" x3 + 2 spaces: 35 chars
    assertEquals(3.0 / 35, sig("LOREM IPSUM lorem ipsum Lorem Ipsum").get("lorem_ipsum"), EPS);
  }

  @Test
  void symbolsAndSentences() {
    Map<String, Double> s = sig("a #b .... c……");
    // raw words: a # b .... c …… (6); "#" 1, "..." 1 (four periods hold one), "…" 2 -> 4/6
    assertEquals(4.0 / 6, s.get("symbol_to_word_ratio"), EPS);
    assertEquals(1.0, s.get("frac_lines_end_with_ellipsis"), EPS);
    // \b[^.!?]+[.!?]*: "Hello." "World..." "3." "14 ok?!"
    assertEquals(4.0, sig("Hello. World... 3.14 ok?! ").get("num_sentences"));
    assertEquals(0.0, sig("... !!! ???").get("num_sentences"));
    // no word character at all, so no word boundary
    assertEquals(0.0, sig("— “ ” …").get("num_sentences"));
    assertEquals(1.0, sig("(see below)").get("num_sentences"));
  }

  @Test
  void stopWordsAreCaseSensitiveRawWords() {
    RedPajamaSignals rp = new RedPajamaSignals(Set.of("the", "of"));
    // raw words: the end of The . -> the, of: 2/5
    assertEquals(2.0 / 5, rp.signals("the end of The.").get("stop_word_fraction"), EPS);
    // no normalized word: 0, although "." is a raw word
    assertEquals(0.0, rp.signals(".").get("stop_word_fraction"));
    assertEquals(GopherQualityFilter.DEFAULT_STOP_WORDS, RP.stopWords());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RedPajamaSignals(Set.of("a", "")));
    assertTrue(e.getMessage().contains("''"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RedPajamaSignals(null));
    assertThrows(IllegalArgumentException.class, () -> RP.signals(null));
  }

  @Test
  void serializableAndDeterministic() throws Exception {
    RedPajamaSignals rp = new RedPajamaSignals(Set.of("the"));
    RedPajamaSignals copy = JavaSerialization.roundTrip(rp);
    String text = "The cat sat on the mat. The cat sat on the mat!\n• again";
    assertEquals(rp.signals(text), copy.signals(text));
  }

  @Test
  void largeRepetitiveDocumentIsFast() {
    List<String> words = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 200_000; i++) {
      words.add("w" + random.nextInt(i % 1000 < 500 ? 50 : 5000));
      if (i % 17 == 0) {
        words.add("end.\n");
      }
    }
    String text = String.join(" ", words); // about 1.2 MB
    long start = System.nanoTime();
    Map<String, Double> s = sig(text);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(NAMES.size(), s.size());
    assertTrue(s.get("word_count") > 200_000);
    assertTrue(ms < 10_000, ms + " ms");
    double[] dupes = Arrays.stream(RedPajamaSignals.DUPE_NGRAM_SIZES)
        .mapToDouble(n -> s.get(RedPajamaSignals.dupeNGramSignal(n))).toArray();
    for (int k = 1; k < dupes.length; k++) {
      assertTrue(dupes[k] <= dupes[k - 1], Arrays.toString(dupes)); // a repeated n-gram's (n-1)-prefix repeats too
    }
  }
}
