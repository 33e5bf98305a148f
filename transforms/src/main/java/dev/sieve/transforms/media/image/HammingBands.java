package dev.sieve.transforms.media.image;

import dev.sieve.transforms.core.Preconditions;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Bit-sampling LSH for fingerprints of 64 or 128 bits (one or two 64-bit hashes) under Hamming distance: band b is
 * the value of {@code bits} chosen bit positions of the fingerprint, and two fingerprints are candidates when they
 * agree on every position of at least one band.
 *
 * <p>Positions: a fixed pseudo-random permutation of the {@code width} bit positions is cut into {@code width / bits}
 * disjoint bands; further bands come from further permutations. The permutations depend only on {@link #SEED} and
 * the shape, so band keys are the same on every run and machine. Within one permutation the bands are disjoint, so
 * by pigeonhole two fingerprints at distance {@code d < width / bits} always share a band of it.
 *
 * <p>Collision probability at distance d: one band matches with {@code p(d) = C(width - d, bits) / C(width, bits)},
 * and {@link #probability} is {@code 1 - (1 - p(d))^bands} (bands treated as independent; disjoint bands of one
 * permutation do better than that). Cost: one row per band per image, and the expected number of candidates of an
 * image among N unrelated ones is about {@code bands · N · 2^-bits} for random-looking fingerprints. Immutable,
 * serializable.
 */
public final class HammingBands implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Seed of the permutations; changing it changes every band key (and an index built with it). */
  public static final long SEED = 0x5eed_1a6e_d0d0L;

  private final int bands;
  private final int bits;
  private final int width;
  private final int[][] positions;

  /** Bands over a fingerprint of {@code width} bits (64 or 128), each of {@code bits} bits. */
  public HammingBands(int bands, int bits, int width) {
    Preconditions.checkArgument(width == 64 || width == 128, "fingerprint width must be 64 or 128, got %s", width);
    Preconditions.checkArgument(bits >= 1 && bits <= 64 && bits <= width, "bits per band must be in 1..64, got %s",
        bits);
    Preconditions.checkArgument(bands >= 1 && bands <= 1024, "bands must be in 1..1024, got %s", bands);
    this.bands = bands;
    this.bits = bits;
    this.width = width;
    this.positions = new int[bands][];
    SplittableRandom random = new SplittableRandom(SEED + width);
    int perPermutation = width / bits;
    int[] perm = null;
    for (int b = 0; b < bands; b++) {
      int slot = b % perPermutation;
      if (slot == 0) {
        perm = shuffled(random, width);
      }
      positions[b] = java.util.Arrays.copyOfRange(perm, slot * bits, slot * bits + bits);
      java.util.Arrays.sort(positions[b]);
    }
  }

  private static int[] shuffled(SplittableRandom random, int width) {
    int[] p = new int[width];
    for (int i = 0; i < width; i++) {
      p[i] = i;
    }
    for (int i = width - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  public int bands() {
    return bands;
  }

  public int bits() {
    return bits;
  }

  /** Fingerprint width in bits. */
  public int width() {
    return width;
  }

  /**
   * The key of a fingerprint in band {@code band}: its bits at the band's positions, packed low to high. Bit
   * positions 0..63 are {@code low}'s, 64..127 {@code high}'s (ignored for a 64-bit fingerprint).
   */
  public long key(long low, long high, int band) {
    int[] pos = positions[band];
    long key = 0;
    for (int i = 0; i < pos.length; i++) {
      int p = pos[i];
      long word = p < 64 ? low : high;
      key |= ((word >>> (p & 63)) & 1L) << i;
    }
    return key;
  }

  /** The key of a 64-bit fingerprint in band {@code band}. */
  public long key(long hash, int band) {
    return key(hash, 0L, band);
  }

  /** The keys of a 64-bit fingerprint in every band. */
  public long[] keys(long hash) {
    long[] out = new long[bands];
    for (int b = 0; b < bands; b++) {
      out[b] = key(hash, 0L, b);
    }
    return out;
  }

  /**
   * The chance that two fingerprints {@code distance} bits apart share at least one band (bands taken as
   * independent).
   */
  public double probability(int distance) {
    Preconditions.checkArgument(distance >= 0 && distance <= width, "distance must be in 0..%s, got %s", width,
        distance);
    double p = 1;
    for (int i = 0; i < bits; i++) {
      p *= (double) (width - distance - i) / (width - i);
      if (p <= 0) {
        p = 0;
        break;
      }
    }
    return 1 - Math.pow(1 - p, bands);
  }
}
