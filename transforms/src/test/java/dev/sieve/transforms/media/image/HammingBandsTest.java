package dev.sieve.transforms.media.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HammingBandsTest {

  @Test
  void keysAreTheSameOnEveryConstruction() {
    long h = 0x9f60609d419fcf36L;
    assertArrayEquals(new HammingBands(32, 12, 64).keys(h), new HammingBands(32, 12, 64).keys(h));
  }

  @Test
  void bandsOfOnePermutationAreDisjointSoSmallDistancesAlwaysCollide() {
    // 64 / 8 = 8 disjoint bands: two hashes up to 7 bits apart agree on one of them, whichever bits differ.
    HammingBands bands = new HammingBands(8, 8, 64);
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 2000; trial++) {
      long a = r.nextLong();
      long b = a;
      int flips = r.nextInt(8);
      for (int i = 0; i < flips; i++) {
        b ^= 1L << r.nextInt(64);
      }
      boolean shared = false;
      for (int band = 0; band < bands.bands(); band++) {
        shared |= bands.key(a, band) == bands.key(b, band);
      }
      assertTrue(shared, "hashes " + PerceptualHash.distance(a, b) + " bits apart share no band");
    }
    assertEquals(1.0, bands.probability(7), 1e-12 + 1 - bands.probability(7));
  }

  @Test
  void everyBitIsUsedOncePerPermutation() {
    HammingBands bands = new HammingBands(4, 16, 64);
    long union = 0;
    for (int b = 0; b < 4; b++) {
      for (int bit = 0; bit < 64; bit++) {
        if (bands.key(1L << bit, b) != 0) {
          assertEquals(0, union & (1L << bit), "bit " + bit + " in two bands");
          union |= 1L << bit;
        }
      }
    }
    assertEquals(-1L, union);
  }

  @Test
  void a128BitFingerprintUsesBothWords() {
    HammingBands bands = new HammingBands(8, 16, 128);
    long union = 0;
    long unionHigh = 0;
    for (int b = 0; b < 8; b++) {
      for (int bit = 0; bit < 64; bit++) {
        if (bands.key(1L << bit, 0L, b) != 0) {
          union |= 1L << bit;
        }
        if (bands.key(0L, 1L << bit, b) != 0) {
          unionHigh |= 1L << bit;
        }
      }
    }
    assertEquals(-1L, union);
    assertEquals(-1L, unionHigh);
    assertEquals(0.985, new HammingBands(24, 13, 128).probability(16), 0.001);
  }

  @Test
  void measuredCollisionRateFollowsTheCurve() {
    HammingBands bands = new HammingBands(32, 12, 64);
    SplittableRandom r = new SplittableRandom(7);
    int trials = 4000;
    int hits = 0;
    for (int t = 0; t < trials; t++) {
      long a = r.nextLong();
      long b = a;
      // exactly 10 distinct bits flipped
      long mask = 0;
      while (Long.bitCount(mask) < 10) {
        mask |= 1L << r.nextInt(64);
      }
      b ^= mask;
      long[] ka = bands.keys(a);
      long[] kb = bands.keys(b);
      for (int i = 0; i < ka.length; i++) {
        if (ka[i] == kb[i]) {
          hits++;
          break;
        }
      }
    }
    double rate = hits / (double) trials;
    // Disjoint bands within a permutation do at least as well as independent ones.
    assertTrue(rate >= bands.probability(10) - 0.02, "rate " + rate + " vs curve " + bands.probability(10));
    assertEquals(1.0, bands.probability(0), 1e-12);
    assertTrue(bands.probability(32) < 0.01);
  }
}
