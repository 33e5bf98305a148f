package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;
import java.util.Arrays;

/**
 * MinHash signatures of shingle sets: for each of {@code k} hash functions {@code h_i}, the minimum of
 * {@code h_i(x)} over the set. Two sets agree at position {@code i} with probability equal to their Jaccard
 * similarity, so the share of equal positions estimates it with standard error {@code sqrt(J (1 - J) / k)}.
 *
 * <p>Hash family: {@code h_i(x) = (a_i * fmix64(x) + b_i) >>> 1} in 64-bit wrap-around arithmetic, a 63-bit
 * non-negative value, with odd {@code a_i} and any {@code b_i} drawn from SplitMix64 started at the seed. The
 * shingle is pre-mixed once with MurmurHash3's {@code fmix64} (a bijection, so no collisions are added); the
 * per-permutation work is then one multiply and one add. The order of {@code a x + b} is decided by its high bits,
 * which depend on every bit of {@code x} (the multiply-shift family); the dropped lowest bit only decides ties
 * between values that agree in the other 63. Without the pre-mix, the affine family is biased on structured inputs
 * such as runs of consecutive integers (their images form a lattice); with it, the estimates are unbiased with the
 * binomial spread above for hashed and structured inputs alike, at the speed of the plain affine family.
 *
 * <p>Signature width: 63 bits per position. A chance equality of two minima from different shingles then has
 * probability about {@code 2^-63} per position, so it never inflates the estimate, and values pass to
 * {@link LshBander} unchanged.
 *
 * <p>Cost of {@link #signature}: O(|set| * k) multiply-add-min steps on one primitive {@code long[k]} of running
 * minima. The outer loop runs over shingles and the inner over permutations, reading the coefficient arrays
 * sequentially. The values are non-negative, so the running minimum is taken without a branch or {@code Math.min}
 * ({@code m + (d & (d >> 63))} with {@code d = v - m}, which cannot overflow): C2 vectorizes that loop on CPUs with
 * 64-bit vector multiplies (AVX-512DQ), where it runs about three times faster than the compare-and-store it
 * replaces, and the scalar loop is no slower. Nothing is allocated per shingle; one {@code long[k]} per call, none
 * with {@link #signatureInto}. Runs on the executors, once per document.
 *
 * <p>Deterministic: the same permutations and seed give the same signatures on every JVM. Immutable and
 * thread-safe.
 */
public final class MinHasher {
  private final int permutations;
  private final long seed;
  private final long[] mul;
  private final long[] add;

  /**
   * @param permutations number of hash functions {@code k}, the signature length, {@code >= 1}
   * @param seed fixes the family; documents are only comparable under the same permutations and seed
   */
  public MinHasher(int permutations, long seed) {
    Preconditions.checkArgument(permutations >= 1, "permutations must be >= 1, got %s", permutations);
    this.permutations = permutations;
    this.seed = seed;
    this.mul = new long[permutations];
    this.add = new long[permutations];
    for (int i = 0; i < permutations; i++) {
      mul[i] = Hashing.splitMix64(seed, 2L * i + 1) | 1L;
      add[i] = Hashing.splitMix64(seed, 2L * i + 2);
    }
  }

  public int permutations() {
    return permutations;
  }

  public long seed() {
    return seed;
  }

  /**
   * The signature of a shingle set (for example from {@link Shingler#shingles}). Duplicates and order do not
   * matter. An empty set gives all {@link Long#MAX_VALUE}, see {@link #isEmpty}.
   */
  public long[] signature(long[] shingles) {
    long[] out = new long[permutations];
    signatureInto(shingles, out);
    return out;
  }

  /** {@link #signature} into a caller-owned array of length {@link #permutations()}, to reuse it across documents. */
  public void signatureInto(long[] shingles, long[] out) {
    Preconditions.checkNotNull(shingles, "shingles");
    Preconditions.checkNotNull(out, "out");
    Preconditions.checkArgument(out.length == permutations,
        "out has length %s, expected the %s permutations", out.length, permutations);
    Arrays.fill(out, Long.MAX_VALUE);
    final long[] a = mul;
    final long[] b = add;
    final int k = permutations;
    for (long shingle : shingles) {
      long x = Hashing.fmix64(shingle);
      for (int i = 0; i < k; i++) {
        long m = out[i];
        long d = ((a[i] * x + b[i]) >>> 1) - m;
        out[i] = m + (d & (d >> 63));
      }
    }
  }

  /**
   * True for the signature of an empty shingle set: every position is {@link Long#MAX_VALUE}. A non-empty set
   * reaches that only if all {@code k} minima hit the one value, probability about {@code 2^(-63 k)}.
   */
  public static boolean isEmpty(long[] signature) {
    Preconditions.checkNotNull(signature, "signature");
    for (long v : signature) {
      if (v != Long.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }

  /**
   * The share of positions where the two signatures agree: an unbiased estimate of the Jaccard similarity of the
   * two shingle sets, if both were made by the same {@link MinHasher}. If either signature {@link #isEmpty is
   * empty} the result is 0.0, matching {@link Jaccard#exact}'s convention for empty sets. O(k).
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double estimateJaccard(long[] a, long[] b) {
    Preconditions.checkNotNull(a, "a");
    Preconditions.checkNotNull(b, "b");
    Preconditions.checkArgument(a.length == b.length,
        "signatures have different lengths %s and %s", a.length, b.length);
    Preconditions.checkArgument(a.length > 0, "signatures must not be zero-length");
    if (isEmpty(a) || isEmpty(b)) {
      return 0.0;
    }
    int equal = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        equal++;
      }
    }
    return (double) equal / a.length;
  }
}
