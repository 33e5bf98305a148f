package dev.sieve.transforms.text.quality;

import java.util.Arrays;

/**
 * A set of distinct substrings of one text, held as {@code [start, end)} spans rather than copies: the repeated-line
 * and repeated-paragraph checks ask of each span whether an equal one was seen before, and building a {@code String}
 * per line only to hash it is most of their cost. Open addressing over span indices, keyed by the caller's hash of
 * the characters ({@link #hash}); equal hashes are confirmed with {@link String#regionMatches}, so the answers are
 * exact. Grows as needed. Not thread-safe; one per document.
 */
final class SpanSet {
  private final String text;
  private int[] table;
  private int[] starts;
  private int[] ends;
  private int[] hashes;
  private int size;

  SpanSet(String text, int expected) {
    this.text = text;
    int capacity = GopherRepetitionFilter.tableCapacity(expected);
    table = new int[capacity];
    Arrays.fill(table, -1);
    int n = Math.max(8, expected);
    starts = new int[n];
    ends = new int[n];
    hashes = new int[n];
  }

  /**
   * {@code text[start, end).hashCode()} without building the string. Four characters per step
   * ({@code h * 31^4 + c0 * 31^3 + c1 * 31^2 + c2 * 31 + c3}, the same value mod 2^32), so the multiplications do not
   * wait on each other as they do in the one-character loop.
   */
  static int hash(String text, int start, int end) {
    int h = 0;
    int i = start;
    for (; i + 3 < end; i += 4) {
      h = 923_521 * h + 29_791 * text.charAt(i) + 961 * text.charAt(i + 1) + 31 * text.charAt(i + 2)
          + text.charAt(i + 3);
    }
    for (; i < end; i++) {
      h = 31 * h + text.charAt(i);
    }
    return h;
  }

  /**
   * Adds {@code text[start, end)}, whose {@link #hash} is {@code h}. Returns false when an equal span was already in
   * the set (and leaves the set unchanged).
   */
  boolean add(int start, int end, int h) {
    int mask = table.length - 1;
    int len = end - start;
    int slot = GopherRepetitionFilter.slot(h, mask);
    int k;
    while ((k = table[slot]) >= 0) {
      if (hashes[k] == h && ends[k] - starts[k] == len && text.regionMatches(start, text, starts[k], len)) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    hashes[size] = h;
    table[slot] = size++;
    if (2 * size > table.length) {
      rehash(table.length * 2);
    }
    return true;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    Arrays.fill(table, -1);
    int mask = capacity - 1;
    for (int k = 0; k < size; k++) {
      int slot = GopherRepetitionFilter.slot(hashes[k], mask);
      while (table[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = k;
    }
  }
}
