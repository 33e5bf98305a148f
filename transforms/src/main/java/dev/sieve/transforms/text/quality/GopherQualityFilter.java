package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.Verdict;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gopher's quality heuristics (Rae et al. 2021, appendix A.1.1) as datatrove's {@code GopherQualityFilter} computes
 * them. With {@code W} the tokenizer's words and {@code NS} those with at least one character outside datatrove's
 * {@code PUNCTUATION_SET}, the checks run in this order and the first failing one rejects:
 *
 * <ol>
 *   <li>{@code len(NS) < min_doc_words} → {@code gopher_short_doc}; {@code > max_doc_words} →
 *       {@code gopher_long_doc};
 *   <li>mean code-point length over {@code NS} {@code < min_avg_word_length} → {@code gopher_below_avg_threshold};
 *       {@code > max_avg_word_length} → {@code gopher_above_avg_threshold};
 *   <li>{@code text.count("#") / len(W) > max_symbol_word_ratio} → {@code gopher_too_many_hashes};
 *       {@code (text.count("...") + text.count("…")) / len(W)} likewise → {@code gopher_too_many_ellipsis}
 *       ({@code count} counts non-overlapping occurrences: six periods are two ellipses);
 *   <li>over {@code text.splitlines()}: the share of lines whose {@code lstrip()} starts with {@code •} or {@code -}
 *       {@code > max_bullet_lines_ratio} → {@code gopher_too_many_bullets}; the share whose {@code rstrip()} ends
 *       with {@code ...} or {@code …} {@code > max_ellipsis_lines_ratio} → {@code gopher_too_many_end_ellipsis};
 *   <li>the share of {@code W} containing a letter ({@code str.isalpha}, i.e. Unicode L*) {@code <
 *       max_non_alpha_words_ratio} → {@code gopher_below_alpha_threshold} (datatrove's name; it is a minimum);
 *   <li>fewer than {@code min_stop_words} <em>distinct</em> stop words among {@code W} (exact, case-sensitive
 *       match) → {@code gopher_enough_stop_words}. Older datatrove releases counted occurrences instead.
 * </ol>
 *
 * <p>As in datatrove, a threshold of 0 disables its check (Python's {@code if self.x and ...}).
 *
 * <p><b>Signals.</b> All eight are computed for every document, whether it passes or fails and at which check:
 * {@value #SIGNAL_WORD_COUNT} ({@code len(NS)}), {@value #SIGNAL_MEAN_WORD_LENGTH}, {@value #SIGNAL_HASH_RATIO},
 * {@value #SIGNAL_ELLIPSIS_RATIO}, {@value #SIGNAL_BULLET_LINES_RATIO}, {@value #SIGNAL_END_ELLIPSIS_LINES_RATIO},
 * {@value #SIGNAL_ALPHA_WORDS_RATIO} and {@value #SIGNAL_STOP_WORDS} (distinct stop words found). Where datatrove
 * would divide by zero (no words, or no lines, reachable only with {@code min_doc_words} disabled) the ratio is
 * 0, and the mean word length of no words is 0 (numpy's NaN, which passes both length checks; so does 0 here).
 *
 * <p>The tokenizer defaults to {@link TreebankWordTokenizer#wordTokenize()}, NLTK's {@code word_tokenize} with a
 * rule-based sentence splitter in place of Punkt. Immutable and thread-safe.
 */
public final class GopherQualityFilter implements DocFilter {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "gopher_quality";

  public static final String REASON_SHORT_DOC = "gopher_short_doc";
  public static final String REASON_LONG_DOC = "gopher_long_doc";
  public static final String REASON_BELOW_AVG = "gopher_below_avg_threshold";
  public static final String REASON_ABOVE_AVG = "gopher_above_avg_threshold";
  public static final String REASON_TOO_MANY_HASHES = "gopher_too_many_hashes";
  public static final String REASON_TOO_MANY_ELLIPSIS = "gopher_too_many_ellipsis";
  public static final String REASON_TOO_MANY_BULLETS = "gopher_too_many_bullets";
  public static final String REASON_TOO_MANY_END_ELLIPSIS = "gopher_too_many_end_ellipsis";
  public static final String REASON_BELOW_ALPHA = "gopher_below_alpha_threshold";
  public static final String REASON_STOP_WORDS = "gopher_enough_stop_words";

  public static final String SIGNAL_WORD_COUNT = "gopher_word_count";
  public static final String SIGNAL_MEAN_WORD_LENGTH = "gopher_mean_word_length";
  public static final String SIGNAL_HASH_RATIO = "gopher_hash_ratio";
  public static final String SIGNAL_ELLIPSIS_RATIO = "gopher_ellipsis_ratio";
  public static final String SIGNAL_BULLET_LINES_RATIO = "gopher_bullet_lines_ratio";
  public static final String SIGNAL_END_ELLIPSIS_LINES_RATIO = "gopher_end_ellipsis_lines_ratio";
  public static final String SIGNAL_ALPHA_WORDS_RATIO = "gopher_alpha_words_ratio";
  public static final String SIGNAL_STOP_WORDS = "gopher_stop_words";

  /** datatrove's default stop words. */
  public static final Set<String> DEFAULT_STOP_WORDS = Set.of("the", "be", "to", "of", "and", "that", "have", "with");

  /**
   * Thresholds, named after datatrove's arguments; 0 disables a check.
   *
   * @param maxNonAlphaWordsRatio despite datatrove's name, the minimum share of words that contain a letter
   */
  public record Settings(
      int minDocWords,
      int maxDocWords,
      double minAvgWordLength,
      double maxAvgWordLength,
      double maxSymbolWordRatio,
      double maxBulletLinesRatio,
      double maxEllipsisLinesRatio,
      double maxNonAlphaWordsRatio,
      int minStopWords,
      Set<String> stopWords) implements Serializable {
    public Settings {
      Preconditions.checkArgument(minDocWords >= 0, "min_doc_words must be >= 0, got %s", minDocWords);
      Preconditions.checkArgument(maxDocWords >= 0, "max_doc_words must be >= 0, got %s", maxDocWords);
      checkRatio("min_avg_word_length", minAvgWordLength);
      checkRatio("max_avg_word_length", maxAvgWordLength);
      checkRatio("max_symbol_word_ratio", maxSymbolWordRatio);
      checkRatio("max_bullet_lines_ratio", maxBulletLinesRatio);
      checkRatio("max_ellipsis_lines_ratio", maxEllipsisLinesRatio);
      checkRatio("max_non_alpha_words_ratio", maxNonAlphaWordsRatio);
      Preconditions.checkArgument(minStopWords >= 0, "min_stop_words must be >= 0, got %s", minStopWords);
      Preconditions.checkNotNull(stopWords, "stopWords");
      stopWords = Set.copyOf(stopWords);
    }

    private static void checkRatio(String name, double value) {
      Preconditions.checkArgument(value >= 0 && Double.isFinite(value), "%s must be finite and >= 0, got %s", name,
          value);
    }

    /** datatrove's defaults: 50..100000 words, mean length 3..10, 0.1 symbols per word, 0.9 bullet lines, 0.3
     * ellipsis lines, 0.8 words with a letter, 2 distinct stop words of {@link #DEFAULT_STOP_WORDS}. */
    public static Settings defaults() {
      return new Settings(50, 100_000, 3, 10, 0.1, 0.9, 0.3, 0.8, 2, DEFAULT_STOP_WORDS);
    }

    public Settings withMinDocWords(int v) {
      return new Settings(v, maxDocWords, minAvgWordLength, maxAvgWordLength, maxSymbolWordRatio,
          maxBulletLinesRatio, maxEllipsisLinesRatio, maxNonAlphaWordsRatio, minStopWords, stopWords);
    }

    public Settings withMaxDocWords(int v) {
      return new Settings(minDocWords, v, minAvgWordLength, maxAvgWordLength, maxSymbolWordRatio,
          maxBulletLinesRatio, maxEllipsisLinesRatio, maxNonAlphaWordsRatio, minStopWords, stopWords);
    }

    public Settings withMinStopWords(int v) {
      return new Settings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength, maxSymbolWordRatio,
          maxBulletLinesRatio, maxEllipsisLinesRatio, maxNonAlphaWordsRatio, v, stopWords);
    }

    public Settings withStopWords(Set<String> v) {
      return new Settings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength, maxSymbolWordRatio,
          maxBulletLinesRatio, maxEllipsisLinesRatio, maxNonAlphaWordsRatio, minStopWords, v);
    }
  }

  private final Settings settings;
  private final WordTokenizer tokenizer;
  /** Stop word → its index, to count distinct ones with a bit set. */
  private final Map<String, Integer> stopIndex;
  private final int stopMinLength;
  private final int stopMaxLength;
  /**
   * Stop words by their first character when it is ASCII, with their indices: a word is compared with the two or
   * three that share its first character instead of being hashed for a map lookup.
   */
  private final String[][] stopByFirst = new String[128][];
  private final int[][] stopIndexByFirst = new int[128][];

  public GopherQualityFilter() {
    this(Settings.defaults());
  }

  public GopherQualityFilter(Settings settings) {
    this(settings, TreebankWordTokenizer.wordTokenize());
  }

  public GopherQualityFilter(Settings settings, WordTokenizer tokenizer) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
    this.tokenizer = Preconditions.checkNotNull(tokenizer, "tokenizer");
    Map<String, Integer> index = new HashMap<>();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (String w : settings.stopWords()) {
      index.put(w, index.size());
      min = Math.min(min, w.length());
      max = Math.max(max, w.length());
    }
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      String w = e.getKey();
      if (!w.isEmpty() && w.charAt(0) < 128) {
        char first = w.charAt(0);
        String[] words = stopByFirst[first] == null ? new String[0] : stopByFirst[first];
        int[] indices = stopIndexByFirst[first] == null ? new int[0] : stopIndexByFirst[first];
        stopByFirst[first] = java.util.Arrays.copyOf(words, words.length + 1);
        stopByFirst[first][words.length] = w;
        stopIndexByFirst[first] = java.util.Arrays.copyOf(indices, indices.length + 1);
        stopIndexByFirst[first][indices.length] = e.getValue();
      }
    }
    this.stopIndex = index;
    this.stopMinLength = min;
    this.stopMaxLength = max;
  }

  /** The stop word index of {@code word} (non-empty), or -1. */
  private int stopWordIndex(String word) {
    char first = word.charAt(0);
    if (first >= 128) {
      Integer idx = stopIndex.get(word);
      return idx == null ? -1 : idx;
    }
    String[] candidates = stopByFirst[first];
    if (candidates != null) {
      for (int k = 0; k < candidates.length; k++) {
        if (candidates[k].equals(word)) {
          return stopIndexByFirst[first][k];
        }
      }
    }
    return -1;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public java.util.List<String> reasonCodes() {
    return java.util.List.copyOf(java.util.List.of(REASON_SHORT_DOC, REASON_LONG_DOC, REASON_BELOW_AVG, REASON_ABOVE_AVG, REASON_TOO_MANY_HASHES,
        REASON_TOO_MANY_ELLIPSIS, REASON_TOO_MANY_BULLETS, REASON_TOO_MANY_END_ELLIPSIS, REASON_BELOW_ALPHA,
        REASON_STOP_WORDS));
  }

  @Override
  public FilterResult apply(String text) {
    Preconditions.checkNotNull(text, "text");
    Settings s = settings;
    List<String> words = tokenizer.tokenize(text);
    int nWords = words.size();

    int nonSymbol = 0;
    long nonSymbolLength = 0;
    int alpha = 0;
    long stopSeen = 0; // bits for the first 64 stop words
    java.util.BitSet stopSeenMore = stopIndex.size() > 64 ? new java.util.BitSet() : null;
    int stopDistinct = 0;
    for (int k = 0; k < nWords; k++) {
      String word = words.get(k);
      int len = word.length();
      boolean hasNonPunct = false;
      boolean hasLetter = false;
      int cps = len;
      for (int i = 0; i < len; i++) {
        char c = word.charAt(i);
        if (c < 128) {
          hasNonPunct |= !ASCII_PUNCT[c];
          hasLetter |= ASCII_LETTER[c];
          continue;
        }
        int cp = c;
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(word.charAt(i + 1))) {
          cp = Character.toCodePoint(c, word.charAt(++i));
          cps--;
        }
        hasNonPunct |= !isPunctuation(cp);
        hasLetter |= Character.isLetter(cp);
      }
      if (hasNonPunct) {
        nonSymbol++;
        nonSymbolLength += cps;
      }
      if (hasLetter) {
        alpha++;
      }
      if (len >= stopMinLength && len <= stopMaxLength && len > 0) {
        int b = stopWordIndex(word);
        if (b >= 0) {
          if (b < 64) {
            if ((stopSeen & (1L << b)) == 0) {
              stopSeen |= 1L << b;
              stopDistinct++;
            }
          } else if (!stopSeenMore.get(b)) {
            stopSeenMore.set(b);
            stopDistinct++;
          }
        }
      }
    }
    double meanLength = nonSymbol == 0 ? 0 : (double) nonSymbolLength / nonSymbol;

    int[] symbols = countHashesAndEllipses(text);
    int hashes = symbols[0];
    int ellipses = symbols[1];
    double hashRatio = nWords == 0 ? 0 : (double) hashes / nWords;
    double ellipsisRatio = nWords == 0 ? 0 : (double) ellipses / nWords;

    int[] lines = PythonLines.splitlinesSpans(text);
    int nLines = lines.length / 2;
    int bullets = 0;
    int endEllipsis = 0;
    for (int k = 0; k < lines.length; k += 2) {
      int start = PythonLines.stripStart(text, lines[k], lines[k + 1]);
      int end = PythonLines.stripEnd(text, start, lines[k + 1]);
      if (start < end) {
        char first = text.charAt(start);
        if (first == '\u2022' || first == '-') {
          bullets++;
        }
        if (endsWithEllipsis(text, start, end)) {
          endEllipsis++;
        }
      }
    }
    double bulletRatio = nLines == 0 ? 0 : (double) bullets / nLines;
    double endEllipsisRatio = nLines == 0 ? 0 : (double) endEllipsis / nLines;
    double alphaRatio = nWords == 0 ? 0 : (double) alpha / nWords;

    Map<String, Double> signals = new LinkedHashMap<>();
    signals.put(SIGNAL_WORD_COUNT, (double) nonSymbol);
    signals.put(SIGNAL_MEAN_WORD_LENGTH, meanLength);
    signals.put(SIGNAL_HASH_RATIO, hashRatio);
    signals.put(SIGNAL_ELLIPSIS_RATIO, ellipsisRatio);
    signals.put(SIGNAL_BULLET_LINES_RATIO, bulletRatio);
    signals.put(SIGNAL_END_ELLIPSIS_LINES_RATIO, endEllipsisRatio);
    signals.put(SIGNAL_ALPHA_WORDS_RATIO, alphaRatio);
    signals.put(SIGNAL_STOP_WORDS, (double) stopDistinct);

    Verdict verdict;
    if (s.minDocWords() != 0 && nonSymbol < s.minDocWords()) {
      verdict = Verdict.reject(REASON_SHORT_DOC, nonSymbol + " words < " + s.minDocWords());
    } else if (s.maxDocWords() != 0 && nonSymbol > s.maxDocWords()) {
      verdict = Verdict.reject(REASON_LONG_DOC, nonSymbol + " words > " + s.maxDocWords());
    } else if (s.minAvgWordLength() != 0 && nonSymbol > 0 && meanLength < s.minAvgWordLength()) {
      verdict = Verdict.reject(REASON_BELOW_AVG, "mean word length " + meanLength + " < " + s.minAvgWordLength());
    } else if (s.maxAvgWordLength() != 0 && nonSymbol > 0 && meanLength > s.maxAvgWordLength()) {
      verdict = Verdict.reject(REASON_ABOVE_AVG, "mean word length " + meanLength + " > " + s.maxAvgWordLength());
    } else if (s.maxSymbolWordRatio() != 0 && hashRatio > s.maxSymbolWordRatio()) {
      verdict = Verdict.reject(REASON_TOO_MANY_HASHES, "hash/word ratio " + hashRatio + " > " + s.maxSymbolWordRatio());
    } else if (s.maxSymbolWordRatio() != 0 && ellipsisRatio > s.maxSymbolWordRatio()) {
      verdict = Verdict.reject(REASON_TOO_MANY_ELLIPSIS,
          "ellipsis/word ratio " + ellipsisRatio + " > " + s.maxSymbolWordRatio());
    } else if (s.maxBulletLinesRatio() != 0 && bulletRatio > s.maxBulletLinesRatio()) {
      verdict = Verdict.reject(REASON_TOO_MANY_BULLETS,
          "bullet lines " + bulletRatio + " > " + s.maxBulletLinesRatio());
    } else if (s.maxEllipsisLinesRatio() != 0 && endEllipsisRatio > s.maxEllipsisLinesRatio()) {
      verdict = Verdict.reject(REASON_TOO_MANY_END_ELLIPSIS,
          "lines ending with an ellipsis " + endEllipsisRatio + " > " + s.maxEllipsisLinesRatio());
    } else if (s.maxNonAlphaWordsRatio() != 0 && alphaRatio < s.maxNonAlphaWordsRatio()) {
      verdict = Verdict.reject(REASON_BELOW_ALPHA,
          "words with a letter " + alphaRatio + " < " + s.maxNonAlphaWordsRatio());
    } else if (s.minStopWords() != 0 && stopDistinct < s.minStopWords()) {
      verdict = Verdict.reject(REASON_STOP_WORDS, stopDistinct + " distinct stop words < " + s.minStopWords());
    } else {
      verdict = Verdict.pass();
    }
    return FilterResult.of(verdict, signals);
  }

  /**
   * {@code [text.count("#"), text.count("...") + text.count("…")]}. {@code str.count} counts non-overlapping
   * occurrences, so six periods are two ellipses and four are one.
   */
  static int[] countHashesAndEllipses(String text) {
    int hashes = 0;
    int ellipses = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '#') {
        hashes++;
      } else if (c == '\u2026') {
        ellipses++;
      } else if (c == '.' && i + 2 < n && text.charAt(i + 1) == '.' && text.charAt(i + 2) == '.') {
        ellipses++; // str.count is non-overlapping: skip the rest of this "..."
        i += 2;
      }
    }
    return new int[] {hashes, ellipses};
  }

  /** {@code text[start:end].endswith(("...", "…"))}; false for an empty range. Nothing is stripped. */
  static boolean endsWithEllipsis(CharSequence text, int start, int end) {
    if (end <= start) {
      return false;
    }
    char last = text.charAt(end - 1);
    return last == '\u2026'
        || (end - start >= 3 && last == '.' && text.charAt(end - 2) == '.' && text.charAt(end - 3) == '.');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // datatrove's PUNCTUATION_SET: its PUNCTUATION string, the C0/C1 controls except tab and newline, and
  // TERMINAL_PUNCTUATION. Note "•" is not a member, so a lone bullet token counts as a word.

  private static final String PUNCTUATION =
      "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";
  private static final boolean[] ASCII_PUNCT = new boolean[128];
  private static final boolean[] ASCII_LETTER = new boolean[128];
  private static final char[] NON_ASCII_PUNCT;

  static {
    StringBuilder nonAscii = new StringBuilder();
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      char c = PUNCTUATION.charAt(i);
      if (c < 128) {
        ASCII_PUNCT[c] = true;
      } else {
        nonAscii.append(c);
      }
    }
    for (int c = 0; c < 32; c++) {
      ASCII_PUNCT[c] = c != '\t' && c != '\n';
    }
    ASCII_PUNCT[127] = true;
    for (int c = 0; c < 128; c++) {
      ASCII_LETTER[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    NON_ASCII_PUNCT = nonAscii.toString().toCharArray();
    java.util.Arrays.sort(NON_ASCII_PUNCT);
  }

  /** Membership in datatrove's {@code PUNCTUATION_SET}. */
  static boolean isPunctuation(int cp) {
    if (cp < 128) {
      return ASCII_PUNCT[cp];
    }
    if (cp < 160) {
      return true;
    }
    if (cp <= 0xFFFF && java.util.Arrays.binarySearch(NON_ASCII_PUNCT, (char) cp) >= 0) {
      return true;
    }
    return TerminalPunctuation.isTerminal(cp);
  }
}
