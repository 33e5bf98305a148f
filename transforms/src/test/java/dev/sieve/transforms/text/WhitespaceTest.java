package dev.sieve.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WhitespaceTest {

  @Test
  void collapseMatchesPythonSplitJoin() {
    // " ".join(s.split()) in Python
    assertEquals("a b c", Whitespace.collapse(" a\t\tb\n\r\u000bc\f "));
    assertEquals("a b", Whitespace.collapse("a\u2028b"));
    assertEquals("a b", Whitespace.collapse("a\u3000\u00a0b"));
    assertEquals("", Whitespace.collapse(" \n\t "));
    assertEquals("x", Whitespace.collapse("x"));
  }

  @Test
  void zeroWidthSpaceIsNotWhitespaceInPython() {
    assertEquals("a\u200bb", Whitespace.collapse("a\u200bb"));
  }

  @Test
  void blank() {
    assertTrue(Whitespace.isBlank(""));
    assertTrue(Whitespace.isBlank(" \n\u00a0\u2029"));
    assertFalse(Whitespace.isBlank(" . "));
  }

  @Test
  void normalizationNames() {
    assertEquals("whitespace", TextNormalization.WHITESPACE.configName());
    assertEquals("a b", TextNormalization.WHITESPACE.apply(" a  b "));
    assertEquals(" a  b ", TextNormalization.NONE.apply(" a  b "));
    assertEquals("a b", TextNormalization.SIMPLIFY.apply(" A, b! "));
  }
}
