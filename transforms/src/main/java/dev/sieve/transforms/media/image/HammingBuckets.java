package dev.sieve.transforms.media.image;

import dev.sieve.transforms.core.Preconditions;

/**
 * Finds the near-duplicate pairs within one LSH bucket of images, streamed one member at a time: each new member is
 * compared with the members before it, and a pair is reported when both its pHash and its dHash distances are within
 * the limits. Memory and time are bounded: beyond {@code window} members, a new member is compared only with the
 * {@code window} members just before it (so callers sort a bucket's members by hash, which puts equal hashes next to
 * each other), and the bucket counts as oversized. Not thread-safe; one per task.
 */
public final class HammingBuckets {
  /** Receives a verified pair of record keys and their pHash distance. */
  @FunctionalInterface
  public interface PairSink {
    void pair(long a, long b, int phashDistance);
  }

  private final int maxPhashDistance;
  private final int maxDhashDistance;
  private final int window;
  private final long[] rids;
  private final long[] phashes;
  private final long[] dhashes;
  private int size;
  private long comparisons;
  private boolean oversized;

  public HammingBuckets(int maxPhashDistance, int maxDhashDistance, int window) {
    Preconditions.checkArgument(maxPhashDistance >= 0 && maxPhashDistance <= 64,
        "max pHash distance must be in 0..64, got %s", maxPhashDistance);
    Preconditions.checkArgument(maxDhashDistance >= 0 && maxDhashDistance <= 64,
        "max dHash distance must be in 0..64, got %s", maxDhashDistance);
    Preconditions.checkArgument(window >= 1, "window must be >= 1, got %s", window);
    this.maxPhashDistance = maxPhashDistance;
    this.maxDhashDistance = maxDhashDistance;
    this.window = window;
    this.rids = new long[window];
    this.phashes = new long[window];
    this.dhashes = new long[window];
  }

  /** Starts a new bucket. */
  public void reset() {
    size = 0;
    oversized = false;
  }

  /** Adds a member to the current bucket, reporting its verified pairs with the members before it. */
  public void add(long rid, long phash, long dhash, PairSink sink) {
    int n = Math.min(size, window);
    for (int i = 0; i < n; i++) {
      int pd = Long.bitCount(phashes[i] ^ phash);
      if (pd <= maxPhashDistance && Long.bitCount(dhashes[i] ^ dhash) <= maxDhashDistance && rids[i] != rid) {
        sink.pair(Math.min(rids[i], rid), Math.max(rids[i], rid), pd);
      }
    }
    comparisons += n;
    if (size >= window) {
      oversized = true;
    }
    int slot = size % window;
    rids[slot] = rid;
    phashes[slot] = phash;
    dhashes[slot] = dhash;
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
