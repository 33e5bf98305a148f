package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.text.Whitespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's ways of cutting text into lines, which are easy to mix up when porting quality filters:
 *
 * <ul>
 *   <li>{@link #splitlines(String)}: {@code text.splitlines()}. Breaks on {@code \n}, {@code \r}, {@code \r\n} (one
 *       break), {@code \v}, {@code \f}, {@code \x1c}, {@code \x1d}, {@code \x1e}, {@code \x85}, {@code \u2028} and
 *       {@code \u2029}; a break at the very end does not start an empty last line, so {@code "a\n"} gives
 *       {@code ["a"]} and {@code ""} gives {@code []}.
 *   <li>{@link #splitNewline(String)}: {@code text.split("\n")}. Only {@code \n}; every piece is kept, empty ones
 *       included, so {@code "a\n"} gives {@code ["a", ""]} and {@code ""} gives {@code [""]}; a {@code \r} stays at
 *       the end of its line.
 *   <li>{@link #splitNewlineRuns(String)}: {@code re.split("\n+", text)}. A run of {@code \n} is one separator, but
 *       a leading or trailing run still yields an empty first or last piece.
 *   <li>{@link #splitParagraphs(String)}: {@code re.split("\n{2,}", text.strip())}, Gopher's paragraphs.
 *   <li>{@link #splitKeepNewline(String)}: {@code re.finditer(r"[^\n]*\n|[^\n]+$", text)}, RedPajama-V2's lines:
 *       only {@code \n} breaks, each piece keeps its {@code \n}, no empty piece.
 * </ul>
 *
 * Lengths are Python's {@code len()}: code points ({@link #codePoints(String)}), not UTF-16 units. The
 * {@code *Spans} variants give the same pieces as {@code [start, end)} pairs into the text so hot paths need not
 * copy them.
 */
public final class PythonLines {
  private PythonLines() {}

  /** Python's {@code len(text)}: the number of code points. */
  public static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Python's {@code len(text[start:end])} for a UTF-16 range. */
  public static int codePoints(CharSequence text, int start, int end) {
    return Character.codePointCount(text, start, end);
  }

  /** True for the characters {@code str.splitlines()} breaks on ({@code \r\n} is handled by the caller). */
  public static boolean isLineBreak(char c) {
    if (c > 0x1E && c < 0x85) {
      return false; // printable ASCII, the common case, in one range check
    }
    switch (c) {
      case '\n': case '\r': case 0x0B: case 0x0C: case 0x1C: case 0x1D: case 0x1E: case 0x85: case 0x2028: case 0x2029:
        return true;
      default:
        return false;
    }
  }

  /** {@code text.splitlines()} (without {@code keepends}). */
  public static List<String> splitlines(String text) {
    return pieces(text, splitlinesSpans(text));
  }

  /**
   * {@code text.splitlines()} as {@code [start0, end0, start1, end1, ...]}; the array length is twice the number of
   * lines.
   */
  public static int[] splitlinesSpans(String text) {
    IntList spans = new IntList(16);
    int n = text.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (isLineBreak(c)) {
        spans.add(start);
        spans.add(i);
        i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    // Python drops the empty piece after a final line break (and returns [] for "").
    if (start < n) {
      spans.add(start);
      spans.add(n);
    }
    return spans.toArray();
  }

  /** {@code text.split("\n")}: keeps empty pieces, including a trailing one. */
  public static List<String> splitNewline(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        out.add(text.substring(start));
        return out;
      }
      out.add(text.substring(start, nl));
      start = nl + 1;
    }
  }

  /**
   * {@code re.finditer(r"[^\n]*\n|[^\n]+$", text)}, RedPajama-V2's lines: each piece runs up to and including its
   * {@code \n}, and the text after the last {@code \n} is a last piece when it is not empty; so {@code "a\n\nb"}
   * gives {@code ["a\n", "\n", "b"]}, {@code "a\n"} gives {@code ["a\n"]} and {@code ""} gives {@code []}. Only
   * {@code \n} breaks lines ({@code \r} and U+2028 stay inside them), and no piece is empty.
   */
  public static List<String> splitKeepNewline(String text) {
    return pieces(text, splitKeepNewlineSpans(text));
  }

  /** {@link #splitKeepNewline(String)} as {@code [start, end)} pairs; the {@code \n} is inside its span. */
  public static int[] splitKeepNewlineSpans(String text) {
    IntList spans = new IntList(16);
    int n = text.length();
    int start = 0;
    while (start < n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl + 1;
      spans.add(start);
      spans.add(end);
      start = end;
    }
    return spans.toArray();
  }

  /** {@code re.split("\n+", text)}. */
  public static List<String> splitNewlineRuns(String text) {
    return pieces(text, splitNewlineRunsSpans(text, 0, text.length(), 1));
  }

  /** {@code re.split("\n+", text)} as {@code [start, end)} pairs. */
  public static int[] splitNewlineRunsSpans(String text) {
    return splitNewlineRunsSpans(text, 0, text.length(), 1);
  }

  /**
   * {@code re.split("\n{2,}", text.strip())}: Gopher's paragraphs. {@code strip()} removes Python whitespace at both
   * ends first, so a whitespace-only text is one empty paragraph.
   */
  public static List<String> splitParagraphs(String text) {
    return pieces(text, splitParagraphsSpans(text));
  }

  /** {@link #splitParagraphs(String)} as {@code [start, end)} pairs into the unstripped text. */
  public static int[] splitParagraphsSpans(String text) {
    int from = stripStart(text, 0, text.length());
    int to = stripEnd(text, from, text.length());
    return splitNewlineRunsSpans(text, from, to, 2);
  }

  /**
   * Splits {@code text[from, to)} on runs of at least {@code minRun} newlines, like {@code re.split} with
   * {@code \n+} or {@code \n{2,}}: shorter runs stay inside a piece, an empty piece appears where a separator is at
   * either end of the range.
   */
  static int[] splitNewlineRunsSpans(String text, int from, int to, int minRun) {
    IntList spans = new IntList(16);
    int start = from;
    int i = from;
    while (i < to) {
      int nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= to) {
        break;
      }
      int runEnd = nl + 1;
      while (runEnd < to && text.charAt(runEnd) == '\n') {
        runEnd++;
      }
      if (runEnd - nl >= minRun) {
        spans.add(start);
        spans.add(nl);
        start = runEnd;
      }
      i = runEnd;
    }
    spans.add(start);
    spans.add(to);
    return spans.toArray();
  }

  /** Python's {@code str.strip()} (whitespace as {@code str.isspace()} defines it). */
  public static String strip(String text) {
    int from = stripStart(text, 0, text.length());
    int to = stripEnd(text, from, text.length());
    return text.substring(from, to);
  }

  /** Index of the first non-whitespace character of {@code text[from, to)}, or {@code to}. */
  static int stripStart(CharSequence text, int from, int to) {
    int i = from;
    while (i < to && Whitespace.isPythonSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** End of {@code text[from, to)} without its trailing whitespace. */
  static int stripEnd(CharSequence text, int from, int to) {
    int i = to;
    while (i > from && Whitespace.isPythonSpace(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static List<String> pieces(String text, int[] spans) {
    List<String> out = new ArrayList<>(spans.length / 2);
    for (int k = 0; k < spans.length; k += 2) {
      out.add(text.substring(spans[k], spans[k + 1]));
    }
    return out;
  }

  /** A growable int array, to collect spans without boxing. */
  static final class IntList {
    private int[] a;
    private int n;

    IntList(int capacity) {
      a = new int[Math.max(4, capacity)];
    }

    void add(int v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    int get(int i) {
      return a[i];
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
