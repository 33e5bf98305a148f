package dev.sieve.transforms.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * datatrove's {@code simplify_text}: the normalization its MinHash dedup uses, so that documents differing only in
 * case, punctuation, digits, spacing or accents compare equal.
 *
 * <p>Steps, in datatrove's current order:
 *
 * <ol>
 *   <li>lowercase;
 *   <li>every run of decimal digits (any script), with at most one decimal separator inside ({@code . , ٫}),
 *       becomes {@code 0};
 *   <li>every character of datatrove's punctuation set and every C0/C1 control character except tab and newline
 *       becomes a space;
 *   <li>whitespace runs collapse to one space, both ends are stripped;
 *   <li>NFD decomposition, then combining marks (category Mn) are dropped. No NFKC.
 * </ol>
 *
 * A single pass per step over code points; no regular expressions. Text made only of ASCII plus non-ASCII
 * punctuation and whitespace (most English web text, curly quotes and dashes included) takes a one-pass path with
 * the same result: there lowercasing is per character, every non-ASCII character becomes a space, and NFD and the
 * mark removal change nothing.
 */
public final class SimplifyText {
  private SimplifyText() {}

  /** datatrove's PUNCTUATION string (without the control characters, which {@link #isPunctuation} adds). */
  static final String PUNCTUATION =
      "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»•";

  private static final boolean[] ASCII_PUNCT = new boolean[128];

  static {
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      char c = PUNCTUATION.charAt(i);
      if (c < 128) {
        ASCII_PUNCT[c] = true;
      }
    }
  }

  static boolean isPunctuation(int cp) {
    if (cp < 128) {
      return ASCII_PUNCT[cp] || isControl(cp);
    }
    if (isControl(cp)) {
      return true;
    }
    return cp <= 0xFFFF && PUNCTUATION.indexOf(cp) >= 0;
  }

  private static boolean isControl(int cp) {
    return (cp >= 0 && cp < 9) || cp == 11 || cp == 12 || (cp >= 13 && cp < 32) || (cp >= 127 && cp < 160);
  }

  private static boolean isDecimalSeparator(int cp) {
    return cp == '.' || cp == ',' || cp == 0x066B;
  }

  public static String apply(String text) {
    String ascii = applyAscii(text);
    return ascii != null ? ascii : applyGeneral(text);
  }

  /** {@link #apply} for any text, step by step. */
  static String applyGeneral(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length());
    int n = lower.length();
    int i = 0;
    while (i < n) {
      int cp = lower.codePointAt(i);
      if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        i = skipDigits(lower, i);
        // One decimal separator followed by more digits belongs to the same number.
        if (i < n) {
          int sep = lower.codePointAt(i);
          int after = i + Character.charCount(sep);
          if (isDecimalSeparator(sep) && after < n
              && Character.getType(lower.codePointAt(after)) == Character.DECIMAL_DIGIT_NUMBER) {
            i = skipDigits(lower, after);
          }
        }
        sb.append('0');
        continue;
      }
      sb.appendCodePoint(isPunctuation(cp) ? ' ' : cp);
      i += Character.charCount(cp);
    }
    String collapsed = Whitespace.collapse(sb.toString());
    String nfd = Normalizer.normalize(collapsed, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(nfd.length());
    for (int j = 0; j < nfd.length(); ) {
      int cp = nfd.codePointAt(j);
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        out.appendCodePoint(cp);
      }
      j += Character.charCount(cp);
    }
    return Whitespace.collapse(out.toString());
  }

  /**
   * {@link #apply} in one pass for text whose characters are ASCII or {@link #becomesSpace}; null for any other
   * text.
   */
  static String applyAscii(String text) {
    CharWriter out = new CharWriter(text.length());
    return applyAscii(text, out) ? new String(out.chars, 0, out.length) : null;
  }

  /**
   * Receives the output of {@link #applyAscii(String, AsciiSink)} as it is made: the characters of each word, and
   * one {@link #space} between two words (never before the first or after the last).
   */
  public interface AsciiSink {
    /** The next character of the current word. */
    void letter(char c);

    /** The end of a word that another word follows. */
    void space();
  }

  /**
   * {@link #apply} streamed into {@code sink}, for text whose characters are ASCII or {@link #becomesSpace}: true
   * when the text was such text. False for any other text, as soon as the first other character is met (then the
   * sink has received part of the output, and the caller falls back to {@link #apply}). No string is built: word
   * shingling hashes the words as they are made.
   */
  public static boolean applyAscii(String text, AsciiSink sink) {
    int n = text.length();
    boolean started = false;
    boolean pendingSpace = false;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char emit;
      if (c >= '0' && c <= '9') {
        i = skipAsciiDigits(text, i);
        if (i + 1 < n && (text.charAt(i) == '.' || text.charAt(i) == ',') && isAsciiDigit(text.charAt(i + 1))) {
          i = skipAsciiDigits(text, i + 1);
        }
        emit = '0';
      } else {
        i++;
        if (c >= 'a' && c <= 'z') {
          emit = c;
        } else if (c == ' ') {
          pendingSpace = started;
          continue;
        } else if (c >= 'A' && c <= 'Z') {
          emit = (char) (c + ('a' - 'A'));
        } else if (c >= 0x80) {
          if (!becomesSpace(c)) {
            return false;
          }
          pendingSpace = started;
          continue;
        } else if (ASCII_PUNCT[c] || isControl(c) || Whitespace.isPythonSpace(c)) {
          pendingSpace = started;
          continue;
        } else {
          emit = c;
        }
      }
      if (pendingSpace) {
        sink.space();
        pendingSpace = false;
      }
      sink.letter(emit);
      started = true;
    }
    return true;
  }

  /** An {@link AsciiSink} writing the characters, spaces included, into one array. */
  private static final class CharWriter implements AsciiSink {
    final char[] chars;
    int length;

    CharWriter(int capacity) {
      chars = new char[capacity];
    }

    @Override
    public void letter(char c) {
      chars[length++] = c;
    }

    @Override
    public void space() {
      chars[length++] = ' ';
    }
  }

  /**
   * A non-ASCII character that {@link #apply} always turns into a space, whatever surrounds it: punctuation that is
   * not a digit (the set holds a full-width digit), C1 controls and whitespace. None of them changes under
   * lowercasing or NFD.
   */
  private static boolean becomesSpace(char c) {
    return Character.isSurrogate(c) ? false
        : (isPunctuation(c) && Character.getType(c) != Character.DECIMAL_DIGIT_NUMBER) || Whitespace.isPythonSpace(c);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipAsciiDigits(String s, int i) {
    int n = s.length();
    while (i < n && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipDigits(String s, int i) {
    int n = s.length();
    while (i < n) {
      int cp = s.codePointAt(i);
      if (Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER) {
        break;
      }
      i += Character.charCount(cp);
    }
    return i;
  }
}
