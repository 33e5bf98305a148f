package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.text.SimplifyText;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShinglerTest {
  private final Shingler words = Shingler.words();
  private final Shingler chars5 = Shingler.of(ShingleKind.CHAR, 5);

  private static void assertSortedDistinct(long[] a) {
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i], "not strictly increasing at " + i + ": " + Arrays.toString(a));
    }
  }

  @Test
  void defaultsToWordFiveGrams() {
    assertEquals(ShingleKind.WORD, words.kind());
    assertEquals(5, words.n());
  }

  @Test
  void wordFiveGramsOfDistinctTokensNumberTokensMinusFour() {
    // 9 tokens, all distinct after lowercasing ("The" and "the" are the same word, so use other words).
    long[] s = words.shingles("A quick brown fox jumps over the lazy dog");
    assertEquals(9 - 4, s.length);
    assertSortedDistinct(s);
  }

  @Test
  void repeatedWindowsAreCountedOnce() {
    // "a b c d e a b c d e": windows abcde, bcdea, cdeab, deabc, eabcd, abcde -> 5 distinct.
    assertEquals(5, words.shingles("a b c d e a b c d e").length);
    assertEquals(1, words.shingles("x x x x x x x x").length);
  }

  @Test
  void wordOrderMatters() {
    assertFalse(Arrays.equals(words.shingles("a b c d e"), words.shingles("e d c b a")));
    assertEquals(1, words.shingles("a b c d e").length);
  }

  @Test
  void simplifyIsApplied() {
    assertArrayEquals(
        words.shingles("the quick brown fox jumps over"),
        words.shingles("  The QUICK, brown fox -- jumps over!!! "));
    assertArrayEquals(
        words.shingles("café crème brûlée à la carte"), words.shingles("Cafe creme brulee a la carte"));
    String text = "Hello, World: one two three four";
    assertArrayEquals(words.shingles(text), words.shinglesOfSimplified(SimplifyText.apply(text)));
  }

  @Test
  void shinglesOfSimplifiedSplitsOnAnyWhitespaceRun() {
    assertArrayEquals(words.shinglesOfSimplified("a b c d e f"), words.shinglesOfSimplified("\ta  b\nc d\u3000e   f "));
  }

  @Test
  void shortDocumentsKeepTheirIdentity() {
    long[] helloWorld = words.shingles("hello world");
    long[] helloThere = words.shingles("hello there");
    assertEquals(1, helloWorld.length);
    assertEquals(1, helloThere.length);
    assertFalse(Arrays.equals(helloWorld, helloThere));
    assertArrayEquals(helloWorld, words.shingles("Hello world."));
    assertFalse(Arrays.equals(helloWorld, words.shingles("world hello")));
    assertFalse(Arrays.equals(words.shingles("hello"), words.shingles("world")));
    // A short document is not the first window of a longer one.
    assertFalse(Arrays.equals(helloWorld, words.shingles("hello world a b c")));
  }

  @Test
  void emptyDocumentsHaveNoShingles() {
    assertEquals(0, words.shingles("").length);
    assertEquals(0, words.shingles("   \n\t ").length);
    assertEquals(0, words.shingles("!!! ... ???").length);
    assertEquals(0, chars5.shingles("").length);
  }

  @Test
  void charShinglesRunOverCodePoints() {
    // 6 code points, 5-grams: 你好世界你 and 好世界你好.
    assertEquals(2, chars5.shingles("你好世界你好").length);
    // Bigrams: 你好 好世 世界 界你 你好 -> 4 distinct.
    assertEquals(4, Shingler.of(ShingleKind.CHAR, 2).shingles("你好世界你好").length);
    assertFalse(Arrays.equals(chars5.shingles("你好世界你好"), chars5.shingles("好你界世好你")));
    // Short: fewer code points than n still give one shingle each, distinct per text.
    assertEquals(1, chars5.shingles("你好").length);
    assertFalse(Arrays.equals(chars5.shingles("你好"), chars5.shingles("世界")));
  }

  @Test
  void charShinglesCountSupplementaryCodePointsOnce() {
    // U+20000 (a CJK Extension B ideograph) is two UTF-16 chars but one code point: 5 code points, one window.
    assertEquals(1, chars5.shingles("\uD840\uDC00好世界你").length);
    assertEquals(2, chars5.shingles("\uD840\uDC00好世界你好").length);
  }

  @Test
  void charShinglesSeeSpaces() {
    Shingler chars3 = Shingler.of(ShingleKind.CHAR, 3);
    assertFalse(Arrays.equals(chars3.shingles("ab cd"), chars3.shingles("abcd")));
  }

  @Test
  void kindsDoNotShareHashes() {
    long[] w = Shingler.of(ShingleKind.WORD, 1).shingles("a");
    long[] c = Shingler.of(ShingleKind.CHAR, 1).shingles("a");
    assertNotEquals(w[0], c[0]);
  }

  @Test
  void isDeterministicAcrossInstances() {
    String text = "Near-duplicate detection with MinHash locality sensitive hashing over word shingles.";
    assertArrayEquals(words.shingles(text), Shingler.of(ShingleKind.WORD, 5).shingles(text));
    // Pinned: stored signatures depend on these hashes, so changing them must be deliberate.
    assertArrayEquals(new long[] {1834294293830454348L}, words.shingles("hello world"));
    assertArrayEquals(new long[] {-9218777745862652665L, -1310888226377867409L}, words.shingles("a b c d e f"));
  }

  /**
   * The streamed path for ASCII text (each word hashed while it is simplified) gives exactly the shingles of the
   * string path (simplify to a String, split on whitespace, hash each word), in the same order, on random
   * texts mixing letters, digits, decimal separators, punctuation, controls, every kind of whitespace and the
   * non-ASCII characters that simplify turns into spaces, and on texts with other non-ASCII characters (which take
   * the general path).
   */
  @Test
  void streamedAsciiPathEqualsTheStringPath() {
    String alphabet = "abcXYZ019 .,;:!?'\"()-_/\\\t\n\r\u000b\f\u001c\u001f\u0000\u007f  \u00a0\u2019\u201c\u2014\u3002\u2028";
    String other = "\u00e9\u4e2d\u0416\ud83d\ude00\u0660\uff11";
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (int n : new int[] {1, 2, 5}) {
      Shingler s = Shingler.of(ShingleKind.WORD, n);
      for (int t = 0; t < 5_000; t++) {
        StringBuilder b = new StringBuilder();
        int len = r.nextInt(60);
        for (int i = 0; i < len; i++) {
          b.append(t % 10 == 9 && r.nextInt(20) == 0 ? other.charAt(r.nextInt(other.length()))
              : alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String text = b.toString();
        long[] expected = s.shinglesOfSimplified(SimplifyText.apply(text));
        assertArrayEquals(expected, s.shingles(text), () -> "text: " + text);
        long[] inOrder = s.shinglesInOrder(text);
        assertArrayEquals(expected, Shingler.sortDistinct(inOrder.clone()), () -> "text: " + text);
      }
    }
    // Many more words than the streamed path first makes room for (one per six characters), and a word longer than
    // its first buffer of code units.
    String dense = "a b! c, d? ".repeat(500) + "x".repeat(70) + " end";
    assertArrayEquals(words.shinglesOfSimplified(SimplifyText.apply(dense)), words.shingles(dense));
  }

  @Test
  void sortDistinctReturnsTheSameArrayWhenNothingRepeats() {
    long[] a = {3, 1, 2};
    assertSame(a, Shingler.sortDistinct(a));
    assertArrayEquals(new long[] {1, 2, 3}, a);
    assertArrayEquals(new long[] {-5, 1, 7}, Shingler.sortDistinct(new long[] {7, 1, 7, -5, 1}));
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shingler.of(ShingleKind.CHAR, -3));
    assertTrue(e.getMessage().contains("got -3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shingler.of(ShingleKind.WORD, 0));
    assertThrows(IllegalArgumentException.class, () -> Shingler.of(null, 5));
    assertThrows(IllegalArgumentException.class, () -> words.shingles(null));
  }
}
