package dev.sieve.transforms.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a document into lines or paragraphs for sub-document dedup (CCNet/Dolma style), and rewrites it without
 * some of them.
 *
 * <ul>
 *   <li>Lines: the parts of {@code text.split("\n")}; a trailing {@code \r} belongs to the line.
 *   <li>Paragraphs: maximal runs of non-blank lines (blank = whitespace only).
 * </ul>
 *
 * Blank lines are never segments: they are not counted and never removed on their own. A segment's key is the
 * 128-bit {@link ContentHash} of its whitespace-collapsed text, so reformatted copies of a line match.
 */
public final class Segments {

  /** What a document is split into. */
  public enum Unit {
    LINES, PARAGRAPHS
  }

  /** One segment: its position among the document's segments, its span [start, end) and its 128-bit key. */
  public record Segment(int index, int start, int end, long keyHigh, long keyLow) {}

  private Segments() {}

  public static List<Segment> split(String text, Unit unit) {
    List<int[]> spans = unit == Unit.LINES ? lines(text) : paragraphs(text);
    List<Segment> out = new ArrayList<>(spans.size());
    ContentHash hash = new ContentHash();
    for (int[] s : spans) {
      String key = hash.hex128(Whitespace.collapse(text.substring(s[0], s[1])));
      out.add(new Segment(out.size(), s[0], s[1],
          Long.parseUnsignedLong(key.substring(0, 16), 16), Long.parseUnsignedLong(key.substring(16), 16)));
    }
    return out;
  }

  /** Non-blank lines as [start, end) spans. */
  static List<int[]> lines(String text) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    while (start <= n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      if (!Whitespace.isBlank(text.substring(start, end))) {
        out.add(new int[] {start, end});
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return out;
  }

  /** Runs of consecutive non-blank lines as [start, end) spans. */
  static List<int[]> paragraphs(String text) {
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    int n = text.length();
    while (start <= n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      lines.add(new int[] {start, end, Whitespace.isBlank(text.substring(start, end)) ? 1 : 0});
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    List<int[]> out = new ArrayList<>();
    int[] open = null;
    for (int[] l : lines) {
      if (l[2] == 1) {
        if (open != null) {
          out.add(open);
          open = null;
        }
      } else if (open == null) {
        open = new int[] {l[0], l[1]};
      } else {
        open[1] = l[1];
      }
    }
    if (open != null) {
      out.add(open);
    }
    return out;
  }

  /**
   * The text without the segments whose indexes are given: each removed segment goes with the line break that
   * follows it (or, for the last segment, the one before it), so no empty lines are left in its place.
   */
  public static String remove(String text, Unit unit, int[] indexes) {
    if (indexes == null || indexes.length == 0) {
      return text;
    }
    List<int[]> spans = unit == Unit.LINES ? lines(text) : paragraphs(text);
    boolean[] drop = new boolean[spans.size()];
    for (int i : indexes) {
      if (i >= 0 && i < drop.length) {
        drop[i] = true;
      }
    }
    StringBuilder sb = new StringBuilder(text.length());
    int cursor = 0;
    for (int i = 0; i < spans.size(); i++) {
      if (!drop[i]) {
        continue;
      }
      int[] s = spans.get(i);
      int from = s[0];
      int to = s[1];
      // Take the following line break(s) up to the next segment, so the removed part leaves no gap.
      int next = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
      if (to < next) {
        to = next;
      } else if (i + 1 == spans.size()) {
        // Last segment: eat the break before it instead.
        while (from > cursor && text.charAt(from - 1) == '\n') {
          from--;
        }
      }
      sb.append(text, cursor, Math.max(cursor, from));
      cursor = Math.max(cursor, to);
    }
    sb.append(text, Math.min(cursor, text.length()), text.length());
    return sb.toString();
  }

  /** Sorted, distinct copy of the indexes (for callers that collect them unordered). */
  public static int[] sorted(int[] indexes) {
    return Arrays.stream(indexes).sorted().distinct().toArray();
  }
}
