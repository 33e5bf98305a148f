package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PackedShinglesTest {

  @Test
  void packsLittleEndianEightBytesPerHash() {
    byte[] packed = PackedShingles.pack(new long[] {1L, -2L});
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, -2, -1, -1, -1, -1, -1, -1, -1}, packed);
    assertArrayEquals(new long[] {1L, -2L}, PackedShingles.unpack(packed));
  }

  @Test
  void jaccardEqualsTheExactMergeOnRandomSets() {
    SplittableRandom r = new SplittableRandom(7);
    for (int t = 0; t < 2_000; t++) {
      // Small value ranges make overlaps, ties at both ends and one side running out first all common.
      long range = 1 + r.nextInt(200);
      long[] a = sortedDistinct(r, r.nextInt(60), range);
      long[] b = sortedDistinct(r, r.nextInt(60), range);
      assertEquals(Jaccard.exact(a, b), PackedShingles.jaccard(PackedShingles.pack(a), PackedShingles.pack(b)),
          0.0, () -> java.util.Arrays.toString(a) + " vs " + java.util.Arrays.toString(b));
    }
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
  void rejectsATruncatedSetNamingItsLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PackedShingles.jaccard(new byte[8], new byte[9]));
    assertEquals("a packed shingle set has a multiple of 8 bytes, got 9", e.getMessage());
  }

  private static long[] sortedDistinct(SplittableRandom r, int n, long range) {
    return LongStream.generate(() -> r.nextLong(range) - range / 2).limit(n).sorted().distinct().toArray();
  }
}
