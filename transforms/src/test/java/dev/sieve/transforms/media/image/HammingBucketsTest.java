package dev.sieve.transforms.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HammingBucketsTest {

  private static List<String> run(HammingBuckets b, long[][] members) {
    List<String> pairs = new ArrayList<>();
    for (long[] m : members) {
      b.add(m[0], m[1], m[2], (x, y, d) -> pairs.add(x + "-" + y + ":" + d));
    }
    return pairs;
  }

  @Test
  void reportsPairsWithinBothLimitsSmallerKeyFirst() {
    HammingBuckets b = new HammingBuckets(10, 100);
    List<String> pairs = run(b, new long[][] {
        {7, 0b0L, 0L},
        {3, 0b111L, 0b1L},          // 3 + 1 bits from 7: a pair
        {9, 0xFFFFL, 0L},           // 16 bits from 7: too far
        {5, 0b1L, 0xFFFFFFL}});     // low word close to 7 and 3, high word 24 bits away: too far
    assertEquals(List.of("3-7:4"), pairs);
    assertEquals(6, b.comparisons());
    assertFalse(b.oversized());
  }

  @Test
  void aBucketOverTheWindowComparesWithTheLastMembersOnly() {
    HammingBuckets b = new HammingBuckets(0, 2);
    List<String> pairs = run(b, new long[][] {{1, 5, 5}, {2, 6, 6}, {3, 7, 7}, {4, 5, 5}});
    // 4 equals 1, but 1 has left the window of two (2 and 3).
    assertTrue(pairs.isEmpty(), pairs.toString());
    assertTrue(b.oversized());
    b.reset();
    assertEquals(List.of("1-4:0"), run(b, new long[][] {{1, 5, 5}, {4, 5, 5}}));
  }
}
