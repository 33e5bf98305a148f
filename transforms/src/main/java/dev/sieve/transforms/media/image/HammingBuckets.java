package dev.sieve.transforms.media.image;

import dev.sieve.transforms.core.Preconditions;

/**
 * Finds the near-duplicate pairs within one LSH bucket of images, streamed one member at a time: each new member is
 * compared with the members before it, and a pair is reported when the Hamming distance of their fingerprints (one or
 * two 64-bit words) is within the limit. Memory and time are bounded: beyond {@code window} members, a new member is compared only with the
 * {@code window} members just before it (so callers sort a bucket's members by hash, which puts equal hashes next to
 * each other), and the bucket counts as oversized. Not thread-safe; one per task.
 */
public final class HammingBuckets {
  /** Receives a verified pair of record keys and their distance. */
  @FunctionalInterface
  public interface PairSink {
    void pair(long a, long b, int distance);
  }

  private final int maxDistance;
  private final int window;
  private final long[] rids;
  private final long[] lows;
  private final long[] highs;
  private int size;
  private long comparisons;
  private boolean oversized;

  public HammingBuckets(int maxDistance, int window) {
    Preconditions.checkArgument(maxDistance >= 0 && maxDistance <= 128, "max distance must be in 0..128, got %s",
        maxDistance);
    Preconditions.checkArgument(window >= 1, "window must be >= 1, got %s", window);
    this.maxDistance = maxDistance;
    this.window = window;
    this.rids = new long[window];
    this.lows = new long[window];
    this.highs = new long[window];
  }

  /** Starts a new bucket. */
  public void reset() {
    size = 0;
    oversized = false;
  }

  /**
   * Adds a member (its fingerprint's two words; {@code high} 0 for a 64-bit fingerprint) to the current bucket,
   * reporting its verified pairs with the members before it.
   */
  public void add(long rid, long low, long high, PairSink sink) {
    int n = Math.min(size, window);
    for (int i = 0; i < n; i++) {
      int d = Long.bitCount(lows[i] ^ low) + Long.bitCount(highs[i] ^ high);
      if (d <= maxDistance && rids[i] != rid) {
        sink.pair(Math.min(rids[i], rid), Math.max(rids[i], rid), d);
      }
    }
    comparisons += n;
    if (size >= window) {
      oversized = true;
    }
    int slot = size % window;
    rids[slot] = rid;
    lows[slot] = low;
    highs[slot] = high;
    size++;
  }

  /** Members in the current bucket. */
  public int size() {
    return size;
  }

  /** Whether the current bucket has outgrown the window (its later members were not compared with all). */
  public boolean oversized() {
    return oversized;
  }

  /** Hash comparisons made since this object was created. */
  public long comparisons() {
    return comparisons;
  }
}
