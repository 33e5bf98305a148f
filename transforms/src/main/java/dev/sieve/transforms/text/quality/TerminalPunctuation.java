package dev.sieve.transforms.text.quality;

import java.util.Arrays;

/**
 * The terminal punctuation marks FineWeb's line-punctuation check accepts: the 159 code points of datatrove's
 * {@code TERMINAL_PUNCTUATION} set. That set is Unicode's {@code Sentence_Terminal} (STerm) property as of Unicode
 * 15 (full stops, question and exclamation marks, dandas and section marks of many scripts, including their
 * full-width, small and half-width CJK forms) plus five Khmer signs that Unicode classes as
 * {@code Terminal_Punctuation} only. Quotes, closing brackets, colons, semicolons and the ellipsis are not members.
 *
 * <p>Java has no API for the STerm property, so the members are listed explicitly. BMP members are looked up in a
 * bit set; supplementary members (75 of them) by binary search. Immutable and thread-safe.
 */
public final class TerminalPunctuation {

  /** Every member, ascending. */
  private static final int[] CODE_POINTS = {
      0x0021, // EXCLAMATION MARK
      0x002E, // FULL STOP
      0x003F, // QUESTION MARK
      0x0589, // ARMENIAN FULL STOP
      0x061D, // ARABIC END OF TEXT MARK
      0x061E, // ARABIC TRIPLE DOT PUNCTUATION MARK
      0x061F, // ARABIC QUESTION MARK
      0x06D4, // ARABIC FULL STOP
      0x0700, // SYRIAC END OF PARAGRAPH
      0x0701, // SYRIAC SUPRALINEAR FULL STOP
      0x0702, // SYRIAC SUBLINEAR FULL STOP
      0x07F9, // NKO EXCLAMATION MARK
      0x0837, // SAMARITAN PUNCTUATION MELODIC QITSA
      0x0839, // SAMARITAN PUNCTUATION QITSA
      0x083D, // SAMARITAN PUNCTUATION SOF MASHFAAT
      0x083E, // SAMARITAN PUNCTUATION ANNAAU
      0x0964, // DEVANAGARI DANDA
      0x0965, // DEVANAGARI DOUBLE DANDA
      0x104A, // MYANMAR SIGN LITTLE SECTION
      0x104B, // MYANMAR SIGN SECTION
      0x1362, // ETHIOPIC FULL STOP
      0x1367, // ETHIOPIC QUESTION MARK
      0x1368, // ETHIOPIC PARAGRAPH SEPARATOR
      0x166E, // CANADIAN SYLLABICS FULL STOP
      0x1735, // PHILIPPINE SINGLE PUNCTUATION
      0x1736, // PHILIPPINE DOUBLE PUNCTUATION
      0x17D4, // KHMER SIGN KHAN (not Sentence_Terminal)
      0x17D5, // KHMER SIGN BARIYOOSAN (not Sentence_Terminal)
      0x17D6, // KHMER SIGN CAMNUC PII KUUH (not Sentence_Terminal)
      0x17D9, // KHMER SIGN PHNAEK MUAN (not Sentence_Terminal)
      0x17DA, // KHMER SIGN KOOMUUT (not Sentence_Terminal)
      0x1803, // MONGOLIAN FULL STOP
      0x1809, // MONGOLIAN MANCHU FULL STOP
      0x1944, // LIMBU EXCLAMATION MARK
      0x1945, // LIMBU QUESTION MARK
      0x1AA8, // TAI THAM SIGN KAAN
      0x1AA9, // TAI THAM SIGN KAANKUU
      0x1AAA, // TAI THAM SIGN SATKAAN
      0x1AAB, // TAI THAM SIGN SATKAANKUU
      0x1B5A, // BALINESE PANTI
      0x1B5B, // BALINESE PAMADA
      0x1B5E, // BALINESE CARIK SIKI
      0x1B5F, // BALINESE CARIK PAREREN
      0x1B7D, // BALINESE PANTI LANTANG
      0x1B7E, // BALINESE PAMADA LANTANG
      0x1C3B, // LEPCHA PUNCTUATION TA-ROL
      0x1C3C, // LEPCHA PUNCTUATION NYET THYOOM TA-ROL
      0x1C7E, // OL CHIKI PUNCTUATION MUCAAD
      0x1C7F, // OL CHIKI PUNCTUATION DOUBLE MUCAAD
      0x203C, // DOUBLE EXCLAMATION MARK
      0x203D, // INTERROBANG
      0x2047, // DOUBLE QUESTION MARK
      0x2048, // QUESTION EXCLAMATION MARK
      0x2049, // EXCLAMATION QUESTION MARK
      0x2E2E, // REVERSED QUESTION MARK
      0x2E3C, // STENOGRAPHIC FULL STOP
      0x2E53, // MEDIEVAL EXCLAMATION MARK
      0x2E54, // MEDIEVAL QUESTION MARK
      0x3002, // IDEOGRAPHIC FULL STOP
      0xA4FF, // LISU PUNCTUATION FULL STOP
      0xA60E, // VAI FULL STOP
      0xA60F, // VAI QUESTION MARK
      0xA6F3, // BAMUM FULL STOP
      0xA6F7, // BAMUM QUESTION MARK
      0xA876, // PHAGS-PA MARK SHAD
      0xA877, // PHAGS-PA MARK DOUBLE SHAD
      0xA8CE, // SAURASHTRA DANDA
      0xA8CF, // SAURASHTRA DOUBLE DANDA
      0xA92F, // KAYAH LI SIGN SHYA
      0xA9C8, // JAVANESE PADA LINGSA
      0xA9C9, // JAVANESE PADA LUNGSI
      0xAA5D, // CHAM PUNCTUATION DANDA
      0xAA5E, // CHAM PUNCTUATION DOUBLE DANDA
      0xAA5F, // CHAM PUNCTUATION TRIPLE DANDA
      0xAAF0, // MEETEI MAYEK CHEIKHAN
      0xAAF1, // MEETEI MAYEK AHANG KHUDAM
      0xABEB, // MEETEI MAYEK CHEIKHEI
      0xFE52, // SMALL FULL STOP
      0xFE56, // SMALL QUESTION MARK
      0xFE57, // SMALL EXCLAMATION MARK
      0xFF01, // FULLWIDTH EXCLAMATION MARK
      0xFF0E, // FULLWIDTH FULL STOP
      0xFF1F, // FULLWIDTH QUESTION MARK
      0xFF61, // HALFWIDTH IDEOGRAPHIC FULL STOP
      0x10A56, // KHAROSHTHI PUNCTUATION DANDA
      0x10A57, // KHAROSHTHI PUNCTUATION DOUBLE DANDA
      0x10F55, // SOGDIAN PUNCTUATION TWO VERTICAL BARS
      0x10F56, // SOGDIAN PUNCTUATION TWO VERTICAL BARS WITH DOTS
      0x10F57, // SOGDIAN PUNCTUATION CIRCLE WITH DOT
      0x10F58, // SOGDIAN PUNCTUATION TWO CIRCLES WITH DOTS
      0x10F59, // SOGDIAN PUNCTUATION HALF CIRCLE WITH DOT
      0x10F86, // OLD UYGHUR PUNCTUATION BAR
      0x10F87, // OLD UYGHUR PUNCTUATION TWO BARS
      0x10F88, // OLD UYGHUR PUNCTUATION TWO DOTS
      0x10F89, // OLD UYGHUR PUNCTUATION FOUR DOTS
      0x11047, // BRAHMI DANDA
      0x11048, // BRAHMI DOUBLE DANDA
      0x110BE, // KAITHI SECTION MARK
      0x110BF, // KAITHI DOUBLE SECTION MARK
      0x110C0, // KAITHI DANDA
      0x110C1, // KAITHI DOUBLE DANDA
      0x11141, // CHAKMA DANDA
      0x11142, // CHAKMA DOUBLE DANDA
      0x11143, // CHAKMA QUESTION MARK
      0x111C5, // SHARADA DANDA
      0x111C6, // SHARADA DOUBLE DANDA
      0x111CD, // SHARADA SUTRA MARK
      0x111DE, // SHARADA SECTION MARK-1
      0x111DF, // SHARADA SECTION MARK-2
      0x11238, // KHOJKI DANDA
      0x11239, // KHOJKI DOUBLE DANDA
      0x1123B, // KHOJKI SECTION MARK
      0x1123C, // KHOJKI DOUBLE SECTION MARK
      0x112A9, // MULTANI SECTION MARK
      0x1144B, // NEWA DANDA
      0x1144C, // NEWA DOUBLE DANDA
      0x115C2, // SIDDHAM DANDA
      0x115C3, // SIDDHAM DOUBLE DANDA
      0x115C9, // SIDDHAM END OF TEXT MARK
      0x115CA, // SIDDHAM SECTION MARK WITH TRIDENT AND U-SHAPED ORNAMENTS
      0x115CB, // SIDDHAM SECTION MARK WITH TRIDENT AND DOTTED CRESCENTS
      0x115CC, // SIDDHAM SECTION MARK WITH RAYS AND DOTTED CRESCENTS
      0x115CD, // SIDDHAM SECTION MARK WITH RAYS AND DOTTED DOUBLE CRESCENTS
      0x115CE, // SIDDHAM SECTION MARK WITH RAYS AND DOTTED TRIPLE CRESCENTS
      0x115CF, // SIDDHAM SECTION MARK DOUBLE RING
      0x115D0, // SIDDHAM SECTION MARK DOUBLE RING WITH RAYS
      0x115D1, // SIDDHAM SECTION MARK WITH DOUBLE CRESCENTS
      0x115D2, // SIDDHAM SECTION MARK WITH TRIPLE CRESCENTS
      0x115D3, // SIDDHAM SECTION MARK WITH QUADRUPLE CRESCENTS
      0x115D4, // SIDDHAM SECTION MARK WITH SEPTUPLE CRESCENTS
      0x115D5, // SIDDHAM SECTION MARK WITH CIRCLES AND RAYS
      0x115D6, // SIDDHAM SECTION MARK WITH CIRCLES AND TWO ENCLOSURES
      0x115D7, // SIDDHAM SECTION MARK WITH CIRCLES AND FOUR ENCLOSURES
      0x11641, // MODI DANDA
      0x11642, // MODI DOUBLE DANDA
      0x1173C, // AHOM SIGN SMALL SECTION
      0x1173D, // AHOM SIGN SECTION
      0x1173E, // AHOM SIGN RULAI
      0x11944, // DIVES AKURU DOUBLE DANDA
      0x11946, // DIVES AKURU END OF TEXT MARK
      0x11A42, // ZANABAZAR SQUARE MARK SHAD
      0x11A43, // ZANABAZAR SQUARE MARK DOUBLE SHAD
      0x11A9B, // SOYOMBO MARK SHAD
      0x11A9C, // SOYOMBO MARK DOUBLE SHAD
      0x11C41, // BHAIKSUKI DANDA
      0x11C42, // BHAIKSUKI DOUBLE DANDA
      0x11EF7, // MAKASAR PASSIMBANG
      0x11EF8, // MAKASAR END OF SECTION
      0x11F43, // KAWI DANDA (Unicode 15)
      0x11F44, // KAWI DOUBLE DANDA (Unicode 15)
      0x16A6E, // MRO DANDA
      0x16A6F, // MRO DOUBLE DANDA
      0x16AF5, // BASSA VAH FULL STOP
      0x16B37, // PAHAWH HMONG SIGN VOS THOM
      0x16B38, // PAHAWH HMONG SIGN VOS TSHAB CEEB
      0x16B44, // PAHAWH HMONG SIGN XAUS
      0x16E98, // MEDEFAIDRIN FULL STOP
      0x1BC9F, // DUPLOYAN PUNCTUATION CHINOOK FULL STOP
      0x1DA88, // SIGNWRITING FULL STOP
  };

  /** Bit {@code cp} is set for every BMP member. */
  private static final long[] BMP = new long[1 << 10];

  /** Supplementary members, ascending. */
  private static final int[] SUPPLEMENTARY;

  static {
    int supplementary = 0;
    for (int cp : CODE_POINTS) {
      if (cp < 0x10000) {
        BMP[cp >>> 6] |= 1L << cp;
      } else {
        supplementary++;
      }
    }
    SUPPLEMENTARY = Arrays.copyOfRange(CODE_POINTS, CODE_POINTS.length - supplementary, CODE_POINTS.length);
  }

  private TerminalPunctuation() {}

  /** True when {@code cp} is a terminal punctuation mark. */
  public static boolean isTerminal(int cp) {
    if (cp >= 0 && cp < 0x10000) {
      return (BMP[cp >>> 6] & (1L << cp)) != 0;
    }
    return cp >= SUPPLEMENTARY[0] && Arrays.binarySearch(SUPPLEMENTARY, cp) >= 0;
  }

  /**
   * True when the last code point of {@code text[start, end)} is a terminal mark: Python's
   * {@code line.endswith(TERMINAL_PUNCTUATION)}. Nothing is stripped first, so a trailing space or {@code \r} makes it
   * false. False for an empty range.
   */
  public static boolean endsWithTerminal(CharSequence text, int start, int end) {
    if (end <= start) {
      return false;
    }
    char last = text.charAt(end - 1);
    if (Character.isLowSurrogate(last) && end - 2 >= start) {
      char high = text.charAt(end - 2);
      if (Character.isHighSurrogate(high)) {
        return isTerminal(Character.toCodePoint(high, last));
      }
    }
    return isTerminal(last);
  }

  /** True when the last code point of {@code text} is a terminal mark. */
  public static boolean endsWithTerminal(CharSequence text) {
    return endsWithTerminal(text, 0, text.length());
  }

  /** The members, ascending (a copy). */
  public static int[] codePoints() {
    return CODE_POINTS.clone();
  }

  /** The number of members. */
  public static int size() {
    return CODE_POINTS.length;
  }
}
