package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketPairsTest {

  private final List<String> pairs = new ArrayList<>();
  private final BucketPairs bp = new BucketPairs(3, (a, b) -> pairs.add(a + "-" + b));

  @Test
  void smallBucketYieldsEveryPairOrdered() {
    bp.start();
    bp.add(7);
    bp.add(3);
    bp.add(5);
    bp.finish();
    assertEquals(List.of("3-7", "5-7", "3-5"), pairs);
    assertEquals(1, bp.buckets());
    assertEquals(0, bp.oversizedBuckets());
  }

  @Test
  void oversizedBucketYieldsStarEdgesFromTheRoot() {
    bp.start();
    for (long k : new long[] {4, 9, 1, 6, 2}) {
      bp.add(k);
    }
    bp.finish();
    assertEquals(List.of("4-9", "1-4", "4-6", "2-4"), pairs);
    assertEquals(1, bp.oversizedBuckets());
    assertEquals(5, bp.oversizedMembers());
  }

  @Test
  void singletonsYieldNothingAndBucketsAreIndependent() {
    bp.start();
    bp.add(1);
    bp.start();
    bp.add(2);
    bp.add(3);
    bp.start();
    bp.add(4);
    bp.finish();
    bp.finish();
    assertEquals(List.of("2-3"), pairs);
    assertEquals(1, bp.buckets());
  }

  @Test
  void repeatedKeyYieldsNoSelfPair() {
    bp.start();
    bp.add(5);
    bp.add(5);
    bp.finish();
    assertEquals(List.of(), pairs);
  }

  @Test
  void limitBelowTwoIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new BucketPairs(1, (a, b) -> { }));
  }
}
