package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;

/** Exact Jaccard similarity of two shingle sets, to verify LSH candidate pairs or to test the estimators. */
public final class Jaccard {
  private Jaccard() {}

  /**
   * {@code |A ∩ B| / |A ∪ B|} of two sets given as strictly increasing arrays (as {@link Shingler} returns them),
   * by one merge pass. By convention the result is 0.0 when either set is empty, including when both are: an
   * empty document carries no evidence of being a copy of anything.
   *
   * <p>Cost: O(|A| + |B|) comparisons, plus one O(|A| + |B|) pass to check the arrays are sorted and distinct; no
   * allocation.
   *
   * @throws IllegalArgumentException if an array is not strictly increasing
   */
  public static double exact(long[] sortedA, long[] sortedB) {
    Preconditions.checkNotNull(sortedA, "sortedA");
    Preconditions.checkNotNull(sortedB, "sortedB");
    checkStrictlyIncreasing(sortedA, "sortedA");
    checkStrictlyIncreasing(sortedB, "sortedB");
    int na = sortedA.length;
    int nb = sortedB.length;
    if (na == 0 || nb == 0) {
      return 0.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    // Each step is decided without a branch: for two different sets it is as unpredictable as a coin toss.
    while (i < na && j < nb) {
      long x = sortedA[i];
      long y = sortedB[j];
      common += x == y ? 1 : 0;
      i += x <= y ? 1 : 0;
      j += y <= x ? 1 : 0;
    }
    return (double) common / (na + nb - common);
  }

  private static void checkStrictlyIncreasing(long[] a, String name) {
    for (int i = 1; i < a.length; i++) {
      if (a[i - 1] >= a[i]) {
        throw new IllegalArgumentException(String.format(
            "%s must be sorted and distinct, but %s[%s] = %s is followed by %s", name, name, i - 1, a[i - 1], a[i]));
      }
    }
  }
}
