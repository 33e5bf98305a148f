package dev.sieve.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SimplifyTextTest {

  @Test
  void lowercasesAndTurnsPunctuationIntoSpaces() {
    assertEquals("hello world", SimplifyText.apply("Hello, World!"));
    assertEquals("it s a test", SimplifyText.apply("It's a test."));
    assertEquals("a b c", SimplifyText.apply("a/b—c"));
  }

  @Test
  void digitRunsWithOneDecimalSeparatorBecomeZero() {
    assertEquals("price 0 eur on 0 0 0", SimplifyText.apply("Price 3.50 EUR on 2024-05-17"));
    assertEquals("0 items", SimplifyText.apply("1,000 items"));
    // Only one separator joins: "1.2.3" is "1.2" then "." then "3".
    assertEquals("0 0", SimplifyText.apply("1.2.3"));
    // Digits of other scripts count too (Arabic-Indic).
    assertEquals("0", SimplifyText.apply("\u0661\u0662\u0663"));
  }

  @Test
  void collapsesWhitespaceAndStrips() {
    assertEquals("a b", SimplifyText.apply("  a \t\n\u00a0 b  "));
  }

  @Test
  void dropsCombiningMarksAfterNfdButKeepsCompatibilityForms() {
    assertEquals("cafe naive", SimplifyText.apply("Café naïve"));
    // No NFKC: the ligature ﬁ stays.
    assertEquals("\ufb01ne", SimplifyText.apply("\ufb01ne"));
  }

  @Test
  void controlCharactersBecomeSpaces() {
    assertEquals("a b", SimplifyText.apply("a\u0001b"));
    assertEquals("a b", SimplifyText.apply("a\u0085b"));
  }

  @Test
  void cjkPunctuationIsRemoved() {
    assertEquals("你好 世界", SimplifyText.apply("你好，世界。"));
  }

  @Test
  void textsThatDifferOnlyInCaseAndPunctuationAgree() {
    assertEquals(SimplifyText.apply("The quick brown fox -- jumps!"),
        SimplifyText.apply("the Quick Brown fox jumps"));
  }

  @Test
  void emptyStaysEmpty() {
    assertEquals("", SimplifyText.apply(""));
    assertEquals("", SimplifyText.apply("?!  ..."));
  }

  @Test
  void asciiFastPathEqualsTheGeneralPath() {
    // Random strings over an alphabet dense in the cases that matter: digits and separators, punctuation (ASCII
    // and not), control characters, every kind of whitespace, letters of both cases, and one accented letter
    // (which must take the general path).
    String alphabet = "aZ09.,;:-_'\"!?()[]{}<>/\\|@#$%^&*+=~`\t\n\u000b\f\r\u001c\u001f\u0000\u0007\u007f  xY5"
        + "\u2019\u201c\u201d\u2014\u2013\u2026\u00ab\u00bb\u3001\u00a0\u0085\u2028\u3000\u0080\u009f\u00e9";
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(24);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      String fast = SimplifyText.applyAscii(text);
      assertEquals(text.indexOf('\u00e9') < 0, fast != null, () -> "path taken for " + escape(text));
      if (fast != null) {
        assertEquals(SimplifyText.applyGeneral(text), fast, () -> "for " + escape(text));
      }
    }
    assertEquals(null, SimplifyText.applyAscii("café"));
    // A full-width digit is in datatrove's punctuation set but is a digit first: not for the fast path.
    assertEquals(null, SimplifyText.applyAscii("a\uff11b"));
    assertEquals("a 0 b", SimplifyText.apply("a \uff11 b"));
    assertEquals("cafe", SimplifyText.apply("Café"));
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.append('"').toString();
  }
}
