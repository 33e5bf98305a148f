package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.text.Whitespace;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FineWeb's quality filter (Penedo et al. 2024, as implemented by datatrove's {@code FineWebQualityFilter}).
 *
 * <p>Lines are the parts of {@code text.split("\n")} that are not blank ({@code line.strip() != ""}); a document
 * without one is rejected as {@code empty}. Then, in order, the document is rejected when:
 *
 * <ol>
 *   <li>{@code line_punct_ratio}: the share of lines ending with a {@link TerminalPunctuation} mark is below
 *       {@code linePunctThr} (unless the share is 0 and {@code linePunctExcludeZero});
 *   <li>{@code short_line_ratio}: the share of lines of at most {@code shortLineLength} code points is above
 *       {@code shortLineThr};
 *   <li>{@code char_dup_ratio}: the code points of repeated lines (every occurrence after the first) divided by the
 *       code points of the text without its {@code \n}s is above {@code charDuplicatesRatio};
 *   <li>{@code list_ratio}: the number of {@code \n}s divided by the number of words from the {@link WordTokenizer}
 *       is above {@code newLineRatio}.
 * </ol>
 *
 * <p>Python-porting notes, all following datatrove: lines are neither stripped nor {@code \r}-trimmed before the
 * end-of-line test ({@code line.endswith(...)} on the raw line), so a line ending in a space or in {@code \r} (a
 * {@code \r\n} document) never counts as punctuated, and its {@code \r} counts towards its length. Only {@code \n}
 * separates lines: {@code \r}, U+2028, form feeds and the like stay inside lines. Lengths are code points.
 * The blank test uses Python (Unicode) whitespace.
 *
 * <p>Signals: {@code fineweb_line_punct_ratio}, {@code fineweb_short_line_ratio} and {@code fineweb_char_dup_ratio}
 * are always present for a non-empty document (they come from one pass); {@code fineweb_list_ratio} needs the word
 * tokenizer and is computed only when the first three checks pass. An {@code empty} document has no signals.
 *
 * <p>Difference from datatrove: when the tokenizer returns no words (datatrove would divide by zero), the list ratio
 * is the newline count itself, i.e. the count is divided by max(1, words).
 *
 * <p>Immutable and thread-safe when the tokenizer is.
 */
public final class FineWebFilter implements DocFilter {

  private static final long serialVersionUID = 1L;

  public static final String NAME = "fineweb";

  public static final String REASON_EMPTY = "empty";
  public static final String REASON_LINE_PUNCT_RATIO = "line_punct_ratio";
  public static final String REASON_SHORT_LINE_RATIO = "short_line_ratio";
  public static final String REASON_CHAR_DUP_RATIO = "char_dup_ratio";
  public static final String REASON_LIST_RATIO = "list_ratio";

  public static final String SIGNAL_LINE_PUNCT_RATIO = "fineweb_line_punct_ratio";
  public static final String SIGNAL_SHORT_LINE_RATIO = "fineweb_short_line_ratio";
  public static final String SIGNAL_CHAR_DUP_RATIO = "fineweb_char_dup_ratio";
  public static final String SIGNAL_LIST_RATIO = "fineweb_list_ratio";

  /**
   * Thresholds, named after datatrove's arguments.
   *
   * @param linePunctThr reject when the share of punctuated lines is below this
   * @param linePunctExcludeZero do not reject documents with no punctuated line at all on that account
   * @param shortLineThr reject when the share of short lines is above this
   * @param shortLineLength a line of at most this many code points is short
   * @param charDuplicatesRatio reject when the duplicated-line character share is above this
   * @param newLineRatio reject when newlines per word is above this
   */
  public record Settings(
      double linePunctThr,
      boolean linePunctExcludeZero,
      double shortLineThr,
      int shortLineLength,
      double charDuplicatesRatio,
      double newLineRatio)
      implements Serializable {

    public Settings {
      checkRatio(linePunctThr, "line_punct_thr");
      checkRatio(shortLineThr, "short_line_thr");
      checkRatio(charDuplicatesRatio, "char_duplicates_ratio");
      Preconditions.checkArgument(newLineRatio >= 0 && !Double.isNaN(newLineRatio),
          "new_line_ratio must be >= 0, got %s", newLineRatio);
      Preconditions.checkArgument(shortLineLength >= 0, "short_line_length must be >= 0, got %s", shortLineLength);
    }

    private static void checkRatio(double v, String name) {
      Preconditions.checkArgument(v >= 0 && v <= 1, "%s must be in [0, 1], got %s", name, v);
    }

    /** datatrove's defaults: 0.12, false, 0.67, 30, 0.01, 0.3. */
    public static Settings defaults() {
      return new Settings(0.12, false, 0.67, 30, 0.01, 0.3);
    }
  }

  private final WordTokenizer tokenizer;
  private final Settings settings;

  public FineWebFilter(WordTokenizer tokenizer) {
    this(tokenizer, Settings.defaults());
  }

  public FineWebFilter(WordTokenizer tokenizer, Settings settings) {
    this.tokenizer = Preconditions.checkNotNull(tokenizer, "tokenizer");
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
    return java.util.List.copyOf(java.util.List.of(REASON_EMPTY, REASON_LINE_PUNCT_RATIO, REASON_SHORT_LINE_RATIO, REASON_CHAR_DUP_RATIO,
        REASON_LIST_RATIO));
  }

  @Override
  public FilterResult apply(String text) {
    Preconditions.checkNotNull(text, "text");
    int n = text.length();
    int lines = 0;
    int punctuated = 0;
    int shortLines = 0;
    long dupChars = 0;
    int newlines = 0;
    long codePoints = 0; // of the whole text, newlines included
    SpanSet seen = null;

    int start = 0;
    while (true) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      // one pass over the line: blank test and code-point length
      boolean blank = true;
      int len = 0;
      int hash = 0; // text[start, end).hashCode()
      for (int i = start; i < end; i++) {
        char ch = text.charAt(i);
        hash = 31 * hash + ch;
        if (blank && !Whitespace.isPythonSpace(ch)) {
          blank = false;
        }
        if (!(Character.isLowSurrogate(ch) && i > start && Character.isHighSurrogate(text.charAt(i - 1)))) {
          len++;
        }
      }
      codePoints += len;
      if (!blank) {
        lines++;
        if (TerminalPunctuation.endsWithTerminal(text, start, end)) {
          punctuated++;
        }
        if (len <= settings.shortLineLength()) {
          shortLines++;
        }
        if (seen == null) {
          seen = new SpanSet(text, 16);
        }
        if (!seen.add(start, end, hash)) {
          dupChars += len;
        }
      }
      if (nl < 0) {
        break;
      }
      newlines++;
      codePoints++;
      start = nl + 1;
    }

    if (lines == 0) {
      return FilterResult.of(Verdict.reject(REASON_EMPTY, "no non-blank line"), Map.of());
    }

    Map<String, Double> signals = new LinkedHashMap<>();
    double punctRatio = (double) punctuated / lines;
    double shortRatio = (double) shortLines / lines;
    // non-blank lines exist, so the text has a non-newline code point and the divisor is positive
    double dupRatio = (double) dupChars / (codePoints - newlines);
    signals.put(SIGNAL_LINE_PUNCT_RATIO, punctRatio);
    signals.put(SIGNAL_SHORT_LINE_RATIO, shortRatio);
    signals.put(SIGNAL_CHAR_DUP_RATIO, dupRatio);

    if (punctRatio < settings.linePunctThr() && !(punctRatio == 0 && settings.linePunctExcludeZero())) {
      return FilterResult.of(Verdict.reject(REASON_LINE_PUNCT_RATIO,
          punctuated + " of " + lines + " lines end with terminal punctuation"), signals);
    }
    if (shortRatio > settings.shortLineThr()) {
      return FilterResult.of(Verdict.reject(REASON_SHORT_LINE_RATIO,
          shortLines + " of " + lines + " lines have <= " + settings.shortLineLength() + " chars"), signals);
    }
    if (dupRatio > settings.charDuplicatesRatio()) {
      return FilterResult.of(Verdict.reject(REASON_CHAR_DUP_RATIO,
          dupChars + " of " + (codePoints - newlines) + " chars are in repeated lines"), signals);
    }

    int words = tokenizer.countTokens(text);
    double listRatio = (double) newlines / Math.max(1, words);
    signals.put(SIGNAL_LIST_RATIO, listRatio);
    if (listRatio > settings.newLineRatio()) {
      return FilterResult.of(Verdict.reject(REASON_LIST_RATIO, newlines + " newlines for " + words + " words"),
          signals);
    }
    return FilterResult.of(Verdict.pass(), signals);
  }
}
