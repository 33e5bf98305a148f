package dev.sieve.transforms.text.near;

/**
 * The 64-bit mixing primitives shared by the near-duplicate kernels. Pure arithmetic on {@code long}: results are
 * identical on every JVM and platform.
 *
 * <ul>
 *   <li>{@link #fmix64} is MurmurHash3's 64-bit finalizer: a bijection with full avalanche (every input bit flips
 *       each output bit with probability close to 1/2). Two multiplications and three xor-shifts.
 *   <li>{@link #splitMix64} is the SplitMix64 output function (Steele, Lea and Flood), used to expand one seed into
 *       a reproducible stream of constants.
 *   <li>{@link #hashChars} hashes a range of UTF-16 code units four at a time (one 64-bit word per round), in the
 *       style of xxHash64's accumulator round, then finalizes with {@link #fmix64}.
 *   <li>{@link #combine} folds one more 64-bit value into an order-sensitive running hash.
 * </ul>
 */
final class Hashing {
  private Hashing() {}

  /** Odd 64-bit constants from xxHash64 (primes) and the golden ratio; any odd values with mixed bits would do. */
  static final long P1 = 0x9E3779B185EBCA87L;
  static final long P2 = 0xC2B2AE3D27D4EB4FL;
  static final long P3 = 0x165667B19E3779F9L;
  static final long P4 = 0x85EBCA77C2B2AE63L;
  static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** MurmurHash3 fmix64: a bijective avalanche finalizer. Note {@code fmix64(0) == 0}. */
  static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }

  /** The {@code i}-th output (from 1) of a SplitMix64 generator started at {@code seed}. */
  static long splitMix64(long seed, long i) {
    long z = seed + i * GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Order-sensitive, non-linear fold of {@code value} into {@code h}: {@code fmix64(h * P1 + value)}. For a fixed
   * {@code h} it is a bijection in {@code value}, and for a fixed {@code value} a bijection in {@code h}, so two
   * sequences of equal length that differ in exactly one position always end in different hashes.
   */
  static long combine(long h, long value) {
    return fmix64(h * P1 + value);
  }

  /**
   * 64-bit hash of the UTF-16 code units {@code s[from, to)}. Four code units are packed into one word per round
   * ({@code acc = rotl(acc ^ word * P2, 31) * P1 + P4}, a bijection in both the word and the accumulator); the
   * length is folded in at the end, so that trailing {@code '\0'} units still count; {@link #fmix64} finishes.
   * Cost: one multiply-rotate-multiply round per four code units plus the finalizer.
   */
  static long hashChars(char[] s, int from, int to, long seed) {
    long acc = charsStart(seed);
    int i = from;
    for (int last = to - 3; i < last; i += 4) {
      long word = s[i]
          | (long) s[i + 1] << 16
          | (long) s[i + 2] << 32
          | (long) s[i + 3] << 48;
      acc = charsRound(acc, word);
    }
    if (i < to) {
      long word = 0;
      for (int shift = 0; i < to; i++, shift += 16) {
        word |= (long) s[i] << shift;
      }
      acc = charsRound(acc, word);
    }
    return charsFinish(acc, to - from);
  }

  /** The accumulator of {@link #hashChars} before any code unit. */
  private static long charsStart(long seed) {
    return seed + P3;
  }

  /** One round of {@link #hashChars}: up to four code units packed little-end first into {@code word}. */
  private static long charsRound(long acc, long word) {
    return Long.rotateLeft(acc ^ word * P2, 31) * P1 + P4;
  }

  /** The hash of {@code length} code units from the accumulator after their rounds. */
  private static long charsFinish(long acc, int length) {
    return fmix64(acc + length * P1);
  }

  /** 64-bit hash of one code point: the code point offset by {@code seed}, then {@link #fmix64}. */
  static long hashCodePoint(int codePoint, long seed) {
    return fmix64((codePoint + seed) * GOLDEN + P4);
  }
}
