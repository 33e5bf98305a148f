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
  private long contentHash;

  public BandKeys(Shingler shingler, LshParams lsh, long seed) {
    Preconditions.checkNotNull(shingler, "shingler");
    Preconditions.checkNotNull(lsh, "lsh");
    int used = lsh.bands() * lsh.rows();
    this.shingler = shingler;
    this.minHasher = new MinHasher(used, seed);
    this.bander = new LshBander(new LshParams(used, lsh.bands(), lsh.rows()));
    this.signature = new long[used];
  }

  /** The band keys of {@code text}; empty when it has no shingles. Also remembers its content for {@link #rootKey}. */
  public long[] of(String text) {
    long[] shingles = shingler.shinglesInOrder(text);
    contentHash = contentHash(shingles);
    return ofShingles(shingles);
  }

  /**
   * The root key of the text last given to {@link #of} under document id {@code id} (null is allowed): a 64-bit mix
   * of a hash of the id and a hash of the text's shingles in text order (one multiply-add each, so nearly free beside
   * the signature; equal for texts that shingle alike, otherwise equal only by a chance of about {@code 2^-64}). It
   * orders the members of an LSH bucket by content and id, whatever the partitioning.
   */
  public long rootKey(String id) {
    long idHash = id == null ? 0 : Hashing.hashChars(id.toCharArray(), 0, id.length(), ID_SEED);
    return Hashing.combine(idHash, contentHash);
  }

  private static final long ID_SEED = 0x1D5EED0000000003L;

  private static long contentHash(long[] shingles) {
    long h = shingles.length;
    for (long s : shingles) {
      h = h * Hashing.P1 + s;
    }
    return Hashing.fmix64(h);
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
