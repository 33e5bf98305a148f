package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.FilterResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class C4FilterTest {

  private static final C4Filter C4 = new C4Filter();

  /** Five one-sentence lines that pass every line rule. */
  private static final String GOOD = String.join("\n",
      "The quick brown fox jumps over the lazy dog.",
      "It was a bright cold day in April.",
      "Do you like green eggs and ham?",
      "What a wonderful world this is!",
      "We walked home along the river.");

  private static double signal(FilterResult r, String name) {
    Double v = r.signals().get(name);
    assertTrue(v != null, "missing signal " + name + " in " + r.signals());
    return v;
  }

  private static String reason(FilterResult r) {
    return r.verdict().reason();
  }

  /** GOOD plus the given lines, one per line. */
  private static String goodWith(String... lines) {
    return GOOD + "\n" + String.join("\n", lines);
  }

  @Test
  void nameAndDefaults() {
    assertEquals("c4", C4.name());
    C4Filter.Settings d = C4Filter.Settings.defaults();
    assertTrue(d.splitParagraph() && d.removeCitations() && d.filterNoTerminalPunct());
    assertEquals(5, d.minNumSentences());
    assertEquals(3, d.minWordsPerLine());
    assertEquals(1000, d.maxWordLength());
    assertTrue(d.filterLoremIpsum() && d.filterJavascript() && d.filterCurlyBracket() && d.filterPolicy());
    C4Filter.Settings t = C4Filter.Settings.tfdsC4();
    assertEquals(5, t.minWordsPerLine());
    assertEquals(3, t.minNumSentences());
  }

  @Test
  void sentenceModeIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new C4Filter.Settings(false, true, true, 5, 3, 1000, true, true, true, true));
    assertThrows(IllegalArgumentException.class,
        () -> new C4Filter.Settings(true, true, true, 5, 3, -2, true, true, true, true));
  }

  @Test
  void goodDocumentPassesAndDroppedLinesAreGone() {
    String text = String.join("\n",
        "The quick brown fox jumps over the lazy dog.", // 1 sentence
        "Menu", // no terminal punctuation
        "It was a sunny day. We went outside!", // 2 sentences
        "Click here.", // 2 words < 3
        "Do you like green eggs and ham?", // 1
        "She said \"hello there friend.\"", // ends with a double quote: 1
        "Is this the 'last one'", // ends with a single quote: 1
        "Share this page", // no terminal punctuation
        "");
    FilterResult r = C4.apply(text);
    assertTrue(r.verdict().kept(), r.verdict().toString());
    assertEquals(String.join("\n",
        "The quick brown fox jumps over the lazy dog.",
        "It was a sunny day. We went outside!",
        "Do you like green eggs and ham?",
        "She said \"hello there friend.\"",
        "Is this the 'last one'"), r.text());
    assertEquals(8, signal(r, C4Filter.SIGNAL_LINES_TOTAL)); // the final "\n" starts no line
    assertEquals(5, signal(r, C4Filter.SIGNAL_LINES_KEPT));
    assertEquals(2, signal(r, C4Filter.SIGNAL_DROPPED_NO_TERMINAL_PUNCT));
    assertEquals(1, signal(r, C4Filter.SIGNAL_DROPPED_TOO_FEW_WORDS));
    assertEquals(0, signal(r, C4Filter.SIGNAL_DROPPED_JAVASCRIPT));
    assertEquals(0, signal(r, C4Filter.SIGNAL_DROPPED_POLICY));
    assertEquals(0, signal(r, C4Filter.SIGNAL_DROPPED_LONG_WORD));
    assertEquals(0, signal(r, C4Filter.SIGNAL_CITATIONS_REMOVED));
    assertEquals(6, signal(r, C4Filter.SIGNAL_SENTENCES));
    assertEquals(9, r.signals().size());
  }

  @Test
  void unchangedTextIsNotReturned() {
    FilterResult r = C4.apply(GOOD);
    assertTrue(r.verdict().kept());
    assertNull(r.text());
    // a trailing newline is removed by the final strip, so the text changes
    FilterResult r2 = C4.apply(GOOD + "\n");
    assertEquals(GOOD, r2.text());
  }

  @Test
  void linesAreStrippedOfPythonWhitespace() {
    FilterResult r = C4.apply(goodWith("  \u00a0\u3000Hello there my friend.\t "));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nHello there my friend.", r.text());
  }

  @Test
  void emptyTextHasTooFewSentences() {
    FilterResult r = C4.apply("");
    assertFalse(r.verdict().kept());
    assertEquals("too_few_sentences", reason(r));
    assertEquals(0, signal(r, C4Filter.SIGNAL_LINES_TOTAL));
    assertEquals(0, signal(r, C4Filter.SIGNAL_SENTENCES));
    assertNull(r.text());
    // min_num_sentences = -1 disables the check: the empty document passes unchanged
    C4Filter lax = new C4Filter(new C4Filter.Settings(true, true, true, -1, 3, 1000, true, true, true, true));
    FilterResult r2 = lax.apply("");
    assertTrue(r2.verdict().kept());
    assertNull(r2.text());
  }

  @Test
  void tooFewSentences() {
    String four = String.join("\n",
        "The quick brown fox jumps over the lazy dog.",
        "It was a bright cold day in April.",
        "Do you like green eggs and ham?",
        "What a wonderful world this is!");
    FilterResult r = C4.apply(four);
    assertEquals("too_few_sentences", reason(r));
    assertEquals(4, signal(r, C4Filter.SIGNAL_SENTENCES));
    assertNull(r.text());
    // one line with two sentences makes five
    assertTrue(C4.apply(four + "\nIt rained. Then it stopped.").verdict().kept());
  }

  @Test
  void sentenceCounter() {
    assertEquals(2, count("Hello world. How are you?"));
    assertEquals(2, count("Wow!!! Great."));
    assertEquals(1, count("Version 1.2 is out."));
    assertEquals(2, count("See e.g. this."), "an abbreviation followed by a space ends a sentence");
    assertEquals(1, count("No terminal mark"));
    assertEquals(1, count("He said \"stop.\""));
    assertEquals(2, count("One.\u3000Two."), "ideographic space is whitespace");
    assertEquals(0, count(""));
    assertEquals(0, count("   "));
  }

  private static int count(String s) {
    return C4Filter.countSentences(s, 0, s.length());
  }

  @Test
  void noTerminalPunctuationAndEllipsis() {
    FilterResult r = C4.apply(goodWith(
        "And then it went on...", // ellipsis: dropped
        "Wait for it..", // two dots: kept
        "Why would you do that?!", // kept
        "A sentence with a colon:", // dropped
        "A line ending in a space. [1]")); // "A line ending in a space. " after citation removal: dropped
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nWait for it..\nWhy would you do that?!", r.text());
    assertEquals(3, signal(r, C4Filter.SIGNAL_DROPPED_NO_TERMINAL_PUNCT));
    assertEquals(1, signal(r, C4Filter.SIGNAL_CITATIONS_REMOVED));
  }

  @Test
  void terminalPunctuationCanBeSwitchedOff() {
    C4Filter lax = new C4Filter(new C4Filter.Settings(true, true, false, 5, 3, 1000, true, true, true, true));
    FilterResult r = lax.apply(goodWith("Breaking news today", "And so on...", "x"));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nBreaking news today\nAnd so on...", r.text()); // "x": too few words
    assertEquals(0, signal(r, C4Filter.SIGNAL_DROPPED_NO_TERMINAL_PUNCT));
  }

  @Test
  void tooFewWords() {
    FilterResult r = C4.apply(goodWith("Two words.", "Exactly three words.", "  Hi!  ", "Tab\tseparated\twords."));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nExactly three words.\nTab\tseparated\twords.", r.text());
    assertEquals(2, signal(r, C4Filter.SIGNAL_DROPPED_TOO_FEW_WORDS));
  }

  @Test
  void wordsAreCountedBeforeCitationRemoval() {
    // "Yes [1] [2]." has three whitespace-separated words before the citations go
    FilterResult r = C4.apply(goodWith("Yes [1] [2]."));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nYes  .", r.text());
    assertEquals(2, signal(r, C4Filter.SIGNAL_CITATIONS_REMOVED));
  }

  @Test
  void tfdsSettingNeedsFiveWordsAndThreeSentences() {
    C4Filter tfds = new C4Filter(C4Filter.Settings.tfdsC4());
    String text = String.join("\n",
        "This line has five words.",
        "Only four words here.",
        "Here we have six words total.",
        "And a final one with six.");
    FilterResult r = tfds.apply(text);
    assertTrue(r.verdict().kept(), r.verdict().toString());
    assertEquals(String.join("\n",
        "This line has five words.",
        "Here we have six words total.",
        "And a final one with six."), r.text());
    assertEquals(1, signal(r, C4Filter.SIGNAL_DROPPED_TOO_FEW_WORDS));
  }

  @Test
  void longWordsDropTheLine() {
    String w1000 = "a".repeat(999) + "."; // the final full stop belongs to the word
    String w1001 = "a".repeat(1000) + ".";
    FilterResult r = C4.apply(goodWith("Short words then " + w1000, "Short words then " + w1001));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nShort words then " + w1000, r.text());
    assertEquals(1, signal(r, C4Filter.SIGNAL_DROPPED_LONG_WORD));
  }

  @Test
  void wordLengthIsInCodePoints() {
    String smile = new String(Character.toChars(0x1F600)); // two chars, one code point
    C4Filter small = new C4Filter(new C4Filter.Settings(true, true, true, 5, 3, 4, true, true, true, true));
    String fourEmoji = smile.repeat(4); // 8 chars, 4 code points: fits max 4
    String five = "One two six.\nSix two one.\nTwo one six.\nOne six two.\nSix one two.";
    FilterResult r = small.apply(five + "\nYes no " + fourEmoji + " !\nYes no " + smile.repeat(5) + " !");
    assertTrue(r.verdict().kept());
    assertEquals(1, signal(r, C4Filter.SIGNAL_DROPPED_LONG_WORD));
    assertEquals(five + "\nYes no " + fourEmoji + " !", r.text());
  }

  @Test
  void loremIpsumRejectsTheDocument() {
    FilterResult r = C4.apply(goodWith("Lorem Ipsum dolor sit amet."));
    assertFalse(r.verdict().kept());
    assertEquals("lorem_ipsum", reason(r));
    assertEquals(6, signal(r, C4Filter.SIGNAL_LINES_TOTAL));
    assertNull(r.text());
    // only lines that pass the earlier rules are looked at: without terminal punctuation the line is just dropped
    FilterResult r2 = C4.apply(goodWith("lorem ipsum dolor sit amet"));
    assertTrue(r2.verdict().kept());
    assertEquals(GOOD, r2.text());
    // the switch
    C4Filter off = new C4Filter(new C4Filter.Settings(true, true, true, 5, 3, 1000, false, true, true, true));
    assertTrue(off.apply(goodWith("Lorem ipsum dolor sit amet.")).verdict().kept());
  }

  @Test
  void curlyBracketRejectsTheDocument() {
    FilterResult r = C4.apply(goodWith("The set {a, b} is small."));
    assertFalse(r.verdict().kept());
    assertEquals("curly_bracket", reason(r));
    assertFalse(C4.apply(goodWith("Closing brackets } are fine.")).verdict().rejected());
    // a javascript line is dropped before the bracket rule is reached
    FilterResult r2 = C4.apply(goodWith("Enable JavaScript: function() { go(); }."));
    assertTrue(r2.verdict().kept());
    assertEquals(1, signal(r2, C4Filter.SIGNAL_DROPPED_JAVASCRIPT));
  }

  @Test
  void javascriptLinesAreDropped() {
    FilterResult r = C4.apply(goodWith(
        "Please enable JavaScript to view this page.",
        "Your browser does not support JAVASCRIPT!",
        "Java and scripts are different things."));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nJava and scripts are different things.", r.text());
    assertEquals(2, signal(r, C4Filter.SIGNAL_DROPPED_JAVASCRIPT));
  }

  @Test
  void policyLinesAreDropped() {
    FilterResult r = C4.apply(goodWith(
        "Read our Privacy Policy for details.",
        "By using this site you accept the Terms of Use.",
        "This site uses cookies to improve things.",
        "We explain our use of cookies here.",
        "Some pages use cookies sparingly.",
        "See the Cookie Policy below.",
        "This site uses coo\u212Aies too.", // KELVIN SIGN lowercases to k in Python
        "Policies about privacy are nice."));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\nPolicies about privacy are nice.", r.text());
    assertEquals(7, signal(r, C4Filter.SIGNAL_DROPPED_POLICY));
  }

  @Test
  void citationsAreRemoved() {
    FilterResult r = C4.apply(goodWith(
        "Paris is the capital of France.[1]",
        "Water boils at one hundred degrees.[citation needed]",
        "The mountain is very high.[edit]",
        "Arabic-Indic digits [\u0661\u0662] go too.",
        "Empty brackets [] go as well.",
        "Capitalized [Edit] and [Citation needed] stay.",
        "Letters [a1] stay too."));
    assertTrue(r.verdict().kept());
    assertEquals(GOOD + "\n"
        + "Paris is the capital of France.\n"
        + "Water boils at one hundred degrees.\n"
        + "The mountain is very high.\n"
        + "Arabic-Indic digits  go too.\n"
        + "Empty brackets  go as well.\n"
        + "Capitalized [Edit] and [Citation needed] stay.\n"
        + "Letters [a1] stay too.", r.text());
    assertEquals(5, signal(r, C4Filter.SIGNAL_CITATIONS_REMOVED));
  }

  @Test
  void citationRemovalIsOnePass() {
    // like re.sub: "[[1]edit]" loses "[1]" and leaves "[edit]"
    FilterResult r = C4.apply(goodWith("Nested [[1]edit] citations stay."));
    assertEquals(GOOD + "\nNested [edit] citations stay.", r.text());
    assertEquals(1, signal(r, C4Filter.SIGNAL_CITATIONS_REMOVED));
  }

  @Test
  void citationsCanBeKept() {
    C4Filter keep = new C4Filter(new C4Filter.Settings(true, false, true, 5, 3, 1000, true, true, true, true));
    FilterResult r = keep.apply(goodWith("Paris is the capital of France.[1]"));
    assertEquals(GOOD, r.text()); // ends with "]": dropped for punctuation
    assertEquals(0, signal(r, C4Filter.SIGNAL_CITATIONS_REMOVED));
  }

  @Test
  void pythonLineBreaks() {
    String text = "One two three.\r\nFour five six.\u2028Seven eight nine.\fTen eleven twelve.\u0085"
        + "Thirteen fourteen fifteen.\u000bSixteen seventeen eighteen.\rNineteen twenty twentyone."
        + "\u001cA b c.\u001dD e f.\u001eG h i.\u2029J k l.\n";
    FilterResult r = C4.apply(text);
    assertTrue(r.verdict().kept());
    assertEquals(11, signal(r, C4Filter.SIGNAL_LINES_TOTAL));
    assertEquals(11, signal(r, C4Filter.SIGNAL_LINES_KEPT));
    assertEquals("One two three.\nFour five six.\nSeven eight nine.\nTen eleven twelve.\n"
        + "Thirteen fourteen fifteen.\nSixteen seventeen eighteen.\nNineteen twenty twentyone.\n"
        + "A b c.\nD e f.\nG h i.\nJ k l.", r.text());
  }

  @Test
  void blankLinesCountAsLines() {
    FilterResult r = C4.apply("\n\n" + GOOD.replace("\n", "\r\n\r\n"));
    assertTrue(r.verdict().kept());
    // "", "", L1, "", L2, "", L3, "", L4, "", L5: a blank line fails the punctuation rule before the word count
    assertEquals(11, signal(r, C4Filter.SIGNAL_LINES_TOTAL));
    assertEquals(6, signal(r, C4Filter.SIGNAL_DROPPED_NO_TERMINAL_PUNCT));
    assertEquals(0, signal(r, C4Filter.SIGNAL_DROPPED_TOO_FEW_WORDS));
    assertEquals(GOOD, r.text());
  }

  @Test
  void cjkLinesLackC4TerminalPunctuation() {
    // C4's marks are ASCII only: lines ending in the ideographic full stop are dropped
    String text = String.join("\n",
        "今天 天气 很好。", "我们 去 公园。", "你 喜欢 吗？", "这是 一本 书。", "他 很 高兴！");
    FilterResult r = C4.apply(text);
    assertEquals("too_few_sentences", reason(r));
    assertEquals(5, signal(r, C4Filter.SIGNAL_DROPPED_NO_TERMINAL_PUNCT));
    // with ASCII marks the same lines pass
    FilterResult r2 = C4.apply(text.replace('。', '.').replace('？', '?').replace('！', '!'));
    assertTrue(r2.verdict().kept());
    assertEquals(5, signal(r2, C4Filter.SIGNAL_SENTENCES));
  }

  @Test
  void signalsAreReportedOnReject() {
    FilterResult r = C4.apply("Menu\nRead our privacy policy now.\n" + GOOD + "\nThe set {x} is here.\nLast line.");
    assertEquals("curly_bracket", reason(r));
    Map<String, Double> s = r.signals();
    assertEquals(8, s.get(C4Filter.SIGNAL_LINES_TOTAL)); // up to and including the bracket line
    assertEquals(5, s.get(C4Filter.SIGNAL_LINES_KEPT));
    assertEquals(1, s.get(C4Filter.SIGNAL_DROPPED_NO_TERMINAL_PUNCT));
    assertEquals(1, s.get(C4Filter.SIGNAL_DROPPED_POLICY));
    assertEquals(5, s.get(C4Filter.SIGNAL_SENTENCES));
  }

  @Test
  void largeDocumentIsFast() {
    StringBuilder sb = new StringBuilder(5_200_000);
    int i = 0;
    while (sb.length() < 5_000_000) {
      switch (i++ % 6) {
        case 0 -> sb.append("The committee met on Tuesday and approved the budget for ").append(i).append(".\n");
        case 1 -> sb.append("Home | About | Contact\n");
        case 2 -> sb.append("Critics argued that the plan [12] was too expensive; supporters disagreed.\n");
        case 3 -> sb.append("We use cookies to improve your experience.\n");
        case 4 -> sb.append("Ünïcödé téxt wörks tóo, ça va? Ja!\r\n");
        default -> sb.append("\n");
      }
    }
    String text = sb.toString();
    C4.apply(text); // warm up
    long t0 = System.nanoTime();
    FilterResult r = C4.apply(text);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.verdict().kept());
    assertTrue(r.text().length() < text.length());
    assertEquals(-1, r.text().indexOf("cookies"));
    assertEquals(-1, r.text().indexOf("[12]"));
    assertEquals(-1, r.text().indexOf('\r'));
    assertTrue(ms < 3_000, "5 MB took " + ms + " ms");
  }
}
