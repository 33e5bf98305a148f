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
  void isPythonSpaceIsExactlyStrIsspaceOverAllCodePoints() {
    // [cp for cp in range(0x110000) if chr(cp).isspace()] in Python 3
    java.util.Set<Integer> python = java.util.Set.of(0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x001C, 0x001D, 0x001E, 0x001F, 0x0020, 0x0085, 0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000);
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      assertEquals(python.contains(cp), Whitespace.isPythonSpace(cp), "U+" + Integer.toHexString(cp));
    }
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
