package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JaccardTest {
  @Test
  void workedExamples() {
    assertEquals(0.5, Jaccard.exact(new long[] {1, 2, 3}, new long[] {2, 3, 4}));
    assertEquals(1.0, Jaccard.exact(new long[] {-7, 0, 9}, new long[] {-7, 0, 9}));
    assertEquals(0.0, Jaccard.exact(new long[] {1, 2}, new long[] {3, 4}));
    assertEquals(0.25, Jaccard.exact(new long[] {1}, new long[] {1, 2, 3, 4}));
    assertEquals(1.0 / 3.0, Jaccard.exact(new long[] {Long.MIN_VALUE, 5}, new long[] {5, Long.MAX_VALUE}), 1e-15);
  }

  @Test
  void emptySetsGiveZero() {
    assertEquals(0.0, Jaccard.exact(new long[0], new long[0]));
    assertEquals(0.0, Jaccard.exact(new long[0], new long[] {1, 2}));
    assertEquals(0.0, Jaccard.exact(new long[] {1, 2}, new long[0]));
  }

  @Test
  void isSymmetric() {
    long[] a = {1, 4, 6, 8, 10};
    long[] b = {2, 4, 8, 9};
    assertEquals(Jaccard.exact(a, b), Jaccard.exact(b, a));
    assertEquals(2.0 / 7.0, Jaccard.exact(a, b), 1e-15);
  }

  @Test
  void rejectsUnsortedOrRepeatedInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Jaccard.exact(new long[] {3, 1}, new long[] {1}));
    assertTrue(e.getMessage().contains("sortedA[0] = 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Jaccard.exact(new long[] {1}, new long[] {2, 2}));
    assertTrue(e.getMessage().contains("sortedB[0] = 2"), e.getMessage());
  }
}
