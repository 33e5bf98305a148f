package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.text.Whitespace;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * C4's line cleaner and document filter (Raffel et al. 2020, as implemented by datatrove's {@code C4QualityFilter}).
 * Unlike most filters it rewrites the document: lines failing a line rule are removed, and a kept document's text
 * becomes its kept lines joined by {@code \n}.
 *
 * <p>The document is cut into lines with Python's {@code str.splitlines()} (breaks at {@code \n}, {@code \r},
 * {@code \r\n}, {@code \v}, {@code \f}, {@code \x1c}, {@code \x1d}, {@code \x1e}, {@code \x85}, U+2028 and
 * U+2029; no empty piece after a final break). Each line is stripped of Python whitespace, then, in order:
 *
 * <ol>
 *   <li>dropped if a whitespace-separated word is longer than {@code maxWordLength} code points;
 *   <li>citations are removed: {@code [}digits{@code ]} (also {@code []}), {@code [edit]}, {@code [citation needed]},
 *       case-sensitive, one left-to-right pass like {@code re.sub};
 *   <li>dropped unless it ends with {@code . ? ! " '}, or if it ends with {@code ...};
 *   <li>dropped if it has fewer than {@code minWordsPerLine} words;
 *   <li>lowercased: {@code lorem ipsum} rejects the document, {@code javascript} drops the line, a curly bracket
 *       rejects the document, a cookie/terms/privacy phrase drops the line.
 * </ol>
 *
 * Finally the document is rejected if its kept lines hold fewer than {@code minNumSentences} sentences.
 *
 * <p>Python-porting notes, all following datatrove:
 *
 * <ul>
 *   <li>Word counts (rules 1 and 4) use the words of the stripped line <em>before</em> citation removal.
 *   <li>The line is not re-stripped after citation removal, so {@code "Done. [1]"} becomes {@code "Done. "} and then
 *       fails the terminal-punctuation rule.
 *   <li>Lengths are in code points, words are split on Python (Unicode) whitespace, digits in citations are any
 *       Unicode decimal digit ({@code \d} on a Python str).
 *   <li>Lowercase matching follows {@code str.lower()}: besides ASCII, only the Kelvin sign (U+212A) lowercases to an
 *       ASCII letter; U+0130 lowercases to {@code i} plus a combining dot and so can never complete one of the
 *       phrases (none ends in {@code i}).
 *   <li>The result text is {@code "\n".join(kept).strip()}.
 * </ul>
 *
 * <p>Differences from datatrove:
 *
 * <ul>
 *   <li>Sentences are counted with a simple splitter instead of NLTK's punkt: a sentence ends after a run of
 *       {@code . ! ?} that is followed by whitespace or the end of the line, and every piece with a non-whitespace
 *       character counts. Abbreviations ({@code "e.g. this"}) therefore count as sentence ends, which punkt avoids.
 *   <li>Only {@code splitParagraph = true} (line mode) is supported; datatrove's sentence mode needs punkt.
 *   <li>When a document is rejected for {@code lorem ipsum} or a curly bracket, processing stops at that line, so
 *       the line signals count only the lines up to and including it.
 * </ul>
 *
 * <p>Signals: {@code c4_lines_total} (lines from {@code splitlines}), {@code c4_lines_kept}, the per-rule drop counts
 * {@code c4_lines_dropped_*}, {@code c4_citations_removed} (in examined lines) and {@code c4_sentences} (in kept
 * lines). On a pass, {@link FilterResult#text()} holds the cleaned text when it differs from the input; on a reject it
 * is null. Immutable and thread-safe.
 */
public final class C4Filter implements DocFilter {

  private static final long serialVersionUID = 1L;

  public static final String NAME = "c4";

  public static final String REASON_LOREM_IPSUM = "lorem_ipsum";
  public static final String REASON_CURLY_BRACKET = "curly_bracket";
  public static final String REASON_TOO_FEW_SENTENCES = "too_few_sentences";

  public static final String SIGNAL_LINES_TOTAL = "c4_lines_total";
  public static final String SIGNAL_LINES_KEPT = "c4_lines_kept";
  public static final String SIGNAL_DROPPED_NO_TERMINAL_PUNCT = "c4_lines_dropped_no_terminal_punct";
  public static final String SIGNAL_DROPPED_TOO_FEW_WORDS = "c4_lines_dropped_too_few_words";
  public static final String SIGNAL_DROPPED_JAVASCRIPT = "c4_lines_dropped_javascript";
  public static final String SIGNAL_DROPPED_POLICY = "c4_lines_dropped_policy";
  public static final String SIGNAL_DROPPED_LONG_WORD = "c4_lines_dropped_long_word";
  public static final String SIGNAL_CITATIONS_REMOVED = "c4_citations_removed";
  public static final String SIGNAL_SENTENCES = "c4_sentences";

  /** Phrases whose line is dropped when {@code filterPolicy} is on (matched on the lowercased line). */
  static final String[] POLICY_PHRASES = {
      "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies",
  };

  /** {@link #POLICY_PHRASES} by first letter ({@code 'a'..'z'}), so a scan tries only those that can match. */
  private static final String[][] POLICY_BY_FIRST = new String[26][];

  static {
    for (char first = 'a'; first <= 'z'; first++) {
      final char f = first;
      POLICY_BY_FIRST[first - 'a'] =
          Arrays.stream(POLICY_PHRASES).filter(p -> p.charAt(0) == f).toArray(String[]::new);
    }
  }

  private static final String LOREM_IPSUM = "lorem ipsum";
  private static final String JAVASCRIPT = "javascript";
  private static final String EDIT = "[edit]";
  private static final String CITATION_NEEDED = "[citation needed]";

  /**
   * The filter's thresholds and switches, named after datatrove's arguments. {@code -1} disables
   * {@code minNumSentences}, {@code minWordsPerLine} and {@code maxWordLength}.
   *
   * <p>The last four switches look only at lines that survived the earlier line rules, as in datatrove: {@code lorem
   * ipsum} or a curly bracket on a line already dropped (say, for lacking terminal punctuation) does not reject.
   *
   * @param splitParagraph must be true: lines are {@code text.splitlines()} (datatrove's default); datatrove's
   *     sentence mode ({@code false}) needs NLTK punkt and is not supported
   * @param removeCitations remove {@code [1]}, {@code []}, {@code [edit]} and {@code [citation needed]}
   * @param filterNoTerminalPunct drop lines not ending in {@code . ? ! " '} or ending in {@code ...}
   * @param minNumSentences reject documents whose kept lines have fewer sentences
   * @param minWordsPerLine drop lines with fewer words
   * @param maxWordLength drop lines with a word longer than this many code points
   * @param filterLoremIpsum reject documents with a line containing {@code lorem ipsum}
   * @param filterJavascript drop lines containing {@code javascript}
   * @param filterCurlyBracket reject documents with a line containing a curly bracket
   * @param filterPolicy drop lines containing a terms/privacy/cookie phrase
   */
  public record Settings(
      boolean splitParagraph,
      boolean removeCitations,
      boolean filterNoTerminalPunct,
      int minNumSentences,
      int minWordsPerLine,
      int maxWordLength,
      boolean filterLoremIpsum,
      boolean filterJavascript,
      boolean filterCurlyBracket,
      boolean filterPolicy)
      implements Serializable {

    public Settings {
      Preconditions.checkArgument(splitParagraph,
          "only split_paragraph = true (lines from str.splitlines()) is supported; sentence mode needs NLTK punkt");
      Preconditions.checkArgument(minNumSentences >= -1, "min_num_sentences must be >= -1, got %s", minNumSentences);
      Preconditions.checkArgument(minWordsPerLine >= -1, "min_words_per_line must be >= -1, got %s", minWordsPerLine);
      Preconditions.checkArgument(maxWordLength >= -1, "max_word_length must be >= -1, got %s", maxWordLength);
    }

    /** datatrove's defaults: 5 sentences, 3 words per line, words up to 1000 code points, every rule on. */
    public static Settings defaults() {
      return new Settings(true, true, true, 5, 3, 1000, true, true, true, true);
    }

    /** The TensorFlow Datasets C4 setting: 5 words per line and 3 sentences, otherwise the defaults. */
    public static Settings tfdsC4() {
      return new Settings(true, true, true, 3, 5, 1000, true, true, true, true);
    }
  }

  private final Settings settings;

  public C4Filter() {
    this(Settings.defaults());
  }

  public C4Filter(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
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
    return java.util.List.copyOf(java.util.List.of(REASON_LOREM_IPSUM, REASON_CURLY_BRACKET, REASON_TOO_FEW_SENTENCES));
  }

  @Override
  public FilterResult apply(String text) {
    Preconditions.checkNotNull(text, "text");
    Counts c = new Counts();
    StringBuilder kept = new StringBuilder(text.length());
    boolean anyKept = false;
    int n = text.length();
    int pos = 0;
    // str.splitlines(): a break ends the current line; text after the last break (if any) is a final line.
    while (pos < n) {
      int end = pos;
      while (end < n && !PythonLines.isLineBreak(text.charAt(end))) {
        end++;
      }
      int next = end;
      if (end < n) {
        next = end + (text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n' ? 2 : 1);
      }
      c.linesTotal++;

      String reject = processLine(text, pos, end, c);
      if (reject != null) {
        String detail = "line " + c.linesTotal + " contains "
            + (reject.equals(REASON_LOREM_IPSUM) ? "'lorem ipsum'" : "a curly bracket");
        return FilterResult.of(Verdict.reject(reject, detail), c.signals());
      }
      if (c.keptLine != null) {
        if (anyKept) {
          kept.append('\n');
        }
        kept.append(c.keptLine, c.keptStart, c.keptEnd);
        anyKept = true;
        c.keptLine = null;
      }
      pos = next;
    }

    if (c.sentences < settings.minNumSentences()) {
      return FilterResult.of(
          Verdict.reject(REASON_TOO_FEW_SENTENCES,
              c.sentences + " sentences in kept lines < " + settings.minNumSentences()),
          c.signals());
    }
    int from = PythonLines.stripStart(kept, 0, kept.length());
    String out = kept.substring(from, PythonLines.stripEnd(kept, from, kept.length()));
    return new FilterResult(Verdict.pass(), c.signals(), out.equals(text) ? null : out);
  }

  /**
   * Applies the line rules to {@code text[start, end)}. Returns a document reason code to reject, or null; a kept
   * line is left in {@code c.keptLine[keptStart, keptEnd)}.
   */
  private String processLine(String text, int start, int end, Counts c) {
    // line.strip()
    while (start < end && Whitespace.isPythonSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && Whitespace.isPythonSpace(text.charAt(end - 1))) {
      end--;
    }

    LineScan scan = c.scan;
    scan.run(text, start, end);
    int words = scan.words;
    int longest = scan.longest;
    if (settings.maxWordLength() != -1 && longest > settings.maxWordLength()) {
      c.droppedLongWord++;
      return null;
    }

    String line = text;
    if (settings.removeCitations() && scan.bracket) {
      StringBuilder sb = new StringBuilder(end - start);
      int before = c.citations;
      removeCitations(text, start, end, sb, c);
      if (c.citations != before) {
        line = sb.toString();
        start = 0;
        end = line.length();
        scan.run(line, start, end); // phrases and sentences are looked for in the line without its citations
      }
    }

    if (settings.filterNoTerminalPunct() && !endsWithTerminalMark(line, start, end)) {
      c.droppedNoTerminalPunct++;
      return null;
    }

    if (words < settings.minWordsPerLine()) {
      c.droppedTooFewWords++;
      return null;
    }

    int found = scan.found;
    if (settings.filterLoremIpsum() && (found & FOUND_LOREM) != 0) {
      return REASON_LOREM_IPSUM;
    }
    if (settings.filterJavascript() && (found & FOUND_JAVASCRIPT) != 0) {
      c.droppedJavascript++;
      return null;
    }
    if (settings.filterCurlyBracket() && (found & FOUND_CURLY) != 0) {
      return REASON_CURLY_BRACKET;
    }
    if (settings.filterPolicy() && (found & FOUND_POLICY) != 0) {
      c.droppedPolicy++;
      return null;
    }

    c.sentences += scan.sentences();
    c.linesKept++;
    c.keptLine = line;
    c.keptStart = start;
    c.keptEnd = end;
    return null;
  }

  /**
   * {@code re.sub(r"\[\d*]|\[edit]|\[citation needed]", "", line)}: appends {@code text[start, end)} without the
   * citations to {@code out}. A single left-to-right pass, so text that forms a citation only after a removal (e.g.
   * {@code "[[1]edit]"} → {@code "[edit]"}) stays, as with {@code re.sub}.
   */
  private static void removeCitations(String text, int start, int end, StringBuilder out, Counts c) {
    int i = start;
    while (i < end) {
      char ch = text.charAt(i);
      if (ch != '[') {
        out.append(ch);
        i++;
        continue;
      }
      int match = citationEnd(text, i, end);
      if (match < 0) {
        out.append(ch);
        i++;
      } else {
        c.citations++;
        i = match;
      }
    }
  }

  /** The end of a citation starting at the {@code [} at {@code i}, or -1. */
  private static int citationEnd(String text, int i, int end) {
    int j = i + 1;
    // \[\d*] — \d on a Python str is any Unicode decimal digit (Nd), as Character.isDigit
    while (j < end) {
      int cp = text.codePointAt(j);
      if (!Character.isDigit(cp)) {
        break;
      }
      j += Character.charCount(cp);
    }
    if (j < end && text.charAt(j) == ']') {
      return j + 1;
    }
    if (text.startsWith(EDIT, i) && i + EDIT.length() <= end) {
      return i + EDIT.length();
    }
    if (text.startsWith(CITATION_NEEDED, i) && i + CITATION_NEEDED.length() <= end) {
      return i + CITATION_NEEDED.length();
    }
    return -1;
  }

  /** {@code line.endswith((".", "?", "!", '"', "'")) and not line.endswith("...")}. */
  private static boolean endsWithTerminalMark(String line, int start, int end) {
    if (end <= start) {
      return false;
    }
    char last = line.charAt(end - 1);
    if (last != '.' && last != '?' && last != '!' && last != '"' && last != '\'') {
      return false;
    }
    return !(last == '.' && end - start >= 3 && line.charAt(end - 2) == '.' && line.charAt(end - 3) == '.');
  }

  private static final int FOUND_LOREM = 1;
  private static final int FOUND_JAVASCRIPT = 2;
  private static final int FOUND_CURLY = 4;
  private static final int FOUND_POLICY = 8;

  /**
   * What the line rules need from a stripped line, in one pass over its characters: {@code line.split()}'s word count
   * and longest word in code points (Python whitespace is all BMP and no surrogate is whitespace, so a char loop is
   * exact), whether it has a {@code '['} (the only way a citation starts), which phrases occur in
   * {@code line.lower()}, whether a curly bracket occurs in the line itself, and the sentence count (see
   * {@link #sentences()}). One instance per document, reused line by line.
   */
  static final class LineScan {
    private static final byte K_PLAIN = 0;
    private static final byte K_SPACE = 1;
    private static final byte K_OTHER = 2; // non-ASCII, not whitespace
    private static final byte K_END = 3; // . ! ?
    private static final byte K_BRACKET = 4;
    private static final byte K_CURLY = 5;
    private static final byte K_L = 6;
    private static final byte K_J = 7;
    private static final byte K_POLICY = 8;
    /** What each ASCII character is to the scan; one table lookup instead of a chain of tests per character. */
    private static final byte[] ASCII_KIND = new byte[128];

    static {
      for (char c = 0; c < 128; c++) {
        ASCII_KIND[c] = Whitespace.isPythonSpace(c) ? K_SPACE : K_PLAIN;
      }
      ASCII_KIND['.'] = K_END;
      ASCII_KIND['!'] = K_END;
      ASCII_KIND['?'] = K_END;
      ASCII_KIND['['] = K_BRACKET;
      ASCII_KIND['{'] = K_CURLY;
      ASCII_KIND['l'] = K_L;
      ASCII_KIND['L'] = K_L;
      ASCII_KIND['j'] = K_J;
      ASCII_KIND['J'] = K_J;
      for (String phrase : POLICY_PHRASES) {
        char first = phrase.charAt(0);
        ASCII_KIND[first] = K_POLICY;
        ASCII_KIND[Character.toUpperCase(first)] = K_POLICY;
      }
    }

    int words;
    int longest;
    boolean bracket;
    int found;
    private int sentenceEnds;
    private int lastSentenceEnd;
    private int lastContent;

    void run(String line, int start, int end) {
      int words = 0;
      int longest = 0;
      int wordLen = 0;
      boolean bracket = false;
      int found = 0;
      int ends = 0;
      int lastEnd = -1;
      int lastContent = -1;
      for (int i = start; i < end; i++) {
        char ch = line.charAt(i);
        byte kind = ch < 128 ? ASCII_KIND[ch] : Whitespace.isPythonSpace(ch) ? K_SPACE : K_OTHER;
        if (kind == K_SPACE) {
          wordLen = 0;
          continue;
        }
        lastContent = i;
        if (wordLen == 0) {
          words++;
        }
        // a low surrogate completing a pair adds no code point
        if (kind != K_OTHER || !(Character.isLowSurrogate(ch) && i > start
            && Character.isHighSurrogate(line.charAt(i - 1)))) {
          wordLen++;
          if (wordLen > longest) {
            longest = wordLen;
          }
        }
        switch (kind) {
          case K_PLAIN:
          case K_OTHER:
            break;
          case K_END:
            // the last mark of a run followed by whitespace or the line's end ends a sentence
            if (i + 1 == end || Whitespace.isPythonSpace(line.charAt(i + 1))) {
              ends++;
              lastEnd = i;
            }
            break;
          case K_BRACKET:
            bracket = true;
            break;
          case K_CURLY:
            found |= FOUND_CURLY;
            break;
          case K_L:
            if (secondIs(line, i, end, 'o') && matchesLower(line, i, end, LOREM_IPSUM)) {
              found |= FOUND_LOREM;
            }
            break;
          case K_J:
            if (secondIs(line, i, end, 'a') && matchesLower(line, i, end, JAVASCRIPT)) {
              found |= FOUND_JAVASCRIPT;
            }
            break;
          default: // K_POLICY: the first letter of a policy phrase
            if ((found & FOUND_POLICY) == 0) {
              for (String phrase : POLICY_BY_FIRST[lower(ch) - 'a']) {
                if (secondIs(line, i, end, phrase.charAt(1)) && matchesLower(line, i, end, phrase)) {
                  found |= FOUND_POLICY;
                  break;
                }
              }
            }
            break;
        }
      }
      this.words = words;
      this.longest = longest;
      this.bracket = bracket;
      this.found = found;
      this.sentenceEnds = ends;
      this.lastSentenceEnd = lastEnd;
      this.lastContent = lastContent;
    }

    /**
     * Sentences in the scanned line: a sentence ends after a run of {@code . ! ?} followed by whitespace or the end
     * of the line, and each piece holding a non-whitespace character counts once, so the count is the number of
     * such ends plus one if non-whitespace follows the last of them.
     */
    int sentences() {
      return lastContent > lastSentenceEnd ? sentenceEnds + 1 : sentenceEnds;
    }
  }

  /**
   * A cheap necessary condition for {@link #matchesLower}: the character after {@code i} is the ASCII letter
   * {@code second} in either case ({@code | 0x20} lowercases ASCII letters; the Kelvin sign, the one non-ASCII
   * character {@link #lower} maps to a letter, maps to 'k', which no phrase has second).
   */
  private static boolean secondIs(String line, int i, int end, char second) {
    return i + 1 < end && (line.charAt(i + 1) | 0x20) == second;
  }

  /** True when {@code line.lower()} has the lowercase ASCII {@code phrase} at {@code i}. */
  private static boolean matchesLower(String line, int i, int end, String phrase) {
    int len = phrase.length();
    if (end - i < len) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (lower(line.charAt(i + k)) != phrase.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Lowercases as far as matching ASCII phrases needs: ASCII letters, and U+212A KELVIN SIGN, the only other code
   * point Python lowercases to an ASCII letter alone. Other chars are returned unchanged and so never match.
   */
  private static char lower(char ch) {
    if (ch >= 'A' && ch <= 'Z') {
      return (char) (ch + ('a' - 'A'));
    }
    return ch == '\u212A' ? 'k' : ch;
  }

  /** The sentence count {@link LineScan#sentences()} gives for {@code line[start, end)}. */
  static int countSentences(String line, int start, int end) {
    LineScan scan = new LineScan();
    scan.run(line, start, end);
    return scan.sentences();
  }

  /** Per-document counters; the kept line is handed back through {@code keptLine}. */
  private static final class Counts {
    int linesTotal;
    int linesKept;
    int droppedNoTerminalPunct;
    int droppedTooFewWords;
    int droppedJavascript;
    int droppedPolicy;
    int droppedLongWord;
    int citations;
    int sentences;
    final LineScan scan = new LineScan();
    String keptLine;
    int keptStart;
    int keptEnd;

    Map<String, Double> signals() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put(SIGNAL_LINES_TOTAL, (double) linesTotal);
      m.put(SIGNAL_LINES_KEPT, (double) linesKept);
      m.put(SIGNAL_DROPPED_NO_TERMINAL_PUNCT, (double) droppedNoTerminalPunct);
      m.put(SIGNAL_DROPPED_TOO_FEW_WORDS, (double) droppedTooFewWords);
      m.put(SIGNAL_DROPPED_JAVASCRIPT, (double) droppedJavascript);
      m.put(SIGNAL_DROPPED_POLICY, (double) droppedPolicy);
      m.put(SIGNAL_DROPPED_LONG_WORD, (double) droppedLongWord);
      m.put(SIGNAL_CITATIONS_REMOVED, (double) citations);
      m.put(SIGNAL_SENTENCES, (double) sentences);
      return m;
    }
  }
}
