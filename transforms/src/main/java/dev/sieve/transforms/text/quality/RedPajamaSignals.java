package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.text.Whitespace;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Document quality signals named after RedPajama-V2's ({@code rps_doc_*} / {@code rps_lines_*}, Together Computer
 * 2023, {@code app/src/core/quality_signals} of its data pipeline), one number per signal per document. The filter
 * computes signals only: it always keeps the document. RedPajama-V2 likewise publishes signals and applies no
 * thresholds; thresholds belong to whoever reads the signals.
 *
 * <h2>Views of the document</h2>
 *
 * <ul>
 *   <li><b>raw words</b> {@code R}: NLTK's {@code WordPunctTokenizer} on the text, i.e. the matches of
 *       {@code \w+|[^\w\s]+}: maximal runs of word characters, and maximal runs of characters that are neither word
 *       characters nor whitespace. {@code \w} and {@code \s} are Python's: letters and numbers (not combining marks,
 *       so a Devanagari vowel sign is a token of its own) plus {@code _}; {@code str.isspace()} whitespace.
 *   <li><b>normalized text</b> {@code N}: ASCII punctuation ({@code string.punctuation}, 32 characters) removed, then
 *       {@code str.lower()}, then stripped with every whitespace run replaced by one space, then NFD. Non-ASCII
 *       punctuation (curly quotes, dashes, {@code 。}) stays.
 *   <li><b>normalized words</b> {@code W}: {@code N.split()}.
 *   <li><b>lines</b> {@code L}: {@link PythonLines#splitKeepNewline(String)}, i.e.
 *       {@code re.finditer(r"[^\n]*\n|[^\n]+$", text)}: only {@code \n} breaks lines ({@code \r}, U+2028, form feeds
 *       stay inside), each line keeps its {@code \n}, blank lines count, and there is no empty last line.
 *       <b>Normalized lines</b> are each line put through the normalization above on its own.
 * </ul>
 *
 * Every length is Python's {@code len()}: code points.
 *
 * <h2>Signals, in map order</h2>
 *
 * <ul>
 *   <li>{@value #FRAC_ALL_CAPS_WORDS}: share of {@code R} for which {@code str.isupper()} holds (at least one
 *       uppercase character, no lowercase or titlecase one; so {@code "I"} and {@code "USA"} count, {@code "3D"}
 *       counts, {@code "123"} does not).
 *   <li>{@value #FRAC_LINES_END_WITH_ELLIPSIS}: share of {@code L} whose {@code rstrip()} ends with {@code ...} or
 *       {@code …}.
 *   <li>{@value #FRAC_NO_ALPH_WORDS}: 1 − the share of {@code R} containing an ASCII letter ({@code [a-zA-Z]}; a
 *       word of only non-ASCII letters counts as having no letter, as in RedPajama-V2).
 *   <li>{@value #LOREM_IPSUM}: occurrences of {@code lorem ipsum} in {@code N} divided by {@code len(N)}. As in
 *       RedPajama-V2, the count is that of a case-insensitive search (under which {@code ı} matches {@code i} and
 *       {@code ſ} matches {@code s}), made only when the exact phrase occurs at least once.
 *   <li>{@value #MEAN_WORD_LENGTH}: mean length of {@code W}.
 *   <li>{@value #STOP_WORD_FRACTION}: share of {@code R} that are stop words (exact, case-sensitive membership);
 *       0 when {@code W} is empty.
 *   <li>{@value #SYMBOL_TO_WORD_RATIO}: {@code (text.count("#") + text.count("...") + text.count("…")) / len(R)}
 *       (non-overlapping counts, shared with {@link GopherQualityFilter}).
 *   <li>{@value #FRAC_UNIQUE_WORDS}: {@code len(set(W)) / len(W)}.
 *   <li>{@value #UNIGRAM_ENTROPY}: {@code -Σ c/|W| · ln(c/|W|)} over the counts {@code c} of the distinct words of
 *       {@code W} (natural logarithm).
 *   <li>{@value #WORD_COUNT}: {@code len(W)}.
 *   <li>{@value #NUM_SENTENCES}: the number of non-overlapping matches of {@code \b[^.!?]+[.!?]*} in the text
 *       (Python's Unicode {@code \b}): a sentence starts at a word boundary that is not one of {@code . ! ?} and
 *       runs through the next run of them. Other scripts' full stops (such as {@code 。}) do not end sentences.
 *   <li>{@value #LINES_ENDING_WITH_TERMINAL_PUNCTUATION}: share of {@code L} whose {@code rstrip()} ends with
 *       {@code .}, {@code !}, {@code ?} or {@code ”} (U+201D).
 *   <li>{@value #LINES_NUMERICAL_CHARS_FRACTION}: mean over {@code L} of, per normalized line, the share of its
 *       characters that are {@code str.isnumeric()} (0 for an empty normalized line, such as a blank line's).
 *   <li>{@value #LINES_START_WITH_BULLETPOINT}: share of {@code L} whose {@code lstrip()} starts with one of
 *       {@code • ‣ ▶ ◀ ◦ ■ □ ▪ ▫ –} (U+2022, U+2023, U+25B6, U+25C0, U+25E6, U+25A0, U+25A1, U+25AA, U+25AB and the
 *       en dash U+2013; not {@code -} or {@code *}).
 *   <li>{@value #LINES_UPPERCASE_LETTER_FRACTION}: mean over {@code L} of, per raw line, the share of its characters
 *       (its {@code \n} included) that are uppercase.
 *   <li>{@code frac_chars_top_{2,3,4}gram}: for the most frequent word n-gram of {@code W} (the first seen among
 *       equally frequent ones), {@code sum(len(w) for w in ngram) * count / sum(len(w) for w in W)}; 0 when it occurs
 *       only once or there are fewer than {@code n} words. Overlapping occurrences all count, so the value can exceed
 *       1 ({@code "a a a a a a"} gives 10/6 for n = 2).
 *   <li>{@code frac_chars_dupe_{5..10}grams}: the characters of the words of {@code W} covered by at least one
 *       occurrence of an n-gram that occurs at least twice (each word counted once however many repeated n-grams
 *       cover it), divided by {@code sum(len(w) for w in W)}; 0 with fewer than {@code n} words.
 * </ul>
 *
 * <h2>From per-line to per-document values</h2>
 *
 * RedPajama-V2 publishes the four {@code lines_*} signals as one value per line (with the line's character span);
 * this class gives one number per document: the <b>mean of RedPajama-V2's per-line values over all lines</b>. For the
 * 0/1 signals ({@code lines_ending_with_terminal_punctuation}, {@code lines_start_with_bulletpoint}) that is the
 * fraction of lines; for the two character ratios it is the unweighted mean of the per-line ratios, so a blank line
 * weighs as much as a long one. Each can be recomputed from RedPajama-V2's published per-line values by averaging
 * them.
 *
 * <h2>Differences from RedPajama-V2</h2>
 *
 * <ul>
 *   <li>Where RedPajama-V2 has no value ({@code None}: no words, no lines) or an empty list of line values, the
 *       signal is 0 here, so every document has all {@value #SIGNAL_COUNT} signals.
 *   <li>Values are not rounded (RedPajama-V2 rounds to 8 decimals).
 *   <li>The stop words default to {@link GopherQualityFilter#DEFAULT_STOP_WORDS}; RedPajama-V2 uses a per-language
 *       list (for English, 571 words) that is not shipped here; pass the list to
 *       {@link #RedPajamaSignals(Set)} (for instance read with {@link BadWordsFilter#readWordList}) to reproduce its
 *       values.
 *   <li>Character classes come from Java's Unicode tables (Unicode 13 on Java 17) rather than Python's; the
 *       ideographs that Python counts as numeric through their Unihan numeric value ({@code 一 二 三 十 百 千 万 億 零
 *       ...}, category Lo) are listed explicitly. Lowercasing is {@code String.toLowerCase(Locale.ROOT)}, which like
 *       Python's {@code str.lower()} applies the full mappings and the final-sigma rule.
 * </ul>
 *
 * <h2>Agreement with the Gopher filters</h2>
 *
 * The n-gram signals are <em>not</em> datatrove's Gopher {@code top_n_gram} / {@code duplicated_n_grams}: those count
 * the joining spaces of the top n-gram and divide by {@code len(text)}, and count duplicated n-grams greedily (the
 * first occurrence not counted). They share {@link GopherRepetitionFilter}'s n-gram counting (same n-gram identity,
 * same choice of the top n-gram, same exact hashing), so on the same words the top n-gram is the same one and
 * {@code top_n_gram · len(text) = frac_chars_top_ngram · Σlen(W) + count · (n − 1)}. The hash/ellipsis count and the
 * ellipsis line ending are {@link GopherQualityFilter}'s.
 *
 * <p><b>Cost.</b> Linear in the text length: one pass each for the raw words, the sentences and the lines, the
 * normalization of the text and of each line (a few string copies), hash counting of the normalized words, and the
 * n-gram passes of {@link GopherRepetitionFilter}, which only revisit positions whose shorter n-gram repeats.
 * Immutable and thread-safe.
 */
public final class RedPajamaSignals implements DocFilter {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "rpv2";

  public static final String FRAC_ALL_CAPS_WORDS = "frac_all_caps_words";
  public static final String FRAC_LINES_END_WITH_ELLIPSIS = "frac_lines_end_with_ellipsis";
  public static final String FRAC_NO_ALPH_WORDS = "frac_no_alph_words";
  public static final String LOREM_IPSUM = "lorem_ipsum";
  public static final String MEAN_WORD_LENGTH = "mean_word_length";
  public static final String STOP_WORD_FRACTION = "stop_word_fraction";
  public static final String SYMBOL_TO_WORD_RATIO = "symbol_to_word_ratio";
  public static final String FRAC_UNIQUE_WORDS = "frac_unique_words";
  public static final String UNIGRAM_ENTROPY = "unigram_entropy";
  public static final String WORD_COUNT = "word_count";
  public static final String NUM_SENTENCES = "num_sentences";
  public static final String LINES_ENDING_WITH_TERMINAL_PUNCTUATION = "lines_ending_with_terminal_punctuation";
  public static final String LINES_NUMERICAL_CHARS_FRACTION = "lines_numerical_chars_fraction";
  public static final String LINES_START_WITH_BULLETPOINT = "lines_start_with_bulletpoint";
  public static final String LINES_UPPERCASE_LETTER_FRACTION = "lines_uppercase_letter_fraction";

  /** The n of the {@code frac_chars_top_<n>gram} signals. */
  static final int[] TOP_NGRAM_SIZES = {2, 3, 4};
  /** The n of the {@code frac_chars_dupe_<n>grams} signals. */
  static final int[] DUPE_NGRAM_SIZES = {5, 6, 7, 8, 9, 10};

  /** How many signals every document gets. */
  public static final int SIGNAL_COUNT = 15 + 3 + 6;

  /** {@code frac_chars_top_<n>gram}. */
  public static String topNGramSignal(int n) {
    return "frac_chars_top_" + n + "gram";
  }

  /** {@code frac_chars_dupe_<n>grams}. */
  public static String dupeNGramSignal(int n) {
    return "frac_chars_dupe_" + n + "grams";
  }

  private static final String[] TOP_NAMES =
      Arrays.stream(TOP_NGRAM_SIZES).mapToObj(RedPajamaSignals::topNGramSignal).toArray(String[]::new);
  private static final String[] DUPE_NAMES =
      Arrays.stream(DUPE_NGRAM_SIZES).mapToObj(RedPajamaSignals::dupeNGramSignal).toArray(String[]::new);
  private static final int MAX_N = 10;

  private final Set<String> stopWords;
  private final int stopMinLength;
  private final int stopMaxLength;

  /** With {@link GopherQualityFilter#DEFAULT_STOP_WORDS} as the stop words. */
  public RedPajamaSignals() {
    this(GopherQualityFilter.DEFAULT_STOP_WORDS);
  }

  /** @param stopWords the words {@value #STOP_WORD_FRACTION} counts, matched exactly against the raw words */
  public RedPajamaSignals(Set<String> stopWords) {
    Preconditions.checkNotNull(stopWords, "stopWords");
    for (String w : stopWords) {
      Preconditions.checkArgument(w != null && !w.isEmpty(), "stop words must be non-empty, got '%s'", w);
    }
    this.stopWords = Set.copyOf(stopWords);
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (String w : this.stopWords) {
      min = Math.min(min, w.length());
      max = Math.max(max, w.length());
    }
    stopMinLength = min;
    stopMaxLength = max;
  }

  public Set<String> stopWords() {
    return stopWords;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Always keeps the document; the signals are {@link #signals(String)}. */
  @Override
  public FilterResult apply(String text) {
    return FilterResult.of(Verdict.pass(), signals(text));
  }

  /** The {@value #SIGNAL_COUNT} signals of {@code text}, in the order of the class documentation. */
  public Map<String, Double> signals(String text) {
    Preconditions.checkNotNull(text, "text");

    // Raw words (WordPunctTokenizer), in one pass without building the tokens.
    RawWords raw = rawWords(text);
    int[] symbols = GopherQualityFilter.countHashesAndEllipses(text);

    // Normalized text and words.
    String normalized = normalize(text);
    List<String> words = splitOnSpaces(normalized);
    int nWords = words.size();
    long wordChars = 0;
    Map<String, int[]> counts = new HashMap<>(Math.max(16, nWords * 2));
    for (String w : words) {
      wordChars += w.codePointCount(0, w.length());
      counts.computeIfAbsent(w, k -> new int[1])[0]++;
    }
    double entropy = 0;
    for (int[] c : counts.values()) {
      double p = (double) c[0] / nWords;
      entropy -= p * Math.log(p);
    }

    // Lines.
    int[] lines = PythonLines.splitKeepNewlineSpans(text);
    int nLines = lines.length / 2;
    int ellipsisLines = 0;
    int terminalLines = 0;
    int bulletLines = 0;
    double numericSum = 0;
    double upperSum = 0;
    for (int k = 0; k < lines.length; k += 2) {
      int start = lines[k];
      int end = lines[k + 1];
      int rEnd = PythonLines.stripEnd(text, start, end);
      if (GopherQualityFilter.endsWithEllipsis(text, start, rEnd)) {
        ellipsisLines++;
      }
      if (rEnd > start && isTerminalMark(text.charAt(rEnd - 1))) {
        terminalLines++;
      }
      int lStart = PythonLines.stripStart(text, start, end);
      if (lStart < end && isBullet(text.charAt(lStart))) {
        bulletLines++;
      }
      upperSum += uppercaseFraction(text, start, end);
      numericSum += numericFraction(normalize(text.substring(start, end)));
    }

    Map<String, Double> s = new LinkedHashMap<>();
    s.put(FRAC_ALL_CAPS_WORDS, ratio(raw.allCaps, raw.count));
    s.put(FRAC_LINES_END_WITH_ELLIPSIS, ratio(ellipsisLines, nLines));
    s.put(FRAC_NO_ALPH_WORDS, raw.count == 0 ? 0 : 1.0 - (double) raw.withAsciiLetter / raw.count);
    s.put(LOREM_IPSUM, loremIpsum(normalized));
    s.put(MEAN_WORD_LENGTH, nWords == 0 ? 0 : (double) wordChars / nWords);
    s.put(STOP_WORD_FRACTION, nWords == 0 ? 0 : ratio(raw.stopWords, raw.count));
    s.put(SYMBOL_TO_WORD_RATIO, ratio(symbols[0] + symbols[1], raw.count));
    s.put(FRAC_UNIQUE_WORDS, ratio(counts.size(), nWords));
    s.put(UNIGRAM_ENTROPY, nWords == 0 ? 0 : entropy);
    s.put(WORD_COUNT, (double) nWords);
    s.put(NUM_SENTENCES, (double) countSentences(text));
    s.put(LINES_ENDING_WITH_TERMINAL_PUNCTUATION, ratio(terminalLines, nLines));
    s.put(LINES_NUMERICAL_CHARS_FRACTION, nLines == 0 ? 0 : numericSum / nLines);
    s.put(LINES_START_WITH_BULLETPOINT, ratio(bulletLines, nLines));
    s.put(LINES_UPPERCASE_LETTER_FRACTION, nLines == 0 ? 0 : upperSum / nLines);

    // Normalized words never contain whitespace, so the n-gram counting may rely on that.
    GopherRepetitionFilter.NGrams grams = new GopherRepetitionFilter.NGrams(words, MAX_N, true);
    for (int k = 0; k < TOP_NGRAM_SIZES.length; k++) {
      s.put(TOP_NAMES[k], wordChars == 0 ? 0 : grams.topNGramWordChars(TOP_NGRAM_SIZES[k]) / (double) wordChars);
    }
    for (int k = 0; k < DUPE_NGRAM_SIZES.length; k++) {
      s.put(DUPE_NAMES[k], wordChars == 0 ? 0 : grams.coveredDuplicateChars(DUPE_NGRAM_SIZES[k]) / (double) wordChars);
    }
    return s;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Raw words

  /** What the signals need from the raw words. */
  private static final class RawWords {
    int count;
    int allCaps;
    int withAsciiLetter;
    int stopWords;
  }

  /**
   * One pass over the matches of {@code \w+|[^\w\s]+}: a token is a maximal run of word characters, or a maximal run
   * of characters that are neither word characters nor whitespace.
   */
  private RawWords rawWords(String text) {
    RawWords r = new RawWords();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (Whitespace.isPythonSpace(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      boolean word = TreebankWordTokenizer.isWord(cp);
      int start = i;
      boolean asciiLetter = false;
      boolean upper = false;
      boolean lowerOrTitle = false;
      while (i < n) {
        cp = text.codePointAt(i);
        if (Whitespace.isPythonSpace(cp) || TreebankWordTokenizer.isWord(cp) != word) {
          break;
        }
        if (cp < 128) {
          boolean up = cp >= 'A' && cp <= 'Z';
          boolean low = cp >= 'a' && cp <= 'z';
          asciiLetter |= up | low;
          upper |= up;
          lowerOrTitle |= low;
        } else if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
          lowerOrTitle = true;
        } else if (Character.isUpperCase(cp)) {
          upper = true;
        }
        i += Character.charCount(cp);
      }
      r.count++;
      if (asciiLetter) {
        r.withAsciiLetter++;
      }
      if (upper && !lowerOrTitle) {
        r.allCaps++;
      }
      int len = i - start;
      if (len >= stopMinLength && len <= stopMaxLength && stopWords.contains(text.substring(start, i))) {
        r.stopWords++;
      }
    }
    return r;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Normalization

  /**
   * RedPajama-V2's {@code normalize}: ASCII punctuation removed, {@code str.lower()}, stripped and whitespace runs
   * collapsed to one space, NFD.
   */
  static String normalize(String text) {
    StringBuilder sb = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 128 && ASCII_PUNCT[c]) {
        if (sb == null) {
          sb = new StringBuilder(n);
          sb.append(text, 0, i);
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    String s = sb == null ? text : sb.toString();
    s = s.toLowerCase(Locale.ROOT);
    s = Whitespace.collapse(s);
    return Normalizer.normalize(s, Normalizer.Form.NFD);
  }

  /** Python's {@code string.punctuation}. */
  private static final boolean[] ASCII_PUNCT = new boolean[128];

  static {
    for (char c : "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".toCharArray()) {
      ASCII_PUNCT[c] = true;
    }
  }

  /** {@code s.split()} for a string without runs of whitespace at its ends (as {@link #normalize} returns). */
  private static List<String> splitOnSpaces(String s) {
    List<String> out = new ArrayList<>(16 + s.length() / 5);
    int n = s.length();
    int start = -1;
    for (int i = 0; i < n; i++) {
      if (Whitespace.isPythonSpace(s.charAt(i))) {
        if (start >= 0) {
          out.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // lorem ipsum

  private static final String LOREM = "lorem ipsum";

  /**
   * {@code len(re.findall("lorem ipsum", N, re.I)) / len(N)} when {@code "lorem ipsum" in N}, else 0. {@code N} is
   * lowercase already, so beyond the exact phrase the case-insensitive search only adds the two characters Python's
   * {@code re} treats as case variants of a lowercase ASCII letter and that lowercasing leaves alone: {@code ı} for
   * {@code i} and {@code ſ} for {@code s}. The phrase cannot overlap itself, so every match position counts.
   */
  private static double loremIpsum(String normalized) {
    if (!normalized.contains(LOREM)) {
      return 0;
    }
    int matches = 0;
    int last = normalized.length() - LOREM.length();
    for (int i = 0; i <= last; i++) {
      if (foldedLoremAt(normalized, i)) {
        matches++;
      }
    }
    return (double) matches / PythonLines.codePoints(normalized);
  }

  private static boolean foldedLoremAt(String s, int at) {
    for (int k = 0; k < LOREM.length(); k++) {
      char want = LOREM.charAt(k);
      char c = s.charAt(at + k);
      if (c != want && !(want == 'i' && c == '\u0131') && !(want == 's' && c == '\u017F')) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sentences

  /**
   * {@code len(re.findall(r"\b[^.!?]+[.!?]*", text))}. A match starts at the first position at or after the end of
   * the previous one that is a word boundary (Python's {@code \w} differs on its two sides, the text's ends counting
   * as non-word) and holds a character other than {@code . ! ?}; the greedy {@code [^.!?]+} then runs to the next
   * {@code . ! ?} (or the end) and {@code [.!?]*} through the run of them, so a match never needs backtracking.
   */
  static int countSentences(String text) {
    int n = text.length();
    int count = 0;
    int i = 0;
    boolean prevWord = false;
    while (i < n) {
      int cp = text.codePointAt(i);
      boolean word = TreebankWordTokenizer.isWord(cp);
      if (word != prevWord && !isSentenceEnd(cp)) {
        count++;
        while (i < n && !isSentenceEnd(text.charAt(i))) {
          i++;
        }
        while (i < n && isSentenceEnd(text.charAt(i))) {
          i++;
        }
        prevWord = false; // the match ended on . ! ? or at the end of the text
        continue;
      }
      prevWord = word;
      i += Character.charCount(cp);
    }
    return count;
  }

  private static boolean isSentenceEnd(int c) {
    return c == '.' || c == '!' || c == '?';
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lines

  private static boolean isTerminalMark(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\u201D';
  }

  private static boolean isBullet(char c) {
    switch (c) {
      case '\u2022': case '\u2023': case '\u25B6': case '\u25C0': case '\u25E6':
      case '\u25A0': case '\u25A1': case '\u25AA': case '\u25AB': case '\u2013':
        return true;
      default:
        return false;
    }
  }

  /** {@code sum(map(str.isupper, line)) / len(line)} for a non-empty raw line. */
  private static double uppercaseFraction(String text, int start, int end) {
    int upper = 0;
    int length = 0;
    for (int i = start; i < end; ) {
      int cp = text.codePointAt(i);
      if (cp < 128 ? (cp >= 'A' && cp <= 'Z') : Character.isUpperCase(cp)) {
        upper++;
      }
      length++;
      i += Character.charCount(cp);
    }
    return length == 0 ? 0 : (double) upper / length;
  }

  /** {@code sum(map(str.isnumeric, line)) / len(line)}, 0 for an empty line. */
  private static double numericFraction(String line) {
    int numeric = 0;
    int length = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      if (isNumeric(cp)) {
        numeric++;
      }
      length++;
      i += Character.charCount(cp);
    }
    return length == 0 ? 0 : (double) numeric / length;
  }

  /**
   * Python's {@code str.isnumeric()} on one code point: a number (Nd, Nl, No) or an ideograph with a Unihan numeric
   * value.
   */
  static boolean isNumeric(int cp) {
    if (cp < 128) {
      return cp >= '0' && cp <= '9';
    }
    int type = Character.getType(cp);
    if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER) {
      return true;
    }
    return cp >= UNIHAN_NUMERIC[0] && Arrays.binarySearch(UNIHAN_NUMERIC, cp) >= 0;
  }

  /**
   * The ideographs (category Lo) with a Unihan {@code kPrimaryNumeric}, {@code kAccountingNumeric} or
   * {@code kOtherNumeric} value, which Python's {@code str.isnumeric()} accepts (Unicode 14), ascending.
   */
  private static final int[] UNIHAN_NUMERIC = {
      0x3405, 0x3483, 0x382A, 0x3B4D, 0x4E00, 0x4E03, 0x4E07, 0x4E09, 0x4E5D, 0x4E8C, 0x4E94, 0x4E96, 0x4EBF, 0x4EC0,
      0x4EDF, 0x4EE8, 0x4F0D, 0x4F70, 0x5104, 0x5146, 0x5169, 0x516B, 0x516D, 0x5341, 0x5343, 0x5344, 0x5345, 0x534C,
      0x53C1, 0x53C2, 0x53C3, 0x53C4, 0x56DB, 0x58F1, 0x58F9, 0x5E7A, 0x5EFE, 0x5EFF, 0x5F0C, 0x5F0D, 0x5F0E, 0x5F10,
      0x62FE, 0x634C, 0x67D2, 0x6F06, 0x7396, 0x767E, 0x8086, 0x842C, 0x8CAE, 0x8CB3, 0x8D30, 0x9621, 0x9646, 0x964C,
      0x9678, 0x96F6, 0xF96B, 0xF973, 0xF978, 0xF9B2, 0xF9D1, 0xF9D3, 0xF9FD, 0x20001, 0x20064, 0x200E2, 0x20121,
      0x2092A, 0x20983, 0x2098C, 0x2099C, 0x20AEA, 0x20AFD, 0x20B19, 0x22390, 0x22998, 0x23B1B, 0x2626D, 0x2F890,
  };
}
