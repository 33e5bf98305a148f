package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  private final SentenceSplitter splitter = new SentenceSplitter();

  @Test
  void splitsAfterTerminatorsBeforeACapitalDigitOrQuote() {
    assertEquals(List.of("Good muffins cost $3.88\nin New York.", "Please buy me\ntwo of them.", "Thanks."),
        splitter.split("Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks."));
    assertEquals(List.of("Really?!", "Yes.", "3 more.", "\"Quoted\" next."),
        splitter.split("Really?! Yes. 3 more. \"Quoted\" next."));
    assertEquals(List.of("Wait...", "Then"), splitter.split("Wait... Then"));
  }

  @Test
  void doesNotSplitBeforeLowercaseOrWithoutWhitespace() {
    assertEquals(List.of("it ended. then more"), splitter.split("it ended. then more"));
    assertEquals(List.of("version 3.14 and x.Y"), splitter.split("version 3.14 and x.Y"));
  }

  @Test
  void keepsAbbreviationsInitialsAndDottedWordsTogether() {
    assertEquals(List.of("Mr. Smith met Dr. Jones and Prof. X at 5 p.m. Sharp."),
        splitter.split("Mr. Smith met Dr. Jones and Prof. X at 5 p.m. Sharp."));
    assertEquals(List.of("The U.S. Army, e.g. Units, and J. R. R. Tolkien (approx. Ten) etc. Next"),
        splitter.split("The U.S. Army, e.g. Units, and J. R. R. Tolkien (approx. Ten) etc. Next"));
    // but an ordinary word's period does end the sentence
    assertEquals(List.of("He left.", "Smith stayed."), splitter.split("He left. Smith stayed."));
  }

  @Test
  void closingQuotesAndBracketsStayWithTheirSentence() {
    assertEquals(List.of("He said \"Go.\"", "Then (he left.)", "Done."),
        splitter.split("He said \"Go.\" Then (he left.) Done."));
  }

  @Test
  void spansFollowPunkt() {
    // the first sentence keeps the leading whitespace, later ones start at their first character, the last one
    // runs to the end of the text
    String text = "  One. Two.\n";
    assertArrayEquals(new int[] {0, 6, 7, 12}, splitter.spans(text));
  }

  @Test
  void unicodeSentences() {
    assertEquals(List.of("Это тест.", "Второе предложение!", "Ελληνικά."),
        splitter.split("Это тест. Второе предложение! Ελληνικά."));
    // CJK full stops are not terminators here (nor for Punkt's English model)
    assertEquals(List.of("我爱北京。你好。"), splitter.split("我爱北京。你好。"));
    assertEquals(List.of("Line one.", "Line two."), splitter.split("Line one.\r\nLine two."));
    assertEquals(List.of("Alpha.", "Beta."), splitter.split("Alpha.\u2028Beta."));
    // a single capital before a period is taken for an initial
    assertEquals(List.of("Plan A. Then"), splitter.split("Plan A. Then"));
  }

  @Test
  void blankTextHasNoSentences() {
    assertEquals(List.of(), splitter.split(""));
    assertEquals(List.of(), splitter.split(" \n\u3000"));
    assertEquals(List.of("no terminator"), splitter.split("no terminator"));
  }

  @Test
  void largeTextIsLinear() {
    String text = "A sentence with words. Another one, Mr. Brown said! ".repeat(100_000); // 5.2 MB
    long start = System.nanoTime();
    int[] spans = splitter.spans(text);
    assertEquals(2 * 200_000, spans.length);
    assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
  }
}
