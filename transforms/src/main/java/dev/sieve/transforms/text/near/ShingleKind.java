package dev.sieve.transforms.text.near;

/** What a {@link Shingler} slides its window over. */
public enum ShingleKind {
  /**
   * Word n-grams: tokens are the maximal runs of non-whitespace in the simplified text (Python {@code str.split()}
   * semantics). The usual choice for space-delimited languages; datatrove's default is n = 5.
   */
  WORD,

  /**
   * Character n-grams over the Unicode code points of the simplified text, spaces included. For scripts written
   * without spaces (Chinese, Japanese, Thai) and for source code, where word tokens are too coarse.
   */
  CHAR
}
