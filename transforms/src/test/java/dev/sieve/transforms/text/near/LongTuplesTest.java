package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongTuplesTest {

  private static final Comparator<long[]> LEXICOGRAPHIC = (x, y) -> {
    for (int k = 0; k < x.length; k++) {
      int c = Long.compare(x[k], y[k]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  private static long[] flat(List<long[]> tuples, int width, int spare) {
    long[] out = new long[tuples.size() * width + spare];
    for (int i = 0; i < tuples.size(); i++) {
      System.arraycopy(tuples.get(i), 0, out, i * width, width);
    }
    return out;
  }

  /** Random tuples drawn from a small range (many ties on the first value and whole repeats) and from all longs. */
  @Test
  void sortsAndDeduplicatesLikeAReferenceSort() {
    SplittableRandom r = new SplittableRandom(3);
    for (int width = 1; width <= 3; width++) {
      for (int n : new int[] {0, 1, 2, 15, 16, 17, 100, 5_000}) {
        for (long range : new long[] {3, 1_000, 0}) {
          List<long[]> tuples = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            long[] t = new long[width];
            for (int k = 0; k < width; k++) {
              t[k] = range == 0 ? r.nextLong() : r.nextLong(range) - range / 2;
            }
            tuples.add(t);
          }
          long[] a = flat(tuples, width, 5);
          long[] b = a.clone();
          tuples.sort(LEXICOGRAPHIC);
          LongTuples.sort(a, n, width);
          assertArrayEquals(flat(tuples, width, 0), Arrays.copyOf(a, n * width), "width " + width + ", n " + n);
          assertArrayEquals(Arrays.copyOfRange(b, n * width, b.length), Arrays.copyOfRange(a, n * width, a.length),
              "the spare tail is untouched");

          List<long[]> distinct = new ArrayList<>();
          for (long[] t : tuples) {
            if (distinct.isEmpty() || LEXICOGRAPHIC.compare(distinct.get(distinct.size() - 1), t) != 0) {
              distinct.add(t);
            }
          }
          int m = LongTuples.sortDistinct(b, n, width);
          assertEquals(distinct.size(), m);
          assertArrayEquals(flat(distinct, width, 0), Arrays.copyOf(b, m * width));
        }
      }
    }
  }

  @Test
  void sortsAllEqualAndAlreadySortedInput() {
    long[] same = new long[3 * 10_000];
    Arrays.fill(same, 7);
    LongTuples.sort(same, 10_000, 3);
    assertEquals(1, LongTuples.sortDistinct(same, 10_000, 3));
    long[] sorted = new long[2 * 10_000];
    for (int i = 0; i < 10_000; i++) {
      sorted[2 * i] = i / 10;
      sorted[2 * i + 1] = -i;
    }
    LongTuples.sort(sorted, 10_000, 2);
    for (int i = 1; i < 10_000; i++) {
      assertEquals(-1, Integer.signum(LongTuples.compare(sorted, i - 1, i, 2)), "at " + i);
    }
  }

  @Test
  void bufferGrowsAndHandsItsTuplesOver() {
    LongTuples.Buffer pairs = new LongTuples.Buffer(2, 1);
    for (int i = 0; i < 100; i++) {
      pairs.add(i, -i);
    }
    assertEquals(100, pairs.tuples());
    long[] taken = pairs.take();
    assertEquals(200, taken.length);
    assertEquals(99, taken[198]);
    assertEquals(-99, taken[199]);
    assertEquals(0, pairs.tuples());
    LongTuples.Buffer triples = new LongTuples.Buffer(3, 4);
    triples.add(1, 2, 3);
    assertArrayEquals(new long[] {1, 2, 3}, triples.take());
  }

  @Test
  void keepRepeatedFirstKeepsTheTuplesOfSharedFirstValuesInOrder() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    for (int t = 0; t < 300; t++) {
      int n = r.nextInt(200);
      long range = 1 + r.nextInt(300);
      long[] a = new long[n * 3 + r.nextInt(4)];
      for (int i = 0; i < a.length; i++) {
        // Zero and negative first values included: an empty slot is told by its count, not its key.
        a[i] = r.nextLong(range) - range / 3;
      }
      java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
      for (int i = 0; i < n; i++) {
        counts.merge(a[i * 3], 1, Integer::sum);
      }
      List<Long> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (counts.get(a[i * 3]) >= 2) {
          expected.addAll(List.of(a[i * 3], a[i * 3 + 1], a[i * 3 + 2]));
        }
      }
      int kept = LongTuples.keepRepeatedFirst(a, n, 3);
      List<Long> actual = new ArrayList<>();
      for (int i = 0; i < kept * 3; i++) {
        actual.add(a[i]);
      }
      assertEquals(expected, actual);
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> LongTuples.sort(new long[5], 3, 2));
    assertThrows(IllegalArgumentException.class, () -> LongTuples.sort(new long[5], 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LongTuples.Buffer(0, 1));
  }
}
