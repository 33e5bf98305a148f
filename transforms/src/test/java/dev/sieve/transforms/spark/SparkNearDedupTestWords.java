package dev.sieve.transforms.spark;

/** Deterministic pseudo-word texts for near-dedup tests in this and other modules. */
public final class SparkNearDedupTestWords {
  private SparkNearDedupTestWords() {}

  public static String words(long seed, int n) {
    return SparkNearDedupTest.words(seed, n);
  }
}
