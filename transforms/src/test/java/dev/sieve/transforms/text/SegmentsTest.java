package dev.sieve.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentsTest {

  @Test
  void linesSkipBlankOnes() {
    List<Segments.Segment> s = Segments.split("alpha\n\n  beta  \n\t\ngamma", Segments.Unit.LINES);
    assertEquals(3, s.size());
    assertEquals(0, s.get(0).index());
    assertEquals(2, s.get(2).index());
    assertEquals("gamma", "alpha\n\n  beta  \n\t\ngamma".substring(s.get(2).start(), s.get(2).end()));
  }

  @Test
  void keysIgnoreWhitespaceDifferences() {
    List<Segments.Segment> a = Segments.split("Cookie   policy", Segments.Unit.LINES);
    List<Segments.Segment> b = Segments.split("  Cookie policy\t", Segments.Unit.LINES);
    List<Segments.Segment> c = Segments.split("cookie policy", Segments.Unit.LINES);
    assertEquals(a.get(0).keyHigh(), b.get(0).keyHigh());
    assertEquals(a.get(0).keyLow(), b.get(0).keyLow());
    assertNotEquals(a.get(0).keyLow(), c.get(0).keyLow(), "case matters");
  }

  @Test
  void paragraphsAreRunsOfNonBlankLines() {
    String t = "p1 line a\np1 line b\n\n\np2\n \np3";
    List<Segments.Segment> s = Segments.split(t, Segments.Unit.PARAGRAPHS);
    assertEquals(3, s.size());
    assertEquals("p1 line a\np1 line b", t.substring(s.get(0).start(), s.get(0).end()));
    assertEquals("p3", t.substring(s.get(2).start(), s.get(2).end()));
  }

  @Test
  void removingLinesLeavesNoGaps() {
    String t = "keep one\nShare this article\nkeep two\nShare this article\n";
    assertEquals("keep one\nkeep two\n", Segments.remove(t, Segments.Unit.LINES, new int[] {1, 3}));
    assertEquals("b", Segments.remove("a\nb", Segments.Unit.LINES, new int[] {0}));
    assertEquals("a", Segments.remove("a\nb", Segments.Unit.LINES, new int[] {1}));
    assertEquals("a\n", Segments.remove("a\nb\n", Segments.Unit.LINES, new int[] {1}));
    assertEquals("", Segments.remove("a\nb", Segments.Unit.LINES, new int[] {0, 1}));
    assertEquals(t, Segments.remove(t, Segments.Unit.LINES, new int[0]));
  }

  @Test
  void removingParagraphs() {
    String t = "intro\n\nMenu\nHome | About\n\nbody text";
    assertEquals("intro\n\nbody text", Segments.remove(t, Segments.Unit.PARAGRAPHS, new int[] {1}));
    assertEquals("Menu\nHome | About\n\nbody text", Segments.remove(t, Segments.Unit.PARAGRAPHS, new int[] {0}));
    assertEquals("intro\n\nMenu\nHome | About", Segments.remove(t, Segments.Unit.PARAGRAPHS, new int[] {2}));
  }
}
