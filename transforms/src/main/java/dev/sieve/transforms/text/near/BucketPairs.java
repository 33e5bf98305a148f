package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;

/**
 * Candidate pairs from one LSH bucket (the documents sharing one band key), streamed: members arrive one by one,
 * the first one being the bucket's root, and pairs leave through a {@link Sink} as {@code (smaller, larger)}.
 *
 * <ul>
 *   <li>A bucket of at most {@code pairwiseLimit} members yields every pair of its members: no similar pair inside
 *       it is missed.
 *   <li>A larger bucket yields star edges from the root to every other member: linear in its size, and memory
 *       bounded by the limit, so a bucket holding a large share of the corpus (boilerplate) cannot blow up. Two
 *       members similar to each other but not to the root are then linked only if another band joins them.
 * </ul>
 *
 * Memory: at most {@code pairwiseLimit} keys. Not thread-safe; reuse across buckets with {@link #start}.
 */
public final class BucketPairs {

  /** Receives the pairs. */
  @FunctionalInterface
  public interface Sink {
    void pair(long smaller, long larger);
  }

  private final int pairwiseLimit;
  private final long[] members;
  private final Sink sink;
  private long size;
  private long buckets;
  private long oversizedBuckets;
  private long oversizedMembers;

  public BucketPairs(int pairwiseLimit, Sink sink) {
    Preconditions.checkArgument(pairwiseLimit >= 2, "pairwiseLimit must be >= 2, got %s", pairwiseLimit);
    this.pairwiseLimit = pairwiseLimit;
    this.members = new long[pairwiseLimit];
    this.sink = Preconditions.checkNotNull(sink, "sink");
  }

  /** Ends the current bucket (if any) and starts a new, empty one. */
  public void start() {
    finish();
    size = 0;
  }

  /** Adds the next member of the current bucket; the first one added is the root. */
  public void add(long key) {
    if (size < pairwiseLimit) {
      members[(int) size] = key;
    } else {
      if (size == pairwiseLimit) {
        // The bucket has just become oversized: star edges for the members held so far, then for each newcomer.
        for (int i = 1; i < pairwiseLimit; i++) {
          emit(members[0], members[i]);
        }
      }
      emit(members[0], key);
    }
    size++;
  }

  /** Ends the current bucket: a bucket within the limit yields all its pairs now. Idempotent. */
  public void finish() {
    if (size >= 2) {
      buckets++;
      if (size <= pairwiseLimit) {
        for (int i = 0; i < size; i++) {
          for (int j = i + 1; j < size; j++) {
            emit(members[i], members[j]);
          }
        }
      } else {
        oversizedBuckets++;
        oversizedMembers += size;
      }
    }
    size = 0;
  }

  private void emit(long a, long b) {
    if (a != b) {
      sink.pair(Math.min(a, b), Math.max(a, b));
    }
  }

  /** Buckets of two or more members finished so far. */
  public long buckets() {
    return buckets;
  }

  /** Buckets above the limit (star edges only) finished so far. */
  public long oversizedBuckets() {
    return oversizedBuckets;
  }

  /** Members of the oversized buckets finished so far. */
  public long oversizedMembers() {
    return oversizedMembers;
  }
}
