package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Sorted shingle sets (as {@link Shingler#shingles} returns them) packed into bytes: eight little-endian bytes per
 * hash, in order. It is the form in which sets travel between Spark steps and are stored in the dedup index, so the
 * layout is fixed.
 *
 * <p>{@link #jaccard} reads two packed sets in place: no copy into {@code long[]}, and a merge whose steps are
 * decided without branches, since for two different sets the next step is as unpredictable as a coin toss.
 */
public final class PackedShingles {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private PackedShingles() {}

  /** The packed form of {@code values}, in their order. */
  public static byte[] pack(long[] values) {
    Preconditions.checkNotNull(values, "values");
    byte[] out = new byte[values.length * Long.BYTES];
    for (int i = 0; i < values.length; i++) {
      LONGS.set(out, i * Long.BYTES, values[i]);
    }
    return out;
  }

  /**
   * The hashes of a packed set.
   *
   * @throws IllegalArgumentException if the length is not a multiple of eight
   */
  public static long[] unpack(byte[] packed) {
    int n = count(packed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (long) LONGS.get(packed, i * Long.BYTES);
    }
    return out;
  }

  /**
   * {@link Jaccard#exact} of two packed sets, equal to {@code Jaccard.exact(unpack(a), unpack(b))} for sets packed
   * from strictly increasing arrays (this method does not re-check the order). 0.0 when either is empty. O(|A| +
   * |B|), no allocation.
   *
   * @throws IllegalArgumentException if a length is not a multiple of eight
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
    long x = (long) LONGS.get(a, 0);
    long y = (long) LONGS.get(b, 0);
    while (true) {
      common += x == y ? 1 : 0;
      i += x <= y ? 1 : 0;
      j += y <= x ? 1 : 0;
      if (i == na || j == nb) {
        break;
      }
      x = (long) LONGS.get(a, i * Long.BYTES);
      y = (long) LONGS.get(b, j * Long.BYTES);
    }
    return (double) common / (na + nb - common);
  }

  private static int count(byte[] packed) {
    Preconditions.checkNotNull(packed, "packed");
    Preconditions.checkArgument(packed.length % Long.BYTES == 0,
        "a packed shingle set has a multiple of 8 bytes, got %s", packed.length);
    return packed.length / Long.BYTES;
  }
}
