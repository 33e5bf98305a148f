package dev.sieve.transforms.media.image;

import dev.sieve.transforms.core.Preconditions;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Bit-sampling LSH for 64-bit hashes under Hamming distance: band b is the value of {@code bits} chosen bit
 * positions of the hash, and two hashes are candidates when they agree on every position of at least one band.
 *
 * <p>Positions: a fixed pseudo-random permutation of the 64 bit positions is cut into {@code 64 / bits} disjoint
 * bands; further bands come from further permutations. The permutations depend only on {@link #SEED}, so band keys
 * are the same on every run and machine. Within one permutation the bands are disjoint, so by pigeonhole two hashes
 * at distance {@code d < 64 / bits} always share a band of it.
 *
 * <p>Collision probability at distance d: one band matches with {@code p(d) = C(64 - d, bits) / C(64, bits)}, and
 * {@link #probability} is {@code 1 - (1 - p(d))^bands} (bands treated as independent; disjoint bands of one
 * permutation do better than that). Cost: one row per band per image, and the expected number of candidates of an
 * image among N unrelated ones is about {@code bands · N · 2^-bits} for random-looking hashes. Immutable,
 * serializable.
 */
public final class HammingBands implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Seed of the permutations; changing it changes every band key (and an index built with it). */
  public static final long SEED = 0x5eed_1a6e_d0d0L;

  private final int bands;
  private final int bits;
  private final int[][] positions;

  public HammingBands(int bands, int bits) {
    Preconditions.checkArgument(bits >= 1 && bits <= 64, "bits per band must be in 1..64, got %s", bits);
    Preconditions.checkArgument(bands >= 1 && bands <= 1024, "bands must be in 1..1024, got %s", bands);
    this.bands = bands;
    this.bits = bits;
    this.positions = new int[bands][];
    SplittableRandom random = new SplittableRandom(SEED);
    int perPermutation = 64 / bits;
    int[] perm = null;
    for (int b = 0; b < bands; b++) {
      int slot = b % perPermutation;
      if (slot == 0) {
        perm = shuffled(random);
      }
      positions[b] = java.util.Arrays.copyOfRange(perm, slot * bits, slot * bits + bits);
      java.util.Arrays.sort(positions[b]);
    }
  }

  private static int[] shuffled(SplittableRandom random) {
    int[] p = new int[64];
    for (int i = 0; i < 64; i++) {
      p[i] = i;
    }
    for (int i = 63; i > 0; i--) {
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

  /** The key of {@code hash} in band {@code band}: its bits at the band's positions, packed low to high. */
  public long key(long hash, int band) {
    int[] pos = positions[band];
    long key = 0;
    for (int i = 0; i < pos.length; i++) {
      key |= ((hash >>> pos[i]) & 1L) << i;
    }
    return key;
  }

  /** The keys of {@code hash} in every band. */
  public long[] keys(long hash) {
    long[] out = new long[bands];
    for (int b = 0; b < bands; b++) {
      out[b] = key(hash, b);
    }
    return out;
  }

  /** The chance that two hashes {@code distance} bits apart share at least one band (bands taken as independent). */
  public double probability(int distance) {
    Preconditions.checkArgument(distance >= 0 && distance <= 64, "distance must be in 0..64, got %s", distance);
    double p = 1;
    for (int i = 0; i < bits; i++) {
      p *= (double) (64 - distance - i) / (64 - i);
      if (p <= 0) {
        p = 0;
        break;
      }
    }
    return 1 - Math.pow(1 - p, bands);
  }
}
