package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.text.Whitespace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineWebFilterTest {

  /** Python's {@code str.split()}: tokens are the runs of non-whitespace. */
  static final class SpaceTokenizer implements WordTokenizer {
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> tokenize(String text) {
      List<String> out = new ArrayList<>();
      int start = -1;
      for (int i = 0; i <= text.length(); i++) {
        boolean space = i == text.length() || Whitespace.isPythonSpace(text.charAt(i));
        if (space && start >= 0) {
          out.add(text.substring(start, i));
          start = -1;
        } else if (!space && start < 0) {
          start = i;
        }
      }
      return out;
    }
  }

  /** Returns no tokens at all. */
  static final class NoTokens implements WordTokenizer {
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> tokenize(String text) {
      return List.of();
    }
  }

  private static final FineWebFilter FW = new FineWebFilter(new SpaceTokenizer());

  private static final String L1 = "First line is long enough to count here."; // 40 code points, 8 words
  private static final String L2 = "Second line is also long enough to count."; // 41 code points, 8 words

  private static double signal(FilterResult r, String name) {
    Double v = r.signals().get(name);
    assertTrue(v != null, "missing signal " + name + " in " + r.signals());
    return v;
  }

  private static String reason(FilterResult r) {
    return r.verdict().reason();
  }

  /** Settings with only the punctuation threshold in play. */
  private static FineWebFilter punctOnly(boolean excludeZero) {
    return new FineWebFilter(new SpaceTokenizer(), new FineWebFilter.Settings(0.12, excludeZero, 1, 30, 1, 1e9));
  }

  @Test
  void nameAndDefaults() {
    assertEquals("fineweb", FW.name());
    FineWebFilter.Settings d = FineWebFilter.Settings.defaults();
    assertEquals(0.12, d.linePunctThr());
    assertFalse(d.linePunctExcludeZero());
    assertEquals(0.67, d.shortLineThr());
    assertEquals(30, d.shortLineLength());
    assertEquals(0.01, d.charDuplicatesRatio());
    assertEquals(0.3, d.newLineRatio());
    assertThrows(IllegalArgumentException.class, () -> new FineWebFilter.Settings(1.5, false, 0.67, 30, 0.01, 0.3));
    assertThrows(IllegalArgumentException.class, () -> new FineWebFilter.Settings(0.1, false, 0.67, -1, 0.01, 0.3));
    assertThrows(IllegalArgumentException.class,
        () -> new FineWebFilter.Settings(0.1, false, 0.67, 30, 0.01, Double.NaN));
  }

  @Test
  void goodDocumentPassesWithAllSignals() {
    FilterResult r = FW.apply(L1 + "\n" + L2);
    assertTrue(r.verdict().kept(), r.verdict().toString());
    assertNull(r.text());
    assertEquals(1.0, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO));
    assertEquals(0.0, signal(r, FineWebFilter.SIGNAL_SHORT_LINE_RATIO));
    assertEquals(0.0, signal(r, FineWebFilter.SIGNAL_CHAR_DUP_RATIO));
    assertEquals(1.0 / 16, signal(r, FineWebFilter.SIGNAL_LIST_RATIO));
    assertEquals(4, r.signals().size());
  }

  @Test
  void emptyDocuments() {
    for (String text : new String[] {"", "\n", " \n\t\n\u00a0\u3000", "\r\n\r\n"}) {
      FilterResult r = FW.apply(text);
      assertEquals("empty", reason(r), () -> "for " + text.codePoints().boxed().toList());
      assertTrue(r.signals().isEmpty());
    }
    // a zero-width space is not whitespace in Python: that line is not blank
    assertEquals("line_punct_ratio", reason(FW.apply("\u200b")));
  }

  @Test
  void linePunctuationRatio() {
    // 1 of 10 lines punctuated: 0.1 < 0.12
    List<String> lines = new ArrayList<>();
    lines.add("This line ends with a full stop.");
    for (int i = 0; i < 9; i++) {
      lines.add("Line number " + i + " has no final mark at all");
    }
    FilterResult r = punctOnly(false).apply(String.join("\n", lines));
    assertEquals("line_punct_ratio", reason(r));
    assertEquals(0.1, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO), 1e-12);
    // the cheap signals are all there, the tokenizer-based one is not
    assertTrue(r.signals().containsKey(FineWebFilter.SIGNAL_CHAR_DUP_RATIO));
    assertFalse(r.signals().containsKey(FineWebFilter.SIGNAL_LIST_RATIO));

    // 3 of 25 = 0.12 exactly: not below the threshold
    lines.clear();
    for (int i = 0; i < 25; i++) {
      lines.add("Line number " + i + (i < 3 ? " ends well!" : " trails off"));
    }
    FilterResult r2 = punctOnly(false).apply(String.join("\n", lines));
    assertTrue(r2.verdict().kept(), r2.verdict().toString());
    assertEquals(0.12, signal(r2, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO), 1e-12);
  }

  @Test
  void excludeZeroSparesDocumentsWithoutAnyPunctuatedLine() {
    String text = "A heading without a mark at the end\nAnother line without one either, sadly";
    assertEquals("line_punct_ratio", reason(punctOnly(false).apply(text)));
    assertTrue(punctOnly(true).apply(text).verdict().kept());
    // but a low non-zero ratio still rejects: 1 punctuated line of 10
    String some = text + "\nOnly this one ends properly.\na\nb\nc\nd\ne\nf\ng";
    FilterResult r = punctOnly(true).apply(some);
    assertEquals("line_punct_ratio", reason(r));
    assertEquals(0.1, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO), 1e-12);
  }

  @Test
  void terminalPunctuationIsUnicodeSentenceTerminal() {
    FineWebFilter f = new FineWebFilter(new SpaceTokenizer(), new FineWebFilter.Settings(1.0, false, 1, 30, 1, 1e9));
    // threshold 1.0: every line must be punctuated
    String[] good = {
        "Chinese full stop 今天天气很好。",
        "Fullwidth marks ！",
        "Fullwidth question ？",
        "Halfwidth ideographic ｡",
        "Devanagari danda यह एक वाक्य है।",
        "Arabic question mark هل أنت بخير؟",
        "Armenian full stop ։",
        "Ethiopic full stop ።",
        "Interrobang ‽",
        "Brahmi danda " + new String(Character.toChars(0x11047)),
        "Khmer khan ។",
    };
    for (String line : good) {
      assertTrue(f.apply(line).verdict().kept(), line);
    }
    String[] bad = {
        "Ends with a quote after the stop.\"",
        "Ends with a closing bracket.)",
        "Ends with an ellipsis character…",
        "Ends with a colon:",
        "Ends with a semicolon;",
        "Ends with a space. ",
        "Ends with a carriage return.\r",
        "Ends with an ideographic comma、",
    };
    for (String line : bad) {
      assertEquals("line_punct_ratio", reason(f.apply(line)), line);
    }
  }

  @Test
  void crlfDocumentsHaveNoPunctuatedLines() {
    // datatrove tests the raw line: with \r\n every line ends in \r
    FilterResult r = FW.apply(L1 + "\r\n" + L2 + "\r\n");
    assertEquals("line_punct_ratio", reason(r));
    assertEquals(0.0, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO));
  }

  @Test
  void onlyNewlineSplitsLines() {
    // U+2028, \r, form feed and U+0085 stay inside the line: one long punctuated line
    String text = "One two three four five.\u2028Six seven eight.\fNine ten.\u0085Eleven.\rTwelve thirteen.";
    FilterResult r = FW.apply(text);
    assertTrue(r.verdict().kept(), r.verdict().toString());
    assertEquals(1.0, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO));
    assertEquals(0.0, signal(r, FineWebFilter.SIGNAL_SHORT_LINE_RATIO));
    assertEquals(0.0, signal(r, FineWebFilter.SIGNAL_LIST_RATIO));
  }

  @Test
  void shortLineRatio() {
    String s30 = "a".repeat(29) + "."; // exactly 30 code points: short
    String s31 = "a".repeat(30) + "."; // 31: not short
    // 2 of 3 short = 0.666..., not above 0.67
    FilterResult r = FW.apply(s30 + "\nb" + s30.substring(1) + "\n" + s31);
    assertEquals(2.0 / 3, signal(r, FineWebFilter.SIGNAL_SHORT_LINE_RATIO), 1e-12);
    assertFalse("short_line_ratio".equals(reason(r)));
    // 3 of 4 short = 0.75
    FilterResult r2 = FW.apply(s30 + "\nb" + s30.substring(1) + "\nc" + s30.substring(1) + "\n" + s31);
    assertEquals("short_line_ratio", reason(r2));
    assertEquals(0.75, signal(r2, FineWebFilter.SIGNAL_SHORT_LINE_RATIO));
  }

  @Test
  void lineLengthIsInCodePoints() {
    String smile = new String(Character.toChars(0x1F600));
    String emoji30 = smile.repeat(29) + "."; // 59 chars, 30 code points: short
    FilterResult r = FW.apply(emoji30);
    assertEquals("short_line_ratio", reason(r));
    assertEquals(1.0, signal(r, FineWebFilter.SIGNAL_SHORT_LINE_RATIO));
    FilterResult r2 = FW.apply(smile.repeat(30) + ".");
    assertEquals(0.0, signal(r2, FineWebFilter.SIGNAL_SHORT_LINE_RATIO));
  }

  @Test
  void charDuplicateRatio() {
    String a = "Alpha beta gamma delta epsilon."; // 31
    String b = "Zeta eta theta iota kappa lambda."; // 33
    String c = "Mu nu xi omicron pi rho sigma tau."; // 34
    FilterResult r = FW.apply(a + "\n" + b + "\n" + a + "\n" + c);
    assertEquals("char_dup_ratio", reason(r));
    assertEquals(31.0 / (31 + 33 + 31 + 34), signal(r, FineWebFilter.SIGNAL_CHAR_DUP_RATIO), 1e-12);
    // a third copy counts again; blank lines are never duplicates but their spaces are in the denominator
    FilterResult r2 = FW.apply(a + "\n   \n" + b + "\n" + a + "\n   \n" + a);
    assertEquals(62.0 / (31 * 3 + 33 + 6), signal(r2, FineWebFilter.SIGNAL_CHAR_DUP_RATIO), 1e-12);
  }

  @Test
  void charDuplicateThresholdIsStrict() {
    FineWebFilter dupOnly =
        new FineWebFilter(new SpaceTokenizer(), new FineWebFilter.Settings(0, false, 1, 30, 0.01, 1));
    // the line "x" repeated once: 1 duplicated char in 1 + 98 + 1 = 100, exactly 0.01: kept
    FilterResult r = dupOnly.apply("x\n" + "y".repeat(98) + "\nx");
    assertEquals(0.01, signal(r, FineWebFilter.SIGNAL_CHAR_DUP_RATIO));
    assertTrue(r.verdict().kept(), r.verdict().toString());
    // 1 in 99: above
    FilterResult r2 = dupOnly.apply("x\n" + "y".repeat(97) + "\nx");
    assertEquals("char_dup_ratio", reason(r2));
    assertEquals(1.0 / 99, signal(r2, FineWebFilter.SIGNAL_CHAR_DUP_RATIO));
  }

  @Test
  void listRatio() {
    String w = "Supercalifragilistic expialidocious."; // 36 code points, 2 words
    String text = w + "\n" + w.replace('S', 'T') + "\n" + w.replace('S', 'U') + "\n" + w.replace('S', 'V');
    FilterResult r = FW.apply(text);
    assertEquals("list_ratio", reason(r));
    assertEquals(3.0 / 8, signal(r, FineWebFilter.SIGNAL_LIST_RATIO));
    // blank lines add newlines but no words
    FilterResult r2 = FW.apply(L1 + "\n\n   \n" + L2);
    assertTrue(r2.verdict().kept());
    assertEquals(3.0 / 16, signal(r2, FineWebFilter.SIGNAL_LIST_RATIO));
    // a trailing newline is a newline too
    assertEquals(2.0 / 16, signal(FW.apply(L1 + "\n" + L2 + "\n"), FineWebFilter.SIGNAL_LIST_RATIO));
  }

  @Test
  void noWordsDividesByOne() {
    FineWebFilter f = new FineWebFilter(new NoTokens());
    FilterResult r = f.apply(L1 + "\n" + L2);
    assertEquals("list_ratio", reason(r));
    assertEquals(1.0, signal(r, FineWebFilter.SIGNAL_LIST_RATIO));
    FilterResult r2 = f.apply(L1);
    assertTrue(r2.verdict().kept());
    assertEquals(0.0, signal(r2, FineWebFilter.SIGNAL_LIST_RATIO));
  }

  @Test
  void checkOrder() {
    // both unpunctuated and short: the punctuation check comes first
    assertEquals("line_punct_ratio", reason(FW.apply("short\nshort\nshort")));
    // punctuated, short and duplicated: short comes before duplicates
    assertEquals("short_line_ratio", reason(FW.apply("Short.\nShort.\nShort.")));
  }

  @Test
  void cjkDocument() {
    String text = String.join("\n",
        "北京是中华人民共和国的首都，也是全国的政治中心和文化中心，历史非常悠久。",
        "这座城市有许多著名的名胜古迹，例如故宫、天坛和长城，每年吸引大量游客前来参观。",
        "今天的天气非常好，我们决定一起去公园散步，并且在湖边吃了一顿简单的午饭。");
    FilterResult r = FW.apply(text);
    assertEquals(1.0, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO));
    assertEquals(0.0, signal(r, FineWebFilter.SIGNAL_SHORT_LINE_RATIO));
    // whitespace tokenization sees one word per line: 2 newlines / 3 words
    assertEquals("list_ratio", reason(r));
    assertEquals(2.0 / 3, signal(r, FineWebFilter.SIGNAL_LIST_RATIO), 1e-12);
  }

  @Test
  void terminalPunctuationSet() {
    assertEquals(159, TerminalPunctuation.size());
    int[] cps = TerminalPunctuation.codePoints();
    for (int i = 1; i < cps.length; i++) {
      assertTrue(cps[i - 1] < cps[i], "ascending and distinct");
    }
    for (int cp : cps) {
      assertTrue(TerminalPunctuation.isTerminal(cp));
    }
    for (int cp : new int[] {'.', '!', '?', 0x3002, 0xFF01, 0xFF0E, 0xFF1F, 0xFF61, 0x0964, 0x0965, 0x061F, 0x06D4,
        0x0589, 0x1362, 0x104B, 0x203C, 0x2049, 0x11047, 0x1DA88, 0x11F43}) {
      assertTrue(TerminalPunctuation.isTerminal(cp), Integer.toHexString(cp));
    }
    for (int cp : new int[] {'"', '\'', ',', ':', ';', ')', ' ', 'a', 0x2026, 0x3001, 0xFF0C, 0x201D, 0x00BF, 0x00A1,
        0, -1, 0x10FFFF, 0x110000, 0x11046, 0x1DA89}) {
      assertFalse(TerminalPunctuation.isTerminal(cp), Integer.toHexString(cp));
    }
    assertTrue(TerminalPunctuation.endsWithTerminal("ok" + new String(Character.toChars(0x11047))));
    assertFalse(TerminalPunctuation.endsWithTerminal(""));
    assertFalse(TerminalPunctuation.endsWithTerminal("a.b", 0, 1));
    assertTrue(TerminalPunctuation.endsWithTerminal("a.b", 0, 2));
  }

  @Test
  void largeDocumentIsFast() {
    StringBuilder sb = new StringBuilder(5_200_000);
    int i = 0;
    while (sb.length() < 5_000_000) {
      switch (i++ % 4) {
        case 0 -> sb.append("The committee met on Tuesday and approved the budget for year ").append(i).append(".\n");
        case 1 -> sb.append("Critics argued that plan ").append(i).append(" was too expensive; others disagreed。\n");
        case 2 -> sb.append("Ünïcödé téxt wörks tóo, ça va? Line ").append(i).append("!\n");
        default -> sb.append("A longer line without any final punctuation mark ").append(i).append('\n');
      }
    }
    String text = sb.toString();
    FW.apply(text); // warm up
    long t0 = System.nanoTime();
    FilterResult r = FW.apply(text);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.verdict().kept(), r.verdict().toString());
    assertEquals(0.75, signal(r, FineWebFilter.SIGNAL_LINE_PUNCT_RATIO), 1e-3);
    assertTrue(ms < 3_000, "5 MB took " + ms + " ms");
  }
}
