package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;

/**
 * The LSH band keys of a document: {@link Shingler} → {@link MinHasher} → {@link LshBander}, with the work cut to
 * what the keys read.
 *
 * <ul>
 *   <li>The shingles go to MinHash unsorted and with repeats ({@link Shingler#shinglesInOrder}): a minimum ignores
 *       both, so the sort is skipped.
 *   <li>Only the first {@code bands × rows} permutations are computed: the band keys read no others, and the
 *       permutations are generated in order from the seed, so those values are exactly the ones a full signature
 *       has.
 * </ul>
 *
 * The result equals {@code new LshBander(lsh).bandHashes(new MinHasher(lsh.permutations(), seed)
 * .signature(shingler.shingles(text)))} for every text with shingles; a text without any has no keys (an empty
 * array). Not thread-safe (it reuses one signature buffer): one instance per task or thread.
 */
public final class BandKeys {
  private static final long[] NONE = new long[0];

  private final Shingler shingler;
  private final MinHasher minHasher;
  private final LshBander bander;
  private final long[] signature;

  public BandKeys(Shingler shingler, LshParams lsh, long seed) {
    Preconditions.checkNotNull(shingler, "shingler");
    Preconditions.checkNotNull(lsh, "lsh");
    int used = lsh.bands() * lsh.rows();
    this.shingler = shingler;
    this.minHasher = new MinHasher(used, seed);
    this.bander = new LshBander(new LshParams(used, lsh.bands(), lsh.rows()));
    this.signature = new long[used];
  }

  /** The band keys of {@code text}; empty when it has no shingles. */
  public long[] of(String text) {
    return ofShingles(shingler.shinglesInOrder(text));
  }

  /**
   * The band keys of a document's shingle hashes, in any order and with repeats or not (for example the sorted set
   * a caller already has for {@link Jaccard}); empty when there are none.
   */
  public long[] ofShingles(long[] shingles) {
    if (shingles.length == 0) {
      return NONE;
    }
    minHasher.signatureInto(shingles, signature);
    return bander.bandHashes(signature);
  }
}
