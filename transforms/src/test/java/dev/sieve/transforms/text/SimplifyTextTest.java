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
}
