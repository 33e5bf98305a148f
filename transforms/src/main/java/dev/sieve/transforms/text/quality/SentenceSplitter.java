package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.text.Whitespace;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small rule-based stand-in for NLTK's Punkt sentence splitter, good enough for what the word tokenizer needs from
 * it: the Treebank rules split off only the <em>final</em> period of each sentence, so where sentences end decides
 * whether {@code "York."} becomes {@code York .} or stays one token.
 *
 * <p>A sentence ends after a run of {@code . ! ?}, plus any closing {@code " ' ) ] }} right after it, when the run is
 * followed by whitespace and the next non-whitespace character is an uppercase or titlecase letter, a digit, or an
 * opening quote or bracket. A lone period does not end a sentence after a known abbreviation ({@code Mr.},
 * {@code Dr.}, {@code etc.}, month names, ...), after a single letter (initials such as {@code J. R. R.}) or after a
 * word that itself contains a period ({@code e.g.}, {@code U.S.}, {@code a.m.}).
 *
 * <p>Spans follow Punkt's: the first sentence starts at offset 0 (leading whitespace included), every later one at
 * its first non-whitespace character; a sentence ends right after its terminator and closers, and the last one
 * runs to the end of the text. Known differences from Punkt: Punkt learned its abbreviation list and also breaks
 * before lowercase words after an ordinary word's period ({@code "it ended. then"}); it never breaks after a period
 * followed by a curly closing quote; and its orthographic heuristics for initials and numbers are richer.
 */
public final class SentenceSplitter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Lowercased abbreviations (without their final period) after which a period does not end a sentence. */
  static final Set<String> ABBREVIATIONS = Set.of(
      "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "ft", "rev", "hon", "gen", "gov", "sen", "rep",
      "pres", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "messrs", "mme", "mlle",
      "vs", "etc", "al", "approx", "inc", "ltd", "co", "corp", "llc", "bros", "dept", "univ", "assn", "est",
      "ave", "blvd", "rd", "hwy", "fig", "figs", "eq", "eqs", "vol", "vols", "no", "nos", "pp", "ch", "sec", "ed",
      "eds", "cf", "viz", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun");

  /** The sentences of {@code text}, as substrings. Blank text has none. */
  public List<String> split(String text) {
    int[] spans = spans(text);
    List<String> out = new ArrayList<>(spans.length / 2);
    for (int k = 0; k < spans.length; k += 2) {
      out.add(text.substring(spans[k], spans[k + 1]));
    }
    return out;
  }

  /** The sentences of {@code text} as {@code [start0, end0, start1, end1, ...]}. Blank text has none. */
  public int[] spans(String text) {
    return spans(text.toCharArray(), text.length());
  }

  /** {@link #spans(String)} over the first {@code n} characters of {@code text}. */
  int[] spans(char[] text, int n) {
    int first = 0;
    while (first < n && Whitespace.isPythonSpace(text[first])) {
      first++;
    }
    if (first == n) {
      return new int[0];
    }
    PythonLines.IntList out = new PythonLines.IntList(16);
    int sentenceStart = 0;
    int i = 0;
    while (i < n) {
      char c = text[i];
      if (c != '.' && c != '!' && c != '?') {
        i++;
        continue;
      }
      int runStart = i;
      int runEnd = i + 1;
      while (runEnd < n && isTerminator(text[runEnd])) {
        runEnd++;
      }
      int end = runEnd;
      while (end < n && isCloser(text[end])) {
        end++;
      }
      i = end;
      if (end >= n || !Whitespace.isPythonSpace(text[end])) {
        continue;
      }
      int next = end;
      while (next < n && Whitespace.isPythonSpace(text[next])) {
        next++;
      }
      if (next >= n) {
        break;
      }
      if (!startsSentence(text, next, n)) {
        continue;
      }
      if (runEnd - runStart == 1 && c == '.' && isAbbreviationBefore(text, sentenceStart, runStart)) {
        continue;
      }
      out.add(sentenceStart);
      out.add(end);
      sentenceStart = next;
      i = next;
    }
    out.add(sentenceStart);
    out.add(n);
    return out.toArray();
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?';
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}';
  }

  private static boolean startsSentence(char[] text, int at, int n) {
    int cp = Character.codePointAt(text, at, n);
    if (Character.isUpperCase(cp) || Character.isTitleCase(cp) || Character.isDigit(cp)) {
      return true;
    }
    switch (cp) {
      case '"': case '\'': case '(': case '[': case '{': case '`':
      case 0x201C: case 0x2018: case 0x00AB: case 0x201E:
        return true;
      default:
        return false;
    }
  }

  /** {@link #ABBREVIATIONS} packed by {@link #pack}, sorted. */
  private static final long[] ABBREVIATION_KEYS =
      ABBREVIATIONS.stream().mapToLong(a -> pack(a.toCharArray(), 0, a.length())).sorted().toArray();

  /** Packs up to 12 ASCII letters, case-folded, into a long (5 bits each); -1 for anything else. */
  private static long pack(char[] s, int from, int to) {
    if (to - from > 12) {
      return -1;
    }
    long key = 0;
    for (int i = from; i < to; i++) {
      int c = s[i] | 0x20;
      if (c < 'a' || c > 'z') {
        return -1;
      }
      key = (key << 5) | (c - 'a' + 1);
    }
    return key;
  }

  /** True when the word ending at {@code periodAt} (the text before a lone period) is an abbreviation. */
  private static boolean isAbbreviationBefore(char[] text, int from, int periodAt) {
    int wordStart = periodAt;
    while (wordStart > from && !Whitespace.isPythonSpace(text[wordStart - 1])) {
      wordStart--;
    }
    // Opening punctuation glued to the word does not belong to it: "(approx." is "approx".
    while (wordStart < periodAt && !Character.isLetterOrDigit(text[wordStart])) {
      wordStart++;
    }
    int len = periodAt - wordStart;
    if (len == 0) {
      return false;
    }
    if (len == 1 && Character.isLetter(text[wordStart])) {
      return true; // an initial
    }
    for (int i = wordStart; i < periodAt; i++) {
      if (text[i] == '.') {
        return true; // e.g. / U.S. / a.m.
      }
    }
    long key = pack(text, wordStart, periodAt);
    return key >= 0 && java.util.Arrays.binarySearch(ABBREVIATION_KEYS, key) >= 0;
  }
}
