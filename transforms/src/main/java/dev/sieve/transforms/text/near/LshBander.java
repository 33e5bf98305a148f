package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;

/**
 * Cuts MinHash signatures into LSH bands and hashes each band to one 64-bit key. Documents that share a key in the
 * same band are candidate near-duplicates.
 *
 * <p>Band {@code j} covers signature positions {@code [j * r, j * r + r)}. Its key is the chain
 * {@code h = fmix64(seed + j); h = fmix64(h * P1 + v)} over the {@code r} values in order (see
 * {@link Hashing#combine}). The band index seeds the chain, so equal values in different bands give different keys
 * and the keys of all bands can share one column. Each chain step is a bijection of the running hash, so two bands
 * that differ in any single value always get different keys; unrelated bands collide with probability about
 * {@code 2^-64}, which only adds a spurious candidate pair.
 *
 * <p>Cost: O(r) multiply-xor-shift steps per band, O(b r) per signature; nothing allocated besides the result of
 * {@link #bandHashes}. Runs on the executors, once per document. Immutable and thread-safe.
 */
public final class LshBander {
  private static final long BAND_SEED = 0x3C6EF372FE94F82BL;

  private final LshParams params;

  public LshBander(LshParams params) {
    this.params = Preconditions.checkNotNull(params, "params");
  }

  public LshParams params() {
    return params;
  }

  /**
   * The key of band {@code band} of {@code signature}.
   *
   * @throws IllegalArgumentException if the signature length is not {@code params.permutations()} or the band is
   *     outside {@code [0, bands)}
   */
  public long bandHash(long[] signature, int band) {
    checkSignature(signature);
    Preconditions.checkArgument(band >= 0 && band < params.bands(),
        "band must be in [0, %s), got %s", params.bands(), band);
    return hashBand(signature, band, params.rows());
  }

  /** The keys of all bands, {@code result[j] == bandHash(signature, j)}. */
  public long[] bandHashes(long[] signature) {
    checkSignature(signature);
    int bands = params.bands();
    int rows = params.rows();
    long[] out = new long[bands];
    for (int j = 0; j < bands; j++) {
      out[j] = hashBand(signature, j, rows);
    }
    return out;
  }

  private static long hashBand(long[] signature, int band, int rows) {
    long h = Hashing.fmix64(BAND_SEED + band);
    for (int i = band * rows, end = i + rows; i < end; i++) {
      h = Hashing.combine(h, signature[i]);
    }
    return h;
  }

  private void checkSignature(long[] signature) {
    Preconditions.checkNotNull(signature, "signature");
    Preconditions.checkArgument(signature.length == params.permutations(),
        "signature has length %s, expected the %s permutations", signature.length, params.permutations());
  }
}
