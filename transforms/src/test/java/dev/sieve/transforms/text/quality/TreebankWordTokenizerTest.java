package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected tokens are NLTK 3.x's: {@code NLTKWordTokenizer().tokenize(text)} for the single-sentence mode, and that
 * applied sentence by sentence for {@code tokenizeDocument}.
 */
class TreebankWordTokenizerTest {

  private final TreebankWordTokenizer single = new TreebankWordTokenizer();
  private final TreebankWordTokenizer document = TreebankWordTokenizer.wordTokenize();

  private static List<String> tokens(String spaceSeparated) {
    return spaceSeparated.isEmpty() ? List.of() : Arrays.asList(spaceSeparated.split(" "));
  }

  private void assertSingle(String text, String expected) {
    assertEquals(tokens(expected), single.tokenizeSentence(text), () -> "text: " + text);
  }

  @Test
  void goodMuffinsSentenceBySentenceSplitsEveryFinalPeriod() {
    String text = "Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.";
    assertEquals(tokens("Good muffins cost $ 3.88 in New York . Please buy me two of them . Thanks ."),
        document.tokenize(text));
    assertEquals(document.tokenize(text), single.tokenizeDocument(text));
  }

  @Test
  void goodMuffinsAsOneSentenceSplitsOnlyTheLastPeriod() {
    assertSingle("Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.",
        "Good muffins cost $ 3.88 in New York. Please buy me two of them. Thanks .");
  }

  @Test
  void modeSelectsWhatTokenizeDoes() {
    assertEquals(TreebankWordTokenizer.Mode.SINGLE_SENTENCE, single.mode());
    assertEquals(TreebankWordTokenizer.Mode.SENTENCES, document.mode());
    assertEquals(tokens("One. Two ."), single.tokenize("One. Two."));
    assertEquals(tokens("One . Two ."), document.tokenize("One. Two."));
  }

  @Test
  void contractionsAndClitics() {
    assertSingle("They'll save and invest more.", "They 'll save and invest more .");
    assertSingle("hi, my name can't hello,", "hi , my name ca n't hello ,");
    assertSingle("Don't WON'T they're THEY'RE I'm you've we'd", "Do n't WO N'T they 're THEY 'RE I 'm you 've we 'd");
    assertSingle("It's 5:30, isn't it?", "It 's 5:30 , is n't it ?");
    assertSingle("I'd've", "I'd 've");
    assertSingle("rock'n'roll o'clock", "rock'n'roll o'clock");
  }

  @Test
  void contractionWordsAreCutInTwo() {
    assertSingle("I cannot, gonna, wanna go, gotta, gimme, lemme, d'ye, more'n",
        "I can not , gon na , wan na go , got ta , gim me , lem me , d 'ye , more 'n");
    // wanna only before whitespace; (?i) also folds the dotless i, as Python's re does
    assertSingle("wanna.", "wan na .");
    assertSingle("wanna-go", "wanna-go");
    assertSingle("gımme GONNA Wanna", "gım me GON NA Wan na");
  }

  @Test
  void tisAndTwasAfterTheOpeningApostropheRule() {
    // The opening-apostrophe rule splits "'Tis" first, so CONTRACTIONS3 rarely fires ...
    assertSingle("'Tis the season", "' Tis the season");
    assertSingle("'twas 'Tis", "' twas ' Tis");
    // ... but it does after a word, and the two rules are separate substitutions
    assertSingle("cannot'tis", "can not 't is");
  }

  @Test
  void quotes() {
    assertSingle("\"Hello,\" she said.", "`` Hello , '' she said .");
    assertSingle("I said 'hello' to them.", "I said ' hello ' to them .");
    assertSingle("‘single’ „low“", "‘ single ’ „ low “");
    assertSingle("«Bonjour» dit-il.", "« Bonjour » dit-il .");
    assertSingle("``tick`` ```", "`` tick `` `` `");
    // a " opens only at the start or after a space (U+0020) or ( [ { <; after a newline it closes
    assertSingle("  \"x", "`` x");
    assertSingle("\n\"x", "'' x");
    assertSingle("He said \"Go.\" Then", "He said `` Go. '' Then");
  }

  @Test
  void punctuation() {
    assertSingle("x@y #tag $5 50% a&b a;b", "x @ y # tag $ 5 50 % a & b a ; b");
    assertSingle("(a) [b] {c} <d>", "( a ) [ b ] { c } < d >");
    assertSingle("Wait... what?!", "Wait ... what ? !");
    assertSingle("Wait… what", "Wait… what");
    assertSingle("a --- b ---- c", "a -- - b -- -- c");
    assertSingle("\u2014em\u2013en", "\u2014 em \u2013 en");
    assertSingle("*bold*", "* bold *");
    assertSingle("The price is $1,000,000 (approx.) today.", "The price is $ 1,000,000 ( approx. ) today .");
  }

  @Test
  void numbersKeepTheirSeparators() {
    assertSingle("3,36 euros", "3,36 euros");
    assertSingle("1,000,000.5 a:b 3:30", "1,000,000.5 a : b 3:30");
    // a comma consumes the character after it: the second comma of ",," stays glued to what follows
    assertSingle("a,,b", "a , ,b");
    // Unicode digits count as digits (mathematical bold digits, outside the BMP)
    assertSingle("\uD835\uDFCE,\uD835\uDFCF x,\uD835\uDFCE", "\uD835\uDFCE,\uD835\uDFCF x,\uD835\uDFCE");
  }

  @Test
  void finalPeriodRule() {
    assertSingle("end. )", "end . )");
    assertSingle("end.\n)", "end. )");
    assertSingle("e.g. the U.S. army.", "e.g. the U.S. army .");
    assertSingle("The U.S.", "The U.S .");
    assertSingle(".", ".");
    assertSingle(" .", ".");
  }

  @Test
  void unicodeAndCjk() {
    assertSingle("naïve café résumé.", "naïve café résumé .");
    assertSingle("😀 emoji, ok.", "😀 emoji , ok .");
    assertSingle("Він сказав: «Привіт!»", "Він сказав : « Привіт ! »");
    assertSingle("Ελληνικά, κείμενο.", "Ελληνικά , κείμενο .");
    // No spaces: a CJK run is one token, apart from the punctuation NLTK knows (not 。 ， ： ！).
    assertSingle("我爱北京天安门。他说：“你好！”", "我爱北京天安门。他说： “ 你好！ ”");
    assertSingle("Ｈｅｌｌｏ，世界", "Ｈｅｌｌｏ，世界");
  }

  @Test
  void allPythonWhitespaceSeparates() {
    assertSingle("line one\r\nline two\u2028three\ffour.", "line one line two three four .");
    assertSingle("a\u00a0b\u3000c\u0085d", "a b c d");
    // zero-width space is not whitespace
    assertSingle("a\u200bb", "a\u200bb");
  }

  @Test
  void emptyAndBlank() {
    assertEquals(List.of(), single.tokenize(""));
    assertEquals(List.of(), document.tokenize(""));
    assertEquals(List.of(), single.tokenize(" \n\t\u2028 "));
    assertEquals(List.of(), document.tokenize(" \n\t\u2028 "));
  }

  @Test
  void tokensAreStrippedNonEmptyAndUnmodifiable() {
    List<String> out = document.tokenize("  Some text, with \"quotes\" and (parens).\n\nNext one!  ");
    for (String t : out) {
      assertTrue(!t.isEmpty() && t.equals(t.strip()), t);
    }
    assertThrows(UnsupportedOperationException.class, () -> out.add("x"));
  }

  @Test
  void lastResultIsReusedForTheSameString() {
    String text = new String("Same text. Twice.");
    List<String> first = document.tokenize(text);
    assertSame(first, document.tokenize(text));
    assertSame(first, TreebankWordTokenizer.wordTokenize().tokenize(text));
    // another mode or another string object is tokenized afresh, with equal results for equal text
    assertEquals(tokens("Same text. Twice ."), single.tokenize(text));
    assertEquals(first, document.tokenize(new String(text)));
  }

  @Test
  void countTokensCountsWhatTokenizeReturns() {
    // Random strings over the characters the rules look at, in both modes: the counting path must agree with the
    // tokens on every chunk shape (fast path, contractions, quotes, final periods, the full pipeline).
    String[] pieces = {"a", "Zeb", "7", "3.5", " ", "  ", "\n", "\t", "\u00a0", ".", "..", "...", ",", ":", ";", "!",
        "?", "'", "\"", "``", "''", "-", "--", "(", ")", "[", "]", "{", "}", "<", ">", "&", "$", "%", "#", "@",
        "can't", "I'm", "gonna", "'tis", "don't", "Mr.", "e.g.", "U.S.", "\u00e9t\u00e9", "\u4e2d\u6587", "\u201c",
        "\u201d", "\u2019", "\ud83d\ude00", "x,y", "1,000", "a:b"};
    java.util.Random random = new java.util.Random(42);
    TreebankWordTokenizer[] modes = {single, document};
    for (int k = 0; k < 20_000; k++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(24);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      for (TreebankWordTokenizer t : modes) {
        int expected = t.tokenize(new String(text)).size();
        assertEquals(expected, t.countTokens(new String(text)), () -> t.mode() + " text: " + text);
      }
    }
    // served from the last tokenization of the same string
    String text = new String("Counted once. Twice.");
    assertEquals(document.tokenize(text).size(), document.countTokens(text));
  }

  @Test
  void largeDocumentIsFast() {
    String sentence = "The quick brown fox, who can't stop, jumps over the lazy dog's \"kennel\" (again). ";
    int copies = 5_000_000 / sentence.length() + 1;
    String text = sentence.repeat(copies);
    long start = System.nanoTime();
    List<String> out = document.tokenize(text);
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<String> one = document.tokenize(sentence);
    assertEquals(one.size() * copies, out.size());
    assertEquals(one, out.subList(out.size() - one.size(), out.size()));
    assertTrue(millis < 10_000, "took " + millis + " ms");
  }
}
