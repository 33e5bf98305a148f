package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are what CPython 3.11 returns for the same strings. */
class PythonLinesTest {

  @Test
  void isLineBreakIsExactlyWhatStrSplitlinesBreaksOn() {
    // [c for c in range(0x10000) if len(("a" + chr(c) + "b").splitlines()) == 2] in Python 3
    java.util.Set<Character> python = java.util.Set.of('\n', '\u000b', '\u000c', '\r', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029');
    for (int c = 0; c <= 0xFFFF; c++) {
      org.junit.jupiter.api.Assertions.assertEquals(python.contains((char) c), PythonLines.isLineBreak((char) c),
          "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void splitlinesBreaksOnEveryPythonLineBoundary() {
    // "a\u2028b\x1cc\x1dd\x1ee\x85f\u2029g\x0bh\x0ci\rj\r\nk\n".splitlines()
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"),
        PythonLines.splitlines("a\u2028b\u001cc\u001dd\u001ee\u0085f\u2029g\u000bh\u000ci\rj\r\nk\n"));
  }

  @Test
  void splitlinesDropsOnlyTheFinalEmptyPiece() {
    assertEquals(List.of(), PythonLines.splitlines(""));
    assertEquals(List.of(""), PythonLines.splitlines("\n"));
    assertEquals(List.of("a"), PythonLines.splitlines("a\n"));
    assertEquals(List.of("a", ""), PythonLines.splitlines("a\n\n"));
    assertEquals(List.of("", "a"), PythonLines.splitlines("\na"));
    assertEquals(List.of("a", "", "b"), PythonLines.splitlines("a\r\rb"));
    assertEquals(List.of("a", "b"), PythonLines.splitlines("a\r\nb"));
    assertEquals(List.of("a", "", "b"), PythonLines.splitlines("a\n\rb"));
    // not a line break for Python: \x1f, U+000B is; a tab is not
    assertEquals(List.of("a\u001fb\tc"), PythonLines.splitlines("a\u001fb\tc"));
  }

  @Test
  void splitlinesSpansPointIntoTheText() {
    String text = "ab\r\ncd\u2028";
    assertArrayEquals(new int[] {0, 2, 4, 6}, PythonLines.splitlinesSpans(text));
  }

  @Test
  void splitNewlineKeepsEveryPiece() {
    assertEquals(List.of(""), PythonLines.splitNewline(""));
    assertEquals(List.of("", ""), PythonLines.splitNewline("\n"));
    assertEquals(List.of("a", "", "b", ""), PythonLines.splitNewline("a\n\nb\n"));
    // only \n: \r stays with its line, \u2028 is not a separator
    assertEquals(List.of("a\r", "b\u2028c"), PythonLines.splitNewline("a\r\nb\u2028c"));
  }

  @Test
  void splitNewlineRunsTreatsARunAsOneSeparator() {
    assertEquals(List.of(""), PythonLines.splitNewlineRuns(""));
    assertEquals(List.of("", ""), PythonLines.splitNewlineRuns("\n\n\n"));
    assertEquals(List.of("", "a", "b", ""), PythonLines.splitNewlineRuns("\na\n\nb\n"));
    assertEquals(List.of("a\r", " ", "b"), PythonLines.splitNewlineRuns("a\r\n \nb"));
  }

  @Test
  void splitParagraphsStripsThenSplitsOnTwoOrMoreNewlines() {
    // re.split(r"\n{2,}", " \n\na\n\n\nb\nc \n\n".strip())
    assertEquals(List.of("a", "b\nc"), PythonLines.splitParagraphs(" \n\na\n\n\nb\nc \n\n"));
    assertEquals(List.of(""), PythonLines.splitParagraphs(""));
    assertEquals(List.of(""), PythonLines.splitParagraphs(" \n\n\t "));
    assertEquals(List.of("a\n \nb"), PythonLines.splitParagraphs("a\n \nb"));
    assertEquals(List.of("a", "b"), PythonLines.splitParagraphs("a\n\nb"));
  }

  @Test
  void splitKeepNewlineIsRedPajamaLines() {
    // [m.group(0) for m in re.finditer(r"[^\n]*\n|[^\n]+$", t)]
    assertEquals(List.of("a\n", "\n", "b"), PythonLines.splitKeepNewline("a\n\nb"));
    assertEquals(List.of("a\n"), PythonLines.splitKeepNewline("a\n"));
    assertEquals(List.of(), PythonLines.splitKeepNewline(""));
    assertEquals(List.of("\n", "\n"), PythonLines.splitKeepNewline("\n\n"));
    // only \n breaks: \r and U+2028 stay inside the line
    assertEquals(List.of("a\r\n", "b\u2028c\n"), PythonLines.splitKeepNewline("a\r\nb\u2028c\n"));
    assertArrayEquals(new int[] {0, 1}, PythonLines.splitKeepNewlineSpans("x"));
  }

  @Test
  void codePointsIsPythonLen() {
    assertEquals(0, PythonLines.codePoints(""));
    assertEquals(5, PythonLines.codePoints("héllo"));
    assertEquals(2, PythonLines.codePoints("😀x")); // one supplementary character, two UTF-16 units
    assertEquals(2, PythonLines.codePoints("e\u0301")); // a combining mark is its own code point
    assertEquals(3, PythonLines.codePoints("中文。"));
  }

  @Test
  void stripUsesPythonWhitespace() {
    assertEquals("a b", PythonLines.strip("\u3000\u00a0 a b\u2028\u0085"));
    assertEquals("\u200ba", PythonLines.strip("\u200ba"));
    assertEquals("", PythonLines.strip(" \t\n"));
  }

  @Test
  void largeInputIsLinear() {
    String text = "line of text\r\n".repeat(400_000); // 5.6 MB
    long start = System.nanoTime();
    assertEquals(400_000, PythonLines.splitlinesSpans(text).length / 2);
    assertEquals(400_001, PythonLines.splitNewlineRunsSpans(text).length / 2);
    assertEquals(1, PythonLines.splitParagraphsSpans(text).length / 2);
    assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
  }
}
