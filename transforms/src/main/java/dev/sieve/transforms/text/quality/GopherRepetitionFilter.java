package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.Verdict;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gopher's repetition heuristics (Rae et al. 2021, table A1) as datatrove's {@code GopherRepetitionFilter} computes
 * them. All lengths are Python {@code len()}s, i.e. code points, and every fraction is over {@code len(text)}
 * except the two item fractions. Checks, in order; the first failing one rejects with the code in brackets:
 *
 * <ol>
 *   <li>paragraphs {@code P = re.split("\n{2,}", text.strip())}: repeated paragraphs (every occurrence after the
 *       first of an identical string) / {@code len(P)} [{@code dup_para_frac}], their code points /
 *       {@code len(text)} [{@code dup_para_char_frac}];
 *   <li>lines {@code L = re.split("\n+", text)} (not stripped: a leading or trailing newline yields an empty line,
 *       and empty lines repeat): the same two [{@code dup_line_frac}, {@code dup_line_char_frac}];
 *   <li>for each {@code (n, limit)} of {@code top_n_grams} in order, over the tokenizer's words: the most frequent
 *       word n-gram, {@code len(" ".join(ngram)) * count / len(text)} [{@code top_<n>_gram}]. Ties go to the n-gram
 *       seen first ({@code Counter.most_common}); a document with fewer than {@code n} words skips the check;
 *   <li>for each {@code (n, limit)} of {@code dup_n_grams}: walking {@code i} over the words, {@code g =
 *       "".join(W[i:i+n])} (no separator, so different splits of the same characters are the same n-gram); if
 *       {@code g} was seen, {@code len(g)} is added and {@code i} jumps by {@code n} (the skipped n-grams are not
 *       recorded), else {@code g} is recorded and {@code i} moves by one; total / {@code len(text)}
 *       [{@code duplicated_<n>_n_grams}].
 * </ol>
 *
 * A fraction rejects when it is strictly greater than its limit. As in datatrove, a paragraph or line limit of 0
 * disables that check, while an n-gram limit of 0 is a real limit (remove the entry to disable it).
 *
 * <p><b>Signals</b> carry the reason codes' names ({@code dup_para_frac}, ..., {@code top_2_gram}, ...,
 * {@code duplicated_10_n_grams}). They are computed in check order and computation stops at the first failing check,
 * so a rejected document has the signals up to and including the one that rejected it (the n-gram statistics, the
 * costly part, are skipped once the verdict is known); a kept document has all of them. A document with fewer words
 * than {@code n} gets 0 for that n-gram signal.
 *
 * <p>Where datatrove divides by {@code len(text) == 0} (empty text) the fractions are 0 here and the document is
 * kept.
 *
 * <p><b>Speed.</b> No n-gram string is built. N-grams are identified by polynomial hashes of their characters (Java's
 * base-31 {@code String.hashCode} polynomial, so each word contributes its cached hash code), computed in O(1) from
 * prefix hashes at word boundaries, and every hash match is confirmed by comparing characters, so the results are
 * exact. Two exact shortcuts skip most lookups: for the top n-grams, an n-gram can only occur twice where its
 * shorter prefix does (when no word contains a space), so later passes look only at those positions; for the
 * duplicated n-grams, a position is looked at only if the 12 characters starting at its word also start another
 * word (or its n-gram is shorter than that), because equal n-gram strings share their first characters however the
 * words split them, and an n-gram string that occurs once cannot change the greedy count. Immutable and
 * thread-safe.
 */
public final class GopherRepetitionFilter implements DocFilter {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "gopher_repetition";

  public static final String DUP_PARA_FRAC = "dup_para_frac";
  public static final String DUP_PARA_CHAR_FRAC = "dup_para_char_frac";
  public static final String DUP_LINE_FRAC = "dup_line_frac";
  public static final String DUP_LINE_CHAR_FRAC = "dup_line_char_frac";

  /** The reason code and signal of the top n-gram check, {@code top_<n>_gram}. */
  public static String topNGramCode(int n) {
    return "top_" + n + "_gram";
  }

  /** The reason code and signal of the duplicated n-gram check, {@code duplicated_<n>_n_grams}. */
  public static String duplicatedNGramsCode(int n) {
    return "duplicated_" + n + "_n_grams";
  }

  /** One n-gram check: the n-gram size and the largest fraction that still passes. */
  public record NGramLimit(int n, double maxFraction) implements Serializable {
    public NGramLimit {
      Preconditions.checkArgument(n >= 1, "n-gram size must be >= 1, got %s", n);
      Preconditions.checkArgument(maxFraction >= 0 && Double.isFinite(maxFraction),
          "n-gram fraction must be finite and >= 0, got %s", maxFraction);
    }
  }

  /** Thresholds, named after datatrove's arguments. The n-gram lists are checked in their order. */
  public record Settings(
      double dupParaFrac,
      double dupParaCharFrac,
      double dupLineFrac,
      double dupLineCharFrac,
      List<NGramLimit> topNGrams,
      List<NGramLimit> dupNGrams) implements Serializable {
    public Settings {
      checkFraction("dup_para_frac", dupParaFrac);
      checkFraction("dup_para_char_frac", dupParaCharFrac);
      checkFraction("dup_line_frac", dupLineFrac);
      checkFraction("dup_line_char_frac", dupLineCharFrac);
      topNGrams = List.copyOf(Preconditions.checkNotNull(topNGrams, "topNGrams"));
      dupNGrams = List.copyOf(Preconditions.checkNotNull(dupNGrams, "dupNGrams"));
    }

    private static void checkFraction(String name, double value) {
      Preconditions.checkArgument(value >= 0 && Double.isFinite(value), "%s must be finite and >= 0, got %s", name,
          value);
    }

    /** datatrove's (and Gopher's) defaults. */
    public static Settings defaults() {
      return new Settings(0.30, 0.20, 0.30, 0.20,
          List.of(new NGramLimit(2, 0.20), new NGramLimit(3, 0.18), new NGramLimit(4, 0.16)),
          List.of(new NGramLimit(5, 0.15), new NGramLimit(6, 0.14), new NGramLimit(7, 0.13), new NGramLimit(8, 0.12),
              new NGramLimit(9, 0.11), new NGramLimit(10, 0.10)));
    }

    public Settings withParagraphAndLineFracs(double para, double paraChar, double line, double lineChar) {
      return new Settings(para, paraChar, line, lineChar, topNGrams, dupNGrams);
    }

    public Settings withNGrams(List<NGramLimit> top, List<NGramLimit> dup) {
      return new Settings(dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac, top, dup);
    }
  }

  private final Settings settings;
  private final WordTokenizer tokenizer;
  private final String[] topCodes;
  private final String[] dupCodes;
  private final int maxN;

  public GopherRepetitionFilter() {
    this(Settings.defaults());
  }

  public GopherRepetitionFilter(Settings settings) {
    this(settings, TreebankWordTokenizer.wordTokenize());
  }

  public GopherRepetitionFilter(Settings settings, WordTokenizer tokenizer) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
    this.tokenizer = Preconditions.checkNotNull(tokenizer, "tokenizer");
    topCodes = settings.topNGrams().stream().map(l -> topNGramCode(l.n())).toArray(String[]::new);
    dupCodes = settings.dupNGrams().stream().map(l -> duplicatedNGramsCode(l.n())).toArray(String[]::new);
    int max = 1;
    for (NGramLimit l : settings.topNGrams()) {
      max = Math.max(max, l.n());
    }
    for (NGramLimit l : settings.dupNGrams()) {
      max = Math.max(max, l.n());
    }
    maxN = max;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> reasonCodes() {
    List<String> codes = new java.util.ArrayList<>(List.of(DUP_PARA_FRAC, DUP_PARA_CHAR_FRAC, DUP_LINE_FRAC,
        DUP_LINE_CHAR_FRAC));
    codes.addAll(List.of(topCodes));
    codes.addAll(List.of(dupCodes));
    return List.copyOf(codes);
  }

  @Override
  public FilterResult apply(String text) {
    Preconditions.checkNotNull(text, "text");
    Settings s = settings;
    Map<String, Double> signals = new LinkedHashMap<>();
    double textLength = PythonLines.codePoints(text);

    int[] paragraphs = PythonLines.splitParagraphsSpans(text);
    long[] dup = duplicateSpans(text, paragraphs);
    double paraFrac = dup[0] / (double) (paragraphs.length / 2);
    signals.put(DUP_PARA_FRAC, paraFrac);
    if (s.dupParaFrac() != 0 && paraFrac > s.dupParaFrac()) {
      return reject(DUP_PARA_FRAC, paraFrac, s.dupParaFrac(), signals);
    }
    double paraCharFrac = textLength == 0 ? 0 : dup[1] / textLength;
    signals.put(DUP_PARA_CHAR_FRAC, paraCharFrac);
    if (s.dupParaCharFrac() != 0 && paraCharFrac > s.dupParaCharFrac()) {
      return reject(DUP_PARA_CHAR_FRAC, paraCharFrac, s.dupParaCharFrac(), signals);
    }

    int[] lines = PythonLines.splitNewlineRunsSpans(text);
    dup = duplicateSpans(text, lines);
    double lineFrac = dup[0] / (double) (lines.length / 2);
    signals.put(DUP_LINE_FRAC, lineFrac);
    if (s.dupLineFrac() != 0 && lineFrac > s.dupLineFrac()) {
      return reject(DUP_LINE_FRAC, lineFrac, s.dupLineFrac(), signals);
    }
    double lineCharFrac = textLength == 0 ? 0 : dup[1] / textLength;
    signals.put(DUP_LINE_CHAR_FRAC, lineCharFrac);
    if (s.dupLineCharFrac() != 0 && lineCharFrac > s.dupLineCharFrac()) {
      return reject(DUP_LINE_CHAR_FRAC, lineCharFrac, s.dupLineCharFrac(), signals);
    }

    if (s.topNGrams().isEmpty() && s.dupNGrams().isEmpty()) {
      return FilterResult.of(Verdict.pass(), signals);
    }
    NGrams grams = new NGrams(tokenizer.tokenize(text), maxN, tokenizer instanceof TreebankWordTokenizer);
    for (int k = 0; k < topCodes.length; k++) {
      NGramLimit limit = s.topNGrams().get(k);
      double frac = textLength == 0 ? 0 : grams.topNGramChars(limit.n()) / textLength;
      signals.put(topCodes[k], frac);
      if (frac > limit.maxFraction()) {
        return reject(topCodes[k], frac, limit.maxFraction(), signals);
      }
    }
    for (int k = 0; k < dupCodes.length; k++) {
      NGramLimit limit = s.dupNGrams().get(k);
      double frac = textLength == 0 ? 0 : grams.duplicatedChars(limit.n()) / textLength;
      signals.put(dupCodes[k], frac);
      if (frac > limit.maxFraction()) {
        return reject(dupCodes[k], frac, limit.maxFraction(), signals);
      }
    }
    return FilterResult.of(Verdict.pass(), signals);
  }

  private static FilterResult reject(String code, double value, double limit, Map<String, Double> signals) {
    return FilterResult.of(Verdict.reject(code, code + " " + value + " > " + limit), signals);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Repeated paragraphs / lines

  /**
   * {@code find_duplicates}: over the {@code [start, end)} spans, how many equal an earlier one, and their total
   * code points.
   */
  static long[] duplicateSpans(String text, int[] spans) {
    int count = spans.length / 2;
    SpanSet seen = new SpanSet(text, count);
    long duplicates = 0;
    long chars = 0;
    for (int k = 0; k < count; k++) {
      int start = spans[2 * k];
      int end = spans[2 * k + 1];
      if (!seen.add(start, end, SpanSet.hash(text, start, end))) {
        duplicates++;
        chars += Character.codePointCount(text, start, end);
      }
    }
    return new long[] {duplicates, chars};
  }

  /** A power of two at least twice {@code count} (load factor at most one half), and at least 16. */
  static int tableCapacity(int count) {
    if (count <= 8) {
      return 16;
    }
    return 1 << (32 - Integer.numberOfLeadingZeros(2 * count - 1));
  }

  /** Table slot of a hash (the table size is a power of two): a multiplicative mix, high bits folded down. */
  static int slot(int h, int mask) {
    int x = h * 0x9E3779B9;
    return (x ^ (x >>> 16)) & mask;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Word n-grams

  /**
   * The words with what the n-gram checks need: prefix sums of UTF-16 and code-point lengths, and prefix
   * polynomial hashes of two character streams, the plain concatenation of the words ({@code "".join}) and the words
   * each followed by a space ({@code " ".join} plus a trailing space, which identifies the same n-grams). The hash is
   * Java's {@code String.hashCode} polynomial (base 31, mod 2^32), so each word's own cached hash code is its
   * contribution: the hash of the stream between word boundaries {@code i} and {@code j} is
   * {@code H[j] - H[i] * 31^(chars between)}. A hash match is always confirmed on the characters.
   */
  static final class NGrams {
    private final List<String> words;
    private final int m;
    private final int[] charPre;
    private final int[] cpPre;
    private final int[] catHash;
    private final int[] spacedHash;
    private final int[] pow;
    /** Whether some word contains a space, so that " ".join equality is not word-sequence equality. */
    private final boolean wordsHaveSpaces;

    // hash table, reused across n
    private int[] table;
    private int[] slotHash;
    // top n-grams: per entry its first position and count; per position its entry (from the last top pass)
    private int[] entryFirst;
    private int[] entryCount;
    private int[] entryOf;
    private int entryOfN;
    /** The last {@link #countNGrams(int)} found no n-gram occurring twice. */
    private boolean noneRepeated;
    private int[] prevEntryOf;
    private int[] prevEntryCount;

    /**
     * @param wordsWithoutSpaces true when the caller knows no word contains a space (the Treebank tokenizer's never
     *     do); otherwise the words are checked
     */
    NGrams(List<String> words, int maxN, boolean wordsWithoutSpaces) {
      this.words = words;
      m = words.size();
      charPre = new int[m + 1];
      cpPre = new int[m + 1];
      catHash = new int[m + 1];
      spacedHash = new int[m + 1];
      boolean spaces = false;
      int[] powers = powers(64);
      for (int k = 0; k < m; k++) {
        String w = words.get(k);
        int len = w.length();
        if (powers.length <= len) {
          powers = powers(Math.max(len + 1, powers.length * 2));
        }
        if (!wordsWithoutSpaces && !spaces) {
          spaces = w.indexOf(' ') >= 0;
        }
        int h = w.hashCode();
        int p = powers[len];
        charPre[k + 1] = charPre[k] + len;
        cpPre[k + 1] = cpPre[k] + w.codePointCount(0, len);
        catHash[k + 1] = catHash[k] * p + h;
        spacedHash[k + 1] = (spacedHash[k] * p + h) * 31 + ' ';
      }
      wordsHaveSpaces = spaces;
      // Powers of 31 up to the longest stream slice an n-gram can span (spaced: one more char per word).
      int longest = 0;
      int n = Math.min(maxN, m);
      for (int i = 0; i + n <= m; i++) {
        longest = Math.max(longest, charPre[i + n] - charPre[i]);
      }
      pow = powers.length > longest + n ? powers : powers(longest + n + 1);
    }

    private static int[] powers(int size) {
      int[] p = new int[size];
      p[0] = 1;
      for (int i = 1; i < size; i++) {
        p[i] = p[i - 1] * 31;
      }
      return p;
    }

    private int catHash(int i, int n) {
      return catHash[i + n] - catHash[i] * pow[charPre[i + n] - charPre[i]];
    }

    private int spacedHash(int i, int n) {
      return spacedHash[i + n] - spacedHash[i] * pow[charPre[i + n] - charPre[i] + n];
    }

    private void clearTable(int count) {
      int capacity = tableCapacity(count);
      if (table == null || table.length < capacity) {
        table = new int[capacity];
        slotHash = new int[capacity];
      } else {
        Arrays.fill(table, 0, capacity, -1);
        return;
      }
      Arrays.fill(table, -1);
    }

    /**
     * {@code find_top_duplicate(get_n_grams(words, n))}: {@code len(" ".join(top)) * count} of the most frequent
     * n-gram, the first seen among equals; 0 with fewer than {@code n} words. N-grams are counted by
     * {@link #countNGrams(int)}; when none repeats, the top is the first n-gram with count 1.
     */
    long topNGramChars(int n) {
      int count = m - n + 1;
      if (count <= 0) {
        return 0;
      }
      int best = topEntry(countNGrams(n));
      int first = 0;
      int occurrences = 1;
      if (best >= 0 && entryCount[best] >= 2) {
        first = entryFirst[best];
        occurrences = entryCount[best];
      }
      long joinedLength = cpPre[first + n] - cpPre[first] + (n - 1);
      return joinedLength * occurrences;
    }

    /**
     * RedPajama-V2's top n-gram characters: the same most frequent n-gram as {@link #topNGramChars(int)} (equal word
     * sequences, the first seen among equals), but {@code sum(len(w) for w in ngram) * count}, without the
     * separating spaces, and 0 when no n-gram occurs twice or there are fewer than {@code n} words.
     */
    long topNGramWordChars(int n) {
      int count = m - n + 1;
      if (count <= 0) {
        return 0;
      }
      int best = topEntry(countNGrams(n));
      if (best < 0 || entryCount[best] < 2) {
        return 0;
      }
      int first = entryFirst[best];
      return (long) (cpPre[first + n] - cpPre[first]) * entryCount[best];
    }

    /**
     * RedPajama-V2's duplicated n-gram characters: the code points of the words covered by at least one n-gram that
     * occurs at least twice (as a word sequence), each word counted once however many such n-grams overlap it; 0
     * with fewer than {@code n} words. Unlike {@link #duplicatedChars(int)} there is no greedy skipping: every
     * occurrence of a repeated n-gram, the first one included, covers its words.
     */
    long coveredDuplicateChars(int n) {
      int count = m - n + 1;
      if (count <= 0) {
        return 0;
      }
      countNGrams(n);
      if (noneRepeated) {
        return 0;
      }
      long chars = 0;
      int coveredTo = 0;
      for (int i = 0; i < count; i++) {
        int e = entryOf[i];
        if (e >= 0 && entryCount[e] >= 2) {
          int from = Math.max(i, coveredTo);
          coveredTo = i + n;
          chars += cpPre[coveredTo] - cpPre[from];
        }
      }
      return chars;
    }

    /**
     * {@code Counter.most_common(1)} over the entries of the last {@link #countNGrams(int)}: the highest count, the
     * first inserted among equals (entries are in order of first occurrence; positions left out occur once); -1
     * when there is no entry.
     */
    private int topEntry(int entries) {
      int best = -1;
      for (int k = 0; k < entries; k++) {
        if (best < 0 || entryCount[k] > entryCount[best]) {
          best = k;
        }
      }
      return best;
    }

    /**
     * Counts the n-grams (compared as word sequences, {@code " ".join}) for {@code m - n + 1 > 0} positions: entry
     * {@code k} (in order of first occurrence) has its first position in {@code entryFirst[k]} and its count in
     * {@code entryCount[k]}; {@code entryOf[i]} is the entry of position {@code i}, or -1 for a position whose
     * n-gram is known to occur once. Returns the number of entries.
     *
     * <p>When no word has a space, two equal n-grams start with equal shorter prefixes, so after an n' < n pass only
     * the positions whose n'-gram occurs more than once can hold an n-gram that occurs more than once; every other
     * n-gram occurs once. Those positions alone are counted, and once a pass finds no n-gram occurring twice, longer
     * ones are not looked at: {@link #noneRepeated} is set and {@code entryOf} is left as it was (callers check the
     * flag before reading it).
     */
    private int countNGrams(int n) {
      int count = m - n + 1;
      boolean prune = !wordsHaveSpaces && entryOf != null && entryOfN < n;
      if (prune && noneRepeated) {
        entryOfN = n;
        return 0;
      }
      if (prune) {
        int[] t = prevEntryOf;
        prevEntryOf = entryOf;
        entryOf = t;
        t = prevEntryCount;
        prevEntryCount = entryCount;
        entryCount = t;
      }
      int[] candidateEntry = prevEntryOf;
      int[] candidateCount = prevEntryCount;
      int candidates = count;
      if (prune) {
        candidates = 0;
        for (int i = 0; i < count; i++) {
          int prev = candidateEntry[i];
          if (prev >= 0 && candidateCount[prev] >= 2) {
            candidates++;
          }
        }
      }
      entryFirst = ensure(entryFirst, count);
      entryCount = ensure(entryCount, count);
      entryOf = ensure(entryOf, count);
      int entries = 0;
      boolean repeated = false;
      if (candidates > 0) {
        clearTable(candidates);
        int mask = tableCapacity(candidates) - 1;
        for (int i = 0; i < count; i++) {
          if (prune) {
            int prev = candidateEntry[i];
            if (prev < 0 || candidateCount[prev] < 2) {
              entryOf[i] = -1; // its shorter prefix occurs once, so this n-gram does too
              continue;
            }
          }
          int h = spacedHash(i, n);
          int slot = slot(h, mask);
          int found = -1;
          int e;
          while ((e = table[slot]) >= 0) {
            if (slotHash[slot] == h && sameSpaced(entryFirst[e], i, n)) {
              found = e;
              break;
            }
            slot = (slot + 1) & mask;
          }
          if (found >= 0) {
            entryCount[found]++;
            entryOf[i] = found;
            repeated = true;
          } else {
            table[slot] = entries;
            slotHash[slot] = h;
            entryFirst[entries] = i;
            entryCount[entries] = 1;
            entryOf[i] = entries;
            entries++;
          }
        }
      }
      noneRepeated = !repeated;
      entryOfN = n;
      return entries;
    }

    private static int[] ensure(int[] a, int size) {
      return a == null || a.length < size ? new int[Math.max(size, 16)] : a;
    }

    /**
     * {@code find_all_duplicate(words, n)}: the greedy count of characters in repeated n-grams.
     *
     * <p>Only positions whose n-gram string may occur elsewhere in the document are looked up and recorded: a string
     * that occurs once is never found in the seen set and never causes a later position to be found, so skipping it
     * changes nothing. See {@link #windowShared()} for which positions qualify.
     */
    long duplicatedChars(int n) {
      int count = m - n + 1;
      if (count <= 0) {
        return 0;
      }
      boolean[] shared = windowShared();
      int candidates = 0;
      for (int i = 0; i < count; i++) {
        if (shared[i] || charPre[i + n] - charPre[i] < WINDOW) {
          candidates++;
        }
      }
      if (candidates < 2) {
        return 0;
      }
      clearTable(candidates);
      int mask = tableCapacity(candidates) - 1;
      long repeated = 0;
      int i = 0;
      while (i < count) {
        if (!shared[i] && charPre[i + n] - charPre[i] >= WINDOW) {
          i++; // its n-gram occurs nowhere else
          continue;
        }
        int h = catHash(i, n);
        int slot = slot(h, mask);
        boolean seen = false;
        int j;
        while ((j = table[slot]) >= 0) {
          if (slotHash[slot] == h && sameConcatenation(j, i, n)) {
            seen = true;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (seen) {
          repeated += cpPre[i + n] - cpPre[i];
          i += n;
        } else {
          table[slot] = i;
          slotHash[slot] = h;
          i++;
        }
      }
      return repeated;
    }

    /** Length of the character windows {@link #windowShared()} compares. */
    static final int WINDOW = 12;

    private boolean[] windowShared;

    /**
     * Per word position: whether the {@link #WINDOW} characters of the concatenated stream starting at this word
     * also start at another word (equal hashes count as equal, which only adds positions), or the stream ends
     * before a full window. If the n-grams at positions {@code i} and {@code j} are equal strings at least
     * {@code WINDOW} characters long, both start with the same window, however the words split the characters; so
     * a position with an unshared window and an n-gram of at least {@code WINDOW} characters holds an n-gram that
     * occurs nowhere else. The window hashes come from the prefix hashes plus a few characters each; then one
     * table pass over the words.
     */
    private boolean[] windowShared() {
      if (windowShared != null) {
        return windowShared;
      }
      boolean[] shared = new boolean[m + 1];
      int[] windowHash = new int[m];
      int[] p31 = pow.length > WINDOW ? pow : powers(WINDOW + 1);
      // The window at word i: the words i..j-1 entirely (hash from the prefix hashes), then the first r characters
      // of word j. j only moves forward as i does.
      int total = charPre[m];
      int pending = 0;
      int j = 0;
      for (int i = 0; i < m; i++) {
        int target = charPre[i] + WINDOW;
        if (target > total) {
          break;
        }
        if (j < i) {
          j = i;
        }
        while (j < m && charPre[j + 1] <= target) {
          j++;
        }
        int h = catHash[j] - catHash[i] * p31[charPre[j] - charPre[i]];
        int r = target - charPre[j];
        if (r > 0) {
          String w = words.get(j);
          for (int c = 0; c < r; c++) {
            h = h * 31 + w.charAt(c);
          }
        }
        windowHash[pending++] = h;
      }
      int complete = pending;
      for (int i = complete; i < m; i++) {
        shared[i] = true; // no full window before the end
      }
      if (complete > 0) {
        clearTable(complete);
        int mask = tableCapacity(complete) - 1;
        for (int i = 0; i < complete; i++) {
          int wh = windowHash[i];
          int slot = slot(wh, mask);
          int other;
          boolean found = false;
          while ((other = table[slot]) >= 0) {
            if (slotHash[slot] == wh) {
              shared[i] = true;
              shared[other] = true;
              found = true;
              break;
            }
            slot = (slot + 1) & mask;
          }
          if (!found) {
            table[slot] = i;
            slotHash[slot] = wh;
          }
        }
      }
      windowShared = shared;
      return shared;
    }

    /** {@code " ".join(W[a:a+n]) == " ".join(W[b:b+n])}. */
    private boolean sameSpaced(int a, int b, int n) {
      if (charPre[a + n] - charPre[a] != charPre[b + n] - charPre[b]) {
        return false;
      }
      if (wordsHaveSpaces) {
        // Only a tokenizer that leaves spaces inside words gets here; then word boundaries can shift.
        return String.join(" ", words.subList(a, a + n)).equals(String.join(" ", words.subList(b, b + n)));
      }
      for (int k = 0; k < n; k++) {
        if (!words.get(a + k).equals(words.get(b + k))) {
          return false;
        }
      }
      return true;
    }

    /** {@code "".join(W[a:a+n]) == "".join(W[b:b+n])}, comparing the character streams across word boundaries. */
    private boolean sameConcatenation(int a, int b, int n) {
      int remaining = charPre[a + n] - charPre[a];
      if (remaining != charPre[b + n] - charPre[b]) {
        return false;
      }
      int ta = a;
      int tb = b;
      int pa = 0;
      int pb = 0;
      String wa = words.get(ta);
      String wb = words.get(tb);
      while (remaining > 0) {
        while (pa == wa.length()) {
          wa = words.get(++ta);
          pa = 0;
        }
        while (pb == wb.length()) {
          wb = words.get(++tb);
          pb = 0;
        }
        int run = Math.min(wa.length() - pa, wb.length() - pb);
        if (!wa.regionMatches(pa, wb, pb, run)) {
          return false;
        }
        pa += run;
        pb += run;
        remaining -= run;
      }
      return true;
    }
  }
}
