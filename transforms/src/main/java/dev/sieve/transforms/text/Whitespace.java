package dev.sieve.transforms.text;

/** Python-compatible whitespace handling: what {@code " ".join(s.split())} does, without regex. */
public final class Whitespace {
  private Whitespace() {}

  /**
   * True for the code points Python's {@code str.isspace()} (and so {@code str.split()} and {@code \s} with
   * Unicode) treats as whitespace.
   */
  public static boolean isPythonSpace(int cp) {
    // The common cases first, with range checks: ASCII (space, \t \n \v \f \r, and the separators 0x1C-0x1F)
    if (cp <= ' ') {
      return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp >= 0x1C;
    }
    if (cp < 0x85) {
      return false;
    }
    switch (cp) {
      case 0x85: case 0xA0: case 0x1680:
      case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  /** Collapses every whitespace run to a single space and strips both ends. */
  public static String collapse(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isPythonSpace(cp)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /** True when the text is empty or only whitespace. */
  public static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!isPythonSpace(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
