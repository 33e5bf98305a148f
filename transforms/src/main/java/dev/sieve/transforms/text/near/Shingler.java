package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.SimplifyText;
import dev.sieve.transforms.text.Whitespace;
import java.util.Arrays;

/**
 * Turns a document into the sorted set of distinct 64-bit hashes of its shingles (n-grams), the input of
 * {@link MinHasher} and {@link Jaccard}.
 *
 * <p>Algorithm, for a text of {@code m} tokens ({@link ShingleKind#WORD words} or {@link ShingleKind#CHAR code
 * points}):
 *
 * <ol>
 *   <li>The text is normalized with {@link SimplifyText#apply} (skipped by {@link #shinglesOfSimplified}).
 *   <li>Each token gets a 64-bit hash: words by hashing their UTF-16 code units in place (no substrings), code points
 *       by a bijective mix of the code point, so distinct code points never collide.
 *   <li>Each window of {@code n} consecutive token hashes {@code t0 .. t(n-1)} becomes one shingle hash by the
 *       order-sensitive chain {@code h = seed; h = (h ^ ti) * P1} (each step a bijection in {@code h} and in {@code
 *       ti}, so windows that differ in one token never collide); no strings are built. Reordered tokens give a
 *       different hash. {@link MinHasher} mixes every shingle hash fully before it permutes it.
 *   <li>Short documents ({@code 1 <= m < n}) have exactly one shingle: the same chain over all {@code m} tokens. So
 *       two different short documents do not collapse onto one shared signature, and equal ones match. An empty
 *       document (no tokens) has no shingles.
 *   <li>The hashes are sorted and de-duplicated ({@link #shingles}); {@link #shinglesInOrder} skips this step for
 *       MinHash, whose minimum ignores order and repeats.
 * </ol>
 *
 * <p>Cost: O(L) to simplify and hash tokens for a text of L chars, O(m n) cheap steps (one xor and one multiply)
 * for the window chains, O(m log m) to sort;
 * one {@code long[m]} of token hashes and one of shingles per call, nothing per shingle. Output depends only on the
 * text, the kind and n: the same on every JVM and run.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Shingler {
  /** datatrove's default word n-gram size. */
  public static final int DEFAULT_WORD_N = 5;

  /** Fixed seeds: changing them changes every shingle hash, and so every stored signature. */
  private static final long WORD_TOKEN_SEED = 0x5EED_0000_0000_0001L;
  private static final long CHAR_TOKEN_SEED = 0x5EED_0000_0000_0002L;
  private static final long WORD_CHAIN_SEED = 0x2545F4914F6CDD1DL;
  private static final long CHAR_CHAIN_SEED = 0x61C8864680B583EBL;

  private final ShingleKind kind;
  private final int n;

  private Shingler(ShingleKind kind, int n) {
    this.kind = kind;
    this.n = n;
  }

  /**
   * A shingler of {@code kind} with window size {@code n}.
   *
   * @throws IllegalArgumentException if {@code kind} is null or {@code n < 1}
   */
  public static Shingler of(ShingleKind kind, int n) {
    Preconditions.checkNotNull(kind, "kind");
    Preconditions.checkArgument(n >= 1, "shingle size n must be >= 1, got %s", n);
    return new Shingler(kind, n);
  }

  /** Word 5-grams, datatrove's default. */
  public static Shingler words() {
    return of(ShingleKind.WORD, DEFAULT_WORD_N);
  }

  public ShingleKind kind() {
    return kind;
  }

  public int n() {
    return n;
  }

  /** Sorted, distinct shingle hashes of {@code text} after {@link SimplifyText#apply}. Empty text gives {@code []}. */
  public long[] shingles(String text) {
    Preconditions.checkNotNull(text, "text");
    return sortDistinct(shinglesInOrder(text));
  }

  /**
   * The shingle hashes of {@code text} after {@link SimplifyText#apply} in text order, repeats included: the same
   * set as {@link #shingles}, without the sort. Enough for {@link MinHasher}, whose minimum ignores order and
   * repeats; not for {@link Jaccard}.
   */
  public long[] shinglesInOrder(String text) {
    Preconditions.checkNotNull(text, "text");
    if (kind == ShingleKind.WORD) {
      // Fast path for text that is ASCII apart from punctuation and spaces: each word is hashed as soon as it is
      // simplified, in one pass and without building the simplified text, with the same hashes as the general path.
      WordHasher words = new WordHasher(text.length());
      if (SimplifyText.applyAscii(text, words)) {
        return windows(words.hashes(), words.count(), n, WORD_CHAIN_SEED);
      }
    }
    return windows(SimplifyText.apply(text));
  }

  /**
   * Sorted, distinct shingle hashes of text the caller has already normalized (for example with
   * {@link SimplifyText#apply}, or another normalization of its choice). Word tokens are split on any whitespace
   * run, so the text need not be collapsed; character shingles see every code point as it is.
   */
  public long[] shinglesOfSimplified(String simplified) {
    Preconditions.checkNotNull(simplified, "simplified");
    return sortDistinct(windows(simplified));
  }

  /** The window hashes of normalized text, in text order. */
  private long[] windows(String simplified) {
    long[] tokens = kind == ShingleKind.WORD ? wordHashes(simplified) : codePointHashes(simplified);
    return windows(tokens, tokens.length, n, kind == ShingleKind.WORD ? WORD_CHAIN_SEED : CHAR_CHAIN_SEED);
  }

  /**
   * Hashes of the whitespace-separated words, in order, over the text's chars (copied once). Two passes: count,
   * then hash.
   */
  private static long[] wordHashes(String text) {
    char[] s = text.toCharArray();
    int len = s.length;
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < len; i++) {
      // Every Python whitespace code point is in the BMP, so testing single chars is exact; surrogates are words.
      boolean space = Whitespace.isPythonSpace(s[i]);
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    long[] hashes = new long[count];
    int t = 0;
    int i = 0;
    while (i < len) {
      while (i < len && Whitespace.isPythonSpace(s[i])) {
        i++;
      }
      if (i == len) {
        break;
      }
      int start = i;
      while (i < len && !Whitespace.isPythonSpace(s[i])) {
        i++;
      }
      hashes[t++] = Hashing.hashChars(s, start, i, WORD_TOKEN_SEED);
    }
    return hashes;
  }

  /**
   * Hashes the words {@link SimplifyText#applyAscii(String, SimplifyText.WordSink)} makes as they end: the {@link
   * Hashing#hashChars} of each, so equal to {@link #wordHashes(String)} of the simplified text.
   */
  private static final class WordHasher implements SimplifyText.WordSink {
    private long[] hashes;
    private int count;

    WordHasher(int textLength) {
      // About one word per six characters of English; grows when there are more.
      this.hashes = new long[textLength / 6 + 16];
    }

    @Override
    public void word(char[] chars, int from, int to) {
      if (count == hashes.length) {
        hashes = Arrays.copyOf(hashes, count * 2);
      }
      hashes[count++] = Hashing.hashChars(chars, from, to, WORD_TOKEN_SEED);
    }

    /** The word hashes, in order, in the first {@link #count} slots. */
    long[] hashes() {
      return hashes;
    }

    int count() {
      return count;
    }
  }

  /** Hashes of the code points, in order; an unpaired surrogate counts as one code point, as in {@link String}. */
  private static long[] codePointHashes(String s) {
    long[] hashes = new long[s.codePointCount(0, s.length())];
    int t = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      hashes[t++] = Hashing.hashCodePoint(cp, CHAR_TOKEN_SEED);
      i += Character.charCount(cp);
    }
    return hashes;
  }

  /**
   * One chained hash per window of {@code n} of the first {@code m} tokens (one window of all of them when there are
   * fewer), in order.
   */
  private static long[] windows(long[] tokens, int m, int n, long chainSeed) {
    if (m == 0) {
      return new long[0];
    }
    int width = Math.min(n, m);
    int count = m - width + 1;
    long[] out = new long[count];
    for (int start = 0; start < count; start++) {
      long h = chainSeed;
      for (int j = start, end = start + width; j < end; j++) {
        h = (h ^ tokens[j]) * Hashing.P1;
      }
      out[start] = h;
    }
    return out;
  }

  /** Sorts {@code a} and removes repeats; returns {@code a} itself when nothing repeated. */
  static long[] sortDistinct(long[] a) {
    if (a.length < 2) {
      return a;
    }
    Arrays.sort(a);
    int w = 1;
    for (int r = 1; r < a.length; r++) {
      if (a[r] != a[w - 1]) {
        a[w++] = a[r];
      }
    }
    return w == a.length ? a : Arrays.copyOf(a, w);
  }

  @Override
  public String toString() {
    return "Shingler[" + kind + ", n=" + n + "]";
  }
}
