package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.JavaSerialization;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A made-up word list; matches follow C4's {@code (?:\W|^)(w1|...)(?:\W|$)} over the lowercased text, counted left to
 * right without overlaps, longest entry first.
 */
class BadWordsFilterTest {

  private static final List<String> WORDS = List.of("zorp", "blarg", "foo bar", "bar baz", "x-y", "ünk", "坏词");

  private static final BadWordsFilter FILTER = new BadWordsFilter(WORDS);

  private static int count(String text) {
    return FILTER.countMatches(text);
  }

  @Test
  void wordListFileFormat() throws Exception {
    String file = "# made-up test list\n\n  Zorp  \nblarg\r\n\t\n# another comment\nfoo bar\nzorp\n";
    List<String> words = BadWordsFilter.readWordList(new StringReader(file));
    assertEquals(List.of("Zorp", "blarg", "foo bar", "zorp"), words);
    BadWordsFilter f = new BadWordsFilter(words);
    // lowercased and deduplicated: zorp, blarg, foo bar
    assertEquals(3, f.size());
    assertEquals(1, f.countMatches("a ZORP b"));
    assertEquals(List.of("a", "b c"), BadWordsFilter.parseWordList(List.of(" a ", "", "#x", "b c", "\u3000")));
  }

  @Test
  void wordBoundariesArePythonNonWordCharacters() {
    assertEquals(1, count("zorp"));
    assertEquals(1, count("a zorp b"));
    assertEquals(1, count("(zorp)"));
    assertEquals(1, count("ZORP!"));
    assertEquals(0, count("zorps"));
    assertEquals(0, count("azorp"));
    assertEquals(0, count("_zorp")); // "_" is a word character
    assertEquals(0, count("zorp1"));
    assertEquals(0, count("\u00e9zorp")); // a letter
    assertEquals(0, count("zorp\u00b2")); // superscript two is a number (No), so a word character
    // A combining mark is not \w in Python, so it is a boundary (Java's Unicode \w would say otherwise)
    assertEquals(1, count("zorp\u0301"));
    assertEquals(1, count("\ud83d\ude00zorp\ud83d\ude00")); // emoji around it
    // an entry with a non-word character inside
    assertEquals(1, count("a x-y b"));
    assertEquals(0, count("ax-y"));
    // non-ASCII entry, matched after lowercasing the text
    assertEquals(1, count("ÜNK."));
  }

  @Test
  void lineBreaksAreBoundaries() {
    assertEquals(2, count("ok\r\nzorp\r\nblarg"));
    assertEquals(2, count("zorp\u2028blarg\u2029"));
    assertEquals(1, count("x\tzorp\f"));
  }

  @Test
  void countsNonOverlappingMatchesLongestFirst() {
    // The flanking characters are not used up: three matches (Python's findall over the regex would report 2,
    // each match eating the space after it)
    assertEquals(3, count("zorp zorp zorp"));
    // Phrases must match exactly
    assertEquals(1, count("the foo bar baz"));
    assertEquals(0, count("foo  bar"));
    // "foo bar" at 0 and "bar baz" at 4 overlap: the leftmost one counts -> 1
    assertEquals(1, count("foo bar baz"));
    // "foo bar" then "bar baz" apart: 2
    assertEquals(2, count("foo bar, bar baz"));
    // At one start the longest entry wins: with "foo" and "foo bar", "foo bar qux foo" has "foo bar" at 0 and
    // "foo" at 12 -> 2
    BadWordsFilter f = new BadWordsFilter(List.of("foo", "foo bar"));
    assertEquals(2, f.countMatches("foo bar qux foo"));
    // "foo barx": "foo bar" is followed by a letter, "foo" by a space -> 1
    assertEquals(1, f.countMatches("foo barx"));
  }

  @Test
  void languagesWithoutWordBoundaries() {
    assertFalse(BadWordsFilter.usesWordBoundaries("zh"));
    assertFalse(BadWordsFilter.usesWordBoundaries("ja"));
    assertFalse(BadWordsFilter.usesWordBoundaries("th"));
    assertFalse(BadWordsFilter.usesWordBoundaries("zh-Hant"));
    assertFalse(BadWordsFilter.usesWordBoundaries("ZH_tw"));
    assertTrue(BadWordsFilter.usesWordBoundaries("en"));
    assertTrue(BadWordsFilter.usesWordBoundaries("zu"));
    String text = "这是坏词吗？坏词坏词";
    // with boundaries none matches: each occurrence touches a CJK letter on at least one side
    assertEquals(0, FILTER.countMatches(text));
    // plain substring matching: 3 non-overlapping occurrences
    BadWordsFilter zh = BadWordsFilter.forLanguage("zh", new StringReader("# test\n坏词\n"));
    assertFalse(zh.wordBoundaries());
    assertEquals(3, zh.countMatches(text));
    // without boundaries a Latin entry matches inside words too
    assertEquals(2, new BadWordsFilter(List.of("zorp"), false, 0).countMatches("azorpb zorps"));
  }

  @Test
  void verdictAndSignal() {
    FilterResult r = FILTER.apply("Nothing to see here.");
    assertTrue(r.verdict().kept());
    assertEquals(Map.of("ldnoobw_words", 0.0), r.signals());
    assertNull(r.text());

    r = FILTER.apply("well, blarg");
    assertTrue(r.verdict().rejected());
    assertEquals("document_removed_with_badwords", r.verdict().reason());
    assertEquals(1.0, r.signals().get("ldnoobw_words"));
    assertEquals("bad_words", FILTER.name());

    BadWordsFilter lenient = new BadWordsFilter(WORDS, true, 2);
    assertEquals(2, lenient.maxMatches());
    assertTrue(lenient.apply("zorp and zorp").verdict().kept());
    FilterResult three = lenient.apply("zorp and zorp and zorp");
    assertTrue(three.verdict().rejected());
    assertEquals(3.0, three.signals().get("ldnoobw_words"));
  }

  @Test
  void emptyTextAndEmptyList() {
    assertEquals(0, count(""));
    assertTrue(FILTER.apply("").verdict().kept());
    BadWordsFilter none = new BadWordsFilter(List.of());
    assertEquals(0, none.size());
    assertTrue(none.apply("zorp").verdict().kept());
  }

  @Test
  void argumentChecksNameTheBadValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BadWordsFilter(WORDS, true, -1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BadWordsFilter(List.of("ok", "\u00a0")));
    assertTrue(e.getMessage().contains("blank"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BadWordsFilter(Collections.singletonList(null)));
    assertThrows(IllegalArgumentException.class, () -> FILTER.apply(null));
  }

  @Test
  void serializable() throws Exception {
    BadWordsFilter copy = JavaSerialization.roundTrip(FILTER);
    String text = "zorp zorp, foo bar baz; ÜNK x-y";
    assertEquals(FILTER.countMatches(text), copy.countMatches(text));
    assertEquals(5, copy.countMatches(text));
  }

  /** The counting rule written the slow way: at each start, every entry longest first. */
  private static int naive(List<String> words, String text, boolean boundaries) {
    String low = text.toLowerCase(Locale.ROOT);
    List<String> entries = new ArrayList<>();
    for (String w : words) {
      entries.add(w.toLowerCase(Locale.ROOT));
    }
    entries.sort((a, b) -> b.length() - a.length());
    int count = 0;
    int free = 0;
    for (int i = 0; i < low.length(); i++) {
      if (i < free) {
        continue;
      }
      for (String w : entries) {
        int end = i + w.length();
        if (!low.startsWith(w, i)) {
          continue;
        }
        if (boundaries && ((i > 0 && TreebankWordTokenizer.isWord(low.codePointBefore(i)))
            || (end < low.length() && TreebankWordTokenizer.isWord(low.codePointAt(end))))) {
          continue;
        }
        count++;
        free = end;
        break;
      }
    }
    return count;
  }

  @Test
  void agreesWithTheNaiveRuleOnRandomText() {
    String[] alphabet = {"a", "b", "ab", "ba", "é", "_", "1", "中", " ", " ", " ", "-", ".", "\n", "\u0301", "A"};
    Random random = new Random(5);
    for (int round = 0; round < 2000; round++) {
      List<String> words = new ArrayList<>();
      for (int k = 1 + random.nextInt(5); k > 0; k--) {
        StringBuilder w = new StringBuilder();
        for (int len = 1 + random.nextInt(3); len > 0; len--) {
          w.append(alphabet[random.nextInt(alphabet.length)]);
        }
        String entry = PythonLines.strip(w.toString());
        if (!entry.isEmpty()) {
          words.add(entry);
        }
      }
      StringBuilder text = new StringBuilder();
      for (int len = random.nextInt(30); len > 0; len--) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String t = text.toString();
      for (boolean boundaries : new boolean[] {true, false}) {
        assertEquals(naive(words, t, boundaries), new BadWordsFilter(words, boundaries, 0).countMatches(t),
            words + " in '" + t + "' boundaries=" + boundaries);
      }
    }
  }

  @Test
  void largeListAndTextStayLinear() {
    // 5,000 made-up entries "q" + base-26 digits, some of them phrases
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String w = "q" + Integer.toString(i, 26).replace('0', 'z');
      words.add(i % 10 == 0 ? w + " " + w : w);
    }
    BadWordsFilter big = new BadWordsFilter(words);
    assertEquals(5000, big.size());
    StringBuilder text = new StringBuilder();
    Random random = new Random(9);
    int planted = 0;
    while (text.length() < 4_000_000) {
      if (random.nextInt(1000) == 0) {
        int i = 1 + random.nextInt(4999);
        if (i % 10 == 0) {
          i++; // a single word, not a phrase
        }
        text.append(words.get(i).toUpperCase(Locale.ROOT)).append(". ");
        planted++;
      } else {
        text.append("quick qua qz brown fox ");
      }
    }
    String t = text.toString();
    long start = System.nanoTime();
    int found = big.countMatches(t);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(planted > 100, "planted " + planted);
    assertEquals(planted, found);
    assertTrue(ms < 10_000, ms + " ms for 4 MB");
  }
}
