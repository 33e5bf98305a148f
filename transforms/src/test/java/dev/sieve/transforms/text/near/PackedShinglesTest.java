package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PackedShinglesTest {

  @Test
  void packsTheHighHalvesLittleEndianOncePerFingerprint() {
    long[] sorted = {-2L << 32 | 5, -2L << 32 | 7, 1L << 32 | 0xFFFF_FFFFL};
    byte[] packed = PackedShingles.pack(sorted);
    assertArrayEquals(new byte[] {-2, -1, -1, -1, 1, 0, 0, 0}, packed);
    assertArrayEquals(new int[] {-2, 1}, PackedShingles.unpack(packed));
  }

  @Test
  void packingUnsortedHashesGivesTheSameBytesAsPackingTheSortedOnes() {
    SplittableRandom r = new SplittableRandom(11);
    for (int t = 0; t < 3_000; t++) {
      int n = r.nextInt(t % 10 == 0 ? 5_000 : 300);
      long[] hashes = new long[n];
      for (int i = 0; i < n; i++) {
        // Full-range values, small ranges (many repeated fingerprints), and values around the sign change.
        hashes[i] = switch (t % 3) {
          case 0 -> r.nextLong();
          case 1 -> (long) (r.nextInt(50) - 25) << 32 | r.nextInt();
          default -> r.nextLong(-(1L << 40), 1L << 40);
        };
      }
      long[] sorted = hashes.clone();
      Arrays.sort(sorted);
      assertArrayEquals(PackedShingles.pack(sorted), PackedShingles.ofHashes(hashes), "n = " + n);
    }
    assertArrayEquals(new byte[0], PackedShingles.ofHashes(new long[0]));
    Shingler s = Shingler.words();
    String text = "a rose is a rose is a rose is a rose, and the rose is red and the sky is blue and the sea is deep";
    assertArrayEquals(PackedShingles.pack(s.shingles(text)), PackedShingles.ofHashes(s.shinglesInOrder(text)));
  }

  @Test
  void jaccardEqualsTheExactJaccardOfTheFingerprintSets() {
    SplittableRandom r = new SplittableRandom(7);
    for (int t = 0; t < 2_000; t++) {
      // Small fingerprint ranges make overlaps, ties at both ends and one side running out first all common.
      long range = 1 + r.nextInt(200);
      long[] a = sortedShingles(r, r.nextInt(60), range);
      long[] b = sortedShingles(r, r.nextInt(60), range);
      assertEquals(Jaccard.exact(fingerprints(a), fingerprints(b)),
          PackedShingles.jaccard(PackedShingles.pack(a), PackedShingles.pack(b)), 0.0,
          () -> Arrays.toString(a) + " vs " + Arrays.toString(b));
    }
  }

  @Test
  void jaccardOfRealDocumentsMatchesTheShingleSets() {
    Shingler s = Shingler.words();
    long[] a = s.shingles("the quick brown fox jumps over the lazy dog while the cat sleeps in the warm sun all day");
    long[] b = s.shingles("the quick brown fox jumps over the lazy dog while the cat naps in the warm sun all day");
    assertEquals(Jaccard.exact(a, b), PackedShingles.jaccard(PackedShingles.pack(a), PackedShingles.pack(b)), 0.0);
  }

  @Test
  void jaccardOfEdgeCases() {
    byte[] empty = PackedShingles.pack(new long[0]);
    byte[] some = PackedShingles.pack(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE});
    assertEquals(0.0, PackedShingles.jaccard(empty, empty));
    assertEquals(0.0, PackedShingles.jaccard(some, empty));
    assertEquals(1.0, PackedShingles.jaccard(some, some));
    assertEquals(2.0 / 3.0,
        PackedShingles.jaccard(some, PackedShingles.pack(new long[] {Long.MIN_VALUE, Long.MAX_VALUE})));
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> PackedShingles.jaccard(new byte[4], new byte[9]));
    assertEquals("a packed shingle set has a multiple of 4 bytes, got 9", length.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> PackedShingles.pack(new long[] {3, 2}));
    assertEquals("sortedShingles must be sorted, but [0] = 3 is followed by 2", order.getMessage());
  }

  /** Sorted hashes whose fingerprints fall in a small range, with random low halves. */
  private static long[] sortedShingles(SplittableRandom r, int n, long range) {
    return LongStream.generate(() -> (r.nextLong(range) - range / 2) << 32 | r.nextInt() & 0xFFFF_FFFFL)
        .limit(n).sorted().toArray();
  }

  private static long[] fingerprints(long[] sorted) {
    return LongStream.of(sorted).map(h -> h >> 32).distinct().toArray();
  }
}
