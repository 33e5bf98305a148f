package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Shingle sets packed for travel between Spark steps and for the dedup index: the sorted, distinct 32-bit
 * fingerprints of a document's shingle hashes (the high halves of the 64-bit values {@link Shingler#shingles}
 * returns), four little-endian bytes each. The layout is fixed: it is stored.
 *
 * <p>Why 32 bits: a set travels in half the bytes, and its Jaccard similarity stays the one of the shingle sets
 * unless two distinct shingles of the pair share a fingerprint. For sets of sizes {@code |A|} and {@code |B|} that
 * happens with probability about {@code |A| |B| / 2^32} (under {@code 10^-4} for two 5 KB documents of 600
 * shingles), and each such collision moves the similarity by at most {@code 1 / |A ∪ B|}.
 *
 * <p>{@link #jaccard} reads two packed sets in place: no copy into an array, and a merge whose steps are decided
 * without branches, since for two different sets the next step is as unpredictable as a coin toss.
 */
public final class PackedShingles {
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private PackedShingles() {}

  /**
   * The packed set of a document's shingle hashes.
   *
   * @param sortedShingles sorted shingle hashes (for example {@link Shingler#shingles}); repeats are allowed
   * @throws IllegalArgumentException if {@code sortedShingles} is not sorted, naming the first value out of order
   */
  public static byte[] pack(long[] sortedShingles) {
    Preconditions.checkNotNull(sortedShingles, "sortedShingles");
    int n = sortedShingles.length;
    int[] fingerprints = new int[n];
    for (int i = 0; i < n; i++) {
      if (i > 0 && sortedShingles[i] < sortedShingles[i - 1]) {
        throw new IllegalArgumentException(String.format(
            "sortedShingles must be sorted, but [%s] = %s is followed by %s", i - 1, sortedShingles[i - 1],
            sortedShingles[i]));
      }
      // The high half of a sorted signed long is sorted as a signed int.
      fingerprints[i] = (int) (sortedShingles[i] >> 32);
    }
    return write(fingerprints, n);
  }

  /**
   * The packed set of a document's shingle hashes in any order, repeats allowed (for example {@link
   * Shingler#shinglesInOrder}): the same bytes as {@link #pack} of the sorted hashes. The fingerprints are sorted
   * rather than the 64-bit hashes, by a least-significant-byte radix sort (four counting passes, no comparisons, so
   * no mispredicted branches on random values); short sets use {@link Arrays#sort(int[])}. O(n) time, two {@code
   * int[n]} of scratch.
   */
  public static byte[] ofHashes(long[] shingles) {
    Preconditions.checkNotNull(shingles, "shingles");
    int n = shingles.length;
    int[] fingerprints = new int[n];
    for (int i = 0; i < n; i++) {
      fingerprints[i] = (int) (shingles[i] >> 32);
    }
    if (n < RADIX_MIN) {
      Arrays.sort(fingerprints);
    } else {
      fingerprints = radixSort(fingerprints);
    }
    return write(fingerprints, n);
  }

  /** Below this many values a comparison sort is cheaper than four passes over 256 counters. */
  private static final int RADIX_MIN = 64;

  /**
   * {@code values} sorted as signed ints, a byte at a time from the lowest (the top byte's sign bit flipped, so
   * negative values come first): the sorted array, which is {@code values} or a new one.
   */
  private static int[] radixSort(int[] values) {
    int n = values.length;
    int[] from = values;
    int[] to = new int[n];
    int[] counts = new int[256];
    for (int shift = 0; shift < Integer.SIZE; shift += 8) {
      int flip = shift == Integer.SIZE - 8 ? 0x80 : 0;
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[((from[i] >>> shift) & 0xFF) ^ flip]++;
      }
      int at = 0;
      for (int b = 0; b < 256; b++) {
        int c = counts[b];
        counts[b] = at;
        at += c;
      }
      for (int i = 0; i < n; i++) {
        int v = from[i];
        to[counts[((v >>> shift) & 0xFF) ^ flip]++] = v;
      }
      int[] t = from;
      from = to;
      to = t;
    }
    return from;
  }

  /** The first {@code n} of sorted {@code fingerprints}, each once, four little-endian bytes each. */
  private static byte[] write(int[] fingerprints, int n) {
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || fingerprints[i] != fingerprints[distinct - 1]) {
        fingerprints[distinct++] = fingerprints[i];
      }
    }
    byte[] out = new byte[distinct * Integer.BYTES];
    for (int i = 0; i < distinct; i++) {
      INTS.set(out, i * Integer.BYTES, fingerprints[i]);
    }
    return out;
  }

  /**
   * The fingerprints of a packed set, strictly increasing.
   *
   * @throws IllegalArgumentException if the length is not a multiple of four
   */
  public static int[] unpack(byte[] packed) {
    int n = count(packed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) INTS.get(packed, i * Integer.BYTES);
    }
    return out;
  }

  /**
   * {@code |A ∩ B| / |A ∪ B|} of two packed sets, by one merge pass; 0.0 when either is empty, as {@link
   * Jaccard#exact}. Sets come from {@link #pack}, which orders them; this method does not re-check the order. O(|A|
   * + |B|), no allocation.
   *
   * @throws IllegalArgumentException if a length is not a multiple of four
   */
  public static double jaccard(byte[] a, byte[] b) {
    int na = count(a);
    int nb = count(b);
    if (na == 0 || nb == 0) {
      return 0.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    int x = (int) INTS.get(a, 0);
    int y = (int) INTS.get(b, 0);
    while (true) {
      common += x == y ? 1 : 0;
      i += x <= y ? 1 : 0;
      j += y <= x ? 1 : 0;
      if (i == na || j == nb) {
        break;
      }
      x = (int) INTS.get(a, i * Integer.BYTES);
      y = (int) INTS.get(b, j * Integer.BYTES);
    }
    return (double) common / (na + nb - common);
  }

  private static int count(byte[] packed) {
    Preconditions.checkNotNull(packed, "packed");
    Preconditions.checkArgument(packed.length % Integer.BYTES == 0,
        "a packed shingle set has a multiple of 4 bytes, got %s", packed.length);
    return packed.length / Integer.BYTES;
  }
}
