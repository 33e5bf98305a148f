package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;
import java.util.Arrays;

/**
 * Tuples of {@code long}s stored flat in one {@code long[]} ({@code width} values per tuple, tuple {@code i} at
 * {@code [i * width, (i + 1) * width)}), with an in-place lexicographic sort and a de-duplication. The near-dedup
 * steps between the scans move their keys this way: band rows as triples (band key, root key, record key), candidate
 * pairs as pairs, with no object per tuple.
 *
 * <p>The sort is a quicksort on the first value with a median-of-three pivot, falling back to the whole tuple only
 * on ties, and an insertion sort for short ranges; O(n log n) expected on hashed keys, in place, not stable (equal
 * tuples are interchangeable).
 */
public final class LongTuples {
  private static final int INSERTION_SORT_BELOW = 16;

  private LongTuples() {}

  /**
   * Sorts the first {@code n} tuples of {@code a} in lexicographic (signed) order.
   *
   * @throws IllegalArgumentException unless {@code width >= 1} and {@code n * width <= a.length}
   */
  public static void sort(long[] a, int n, int width) {
    check(a, n, width);
    sort(a, 0, n - 1, width);
  }

  /**
   * Sorts the first {@code n} tuples and keeps one of each run of equal tuples at the front; returns how many
   * distinct tuples there are.
   */
  public static int sortDistinct(long[] a, int n, int width) {
    sort(a, n, width);
    if (n < 2) {
      return n;
    }
    int w = 1;
    for (int r = 1; r < n; r++) {
      if (compare(a, r, w - 1, width) != 0) {
        if (r != w) {
          System.arraycopy(a, r * width, a, w * width, width);
        }
        w++;
      }
    }
    return w;
  }

  /**
   * Keeps, in their order at the front of {@code a}, the first {@code n} tuples whose first value occurs in at least
   * one other of them, and returns how many there are. Band rows sorted after this are only those of shared buckets:
   * most buckets hold one document, and the sort then handles a small share of the rows.
   *
   * <p>Cost: two passes over the tuples and an open-addressing table of the distinct first values (a {@code long}
   * and an {@code int} per slot, at most half full); O(n) expected on hashed keys.
   *
   * @throws IllegalArgumentException unless {@code width >= 1} and {@code n * width <= a.length}
   */
  public static int keepRepeatedFirst(long[] a, int n, int width) {
    check(a, n, width);
    int capacity = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
    int mask = capacity - 1;
    long[] keys = new long[capacity];
    int[] counts = new int[capacity];
    for (int i = 0; i < n; i++) {
      counts[slot(keys, counts, mask, a[i * width])]++;
    }
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (counts[slot(keys, counts, mask, a[i * width])] >= 2) {
        if (i != w) {
          System.arraycopy(a, i * width, a, w * width, width);
        }
        w++;
      }
    }
    return w;
  }

  /** The slot of {@code key}: where it is, or the empty slot (count 0) where it goes, claimed for it. */
  private static int slot(long[] keys, int[] counts, int mask, long key) {
    int i = (int) Hashing.fmix64(key) & mask;
    while (counts[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    return i;
  }

  private static void check(long[] a, int n, int width) {
    Preconditions.checkNotNull(a, "a");
    Preconditions.checkArgument(width >= 1, "width must be >= 1, got %s", width);
    Preconditions.checkArgument(n >= 0 && (long) n * width <= a.length,
        "%s tuples of width %s do not fit an array of %s", n, width, a.length);
  }

  private static void sort(long[] a, int lo, int hi, int width) {
    while (hi - lo >= INSERTION_SORT_BELOW) {
      int mid = (lo + hi) >>> 1;
      // Median of three to the middle, used as the pivot, kept at hi while partitioning.
      if (compare(a, mid, lo, width) < 0) {
        swap(a, mid, lo, width);
      }
      if (compare(a, hi, lo, width) < 0) {
        swap(a, hi, lo, width);
      }
      if (compare(a, hi, mid, width) < 0) {
        swap(a, hi, mid, width);
      }
      swap(a, mid, hi, width);
      int store = lo;
      for (int i = lo; i < hi; i++) {
        if (compare(a, i, hi, width) < 0) {
          swap(a, i, store++, width);
        }
      }
      swap(a, store, hi, width);
      // Tuples equal to the pivot after it need no more sorting among themselves: skip them.
      int eq = store + 1;
      while (eq <= hi && compare(a, eq, store, width) == 0) {
        eq++;
      }
      // Recurse into the smaller side, loop on the larger: stack depth O(log n).
      if (store - lo < hi - eq) {
        sort(a, lo, store - 1, width);
        lo = eq;
      } else {
        sort(a, eq, hi, width);
        hi = store - 1;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && compare(a, j, j - 1, width) < 0; j--) {
        swap(a, j, j - 1, width);
      }
    }
  }

  static int compare(long[] a, int i, int j, int width) {
    int x = i * width;
    int y = j * width;
    for (int k = 0; k < width; k++) {
      int c = Long.compare(a[x + k], a[y + k]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static void swap(long[] a, int i, int j, int width) {
    if (i == j) {
      return;
    }
    int x = i * width;
    int y = j * width;
    for (int k = 0; k < width; k++) {
      long t = a[x + k];
      a[x + k] = a[y + k];
      a[y + k] = t;
    }
  }

  /** A growable flat buffer of tuples; {@link #take} hands its contents over and starts a new one. */
  public static final class Buffer {
    private final int width;
    private long[] values;
    private int size;

    public Buffer(int width, int initialTuples) {
      Preconditions.checkArgument(width >= 1, "width must be >= 1, got %s", width);
      this.width = width;
      this.values = new long[Math.max(1, initialTuples) * width];
    }

    public void add(long x, long y) {
      ensure();
      values[size++] = x;
      values[size++] = y;
    }

    public void add(long x, long y, long z) {
      ensure();
      values[size++] = x;
      values[size++] = y;
      values[size++] = z;
    }

    private void ensure() {
      if (size + width > values.length) {
        values = Arrays.copyOf(values, Math.max(values.length * 2, size + width));
      }
    }

    /** Tuples held. */
    public int tuples() {
      return size / width;
    }

    /** The tuples held, exactly sized, and an empty buffer. */
    public long[] take() {
      long[] out = Arrays.copyOf(values, size);
      size = 0;
      return out;
    }
  }
}
