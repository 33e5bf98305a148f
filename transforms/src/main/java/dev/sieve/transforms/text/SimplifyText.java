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

  /** Receives the output of {@link #applyAscii(String, WordSink)} a word at a time. */
  public interface WordSink {
    /**
     * The next word of the output, {@code chars[from, to)}: never empty, and the array is reused once this returns.
     * In the output, one space separates two words.
     */
    void word(char[] chars, int from, int to);
  }

  /**
   * {@link #apply} streamed into {@code sink} a word at a time, for text whose characters are ASCII or {@link
   * #becomesSpace}: true when the text was such text. False for any other text, as soon as the first other
   * character is met (then the sink has received part of the output, and the caller falls back to {@link #apply}).
   * No string is built: word shingling hashes each word as it ends. The text is read from one {@code char[]} copy,
   * and each kept character is stored into a reused word buffer.
   */
  public static boolean applyAscii(String text, WordSink sink) {
    char[] t = text.toCharArray();
    int n = t.length;
    char[] word = new char[Math.min(n, 64) + 1];
    int length = 0;
    int i = 0;
    while (i < n) {
      char c = t[i];
      char emit;
      if (c >= 'a' && c <= 'z') {
        emit = c;
        i++;
      } else if (c == ' ') {
        i++;
        if (length > 0) {
          sink.word(word, 0, length);
          length = 0;
        }
        continue;
      } else if (c >= '0' && c <= '9') {
        i = skipAsciiDigits(t, i);
        if (i + 1 < n && (t[i] == '.' || t[i] == ',') && isAsciiDigit(t[i + 1])) {
          i = skipAsciiDigits(t, i + 1);
        }
        emit = '0';
      } else {
        i++;
        if (c >= 'A' && c <= 'Z') {
          emit = (char) (c + ('a' - 'A'));
        } else if (c >= 0x80 ? becomesSpace(c) : ASCII_PUNCT[c] || isControl(c) || Whitespace.isPythonSpace(c)) {
          if (length > 0) {
            sink.word(word, 0, length);
            length = 0;
          }
          continue;
        } else if (c >= 0x80) {
          return false;
        } else {
          emit = c;
        }
      }
      if (length == word.length) {
        word = java.util.Arrays.copyOf(word, 2 * length);
      }
      word[length++] = emit;
    }
    if (length > 0) {
      sink.word(word, 0, length);
    }
    return true;
  }

  /** A {@link WordSink} writing the words, one space between two, into one array. */
  private static final class CharWriter implements WordSink {
    final char[] chars;
    int length;

    CharWriter(int capacity) {
      chars = new char[capacity];
    }

    @Override
    public void word(char[] word, int from, int to) {
      if (length > 0) {
        chars[length++] = ' ';
      }
      System.arraycopy(word, from, chars, length, to - from);
      length += to - from;
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

  private static int skipAsciiDigits(char[] s, int i) {
    int n = s.length;
    while (i < n && isAsciiDigit(s[i])) {
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
