package dev.sieve.bench;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic vocabulary of pronounceable lowercase ASCII pseudo-words with Zipf-distributed frequencies: the
 * word of rank {@code k} (0-based) is drawn with probability proportional to {@code 1 / (k + 1)^s}. Frequent ranks
 * get short words (one syllable), rare ranks long ones (two to four), roughly as in natural language. The words and
 * the distribution depend only on the size, the exponent and the seed.
 */
final class Vocabulary {
  private static final String[] ONSETS = {
    "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z",
    "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sh", "sl", "sp", "st", "th", "tr"
  };
  private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oa", "oo", "ou"};
  private static final String[] CODAS = {"", "", "", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "ck", "ng"};

  private final String[] words;
  private final double[] cdf;

  Vocabulary(int size, double exponent, long seed) {
    if (size < 100) {
      throw new IllegalArgumentException("vocabulary size must be >= 100, got " + size);
    }
    if (!(exponent > 0)) {
      throw new IllegalArgumentException("Zipf exponent must be > 0, got " + exponent);
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    words = new String[size];
    Set<String> seen = new HashSet<>(size * 2);
    for (int rank = 0; rank < size; rank++) {
      String w;
      int tries = 0;
      do {
        int syllables;
        if (rank < 150 && tries < 50) {
          syllables = 1;
        } else if (rank < 3000) {
          syllables = r.nextDouble() < 0.8 ? 2 : 1;
        } else {
          syllables = 2 + r.nextInt(3);
        }
        w = word(r, syllables + tries / 100);
        tries++;
      } while (!seen.add(w));
      words[rank] = w;
    }
    cdf = new double[size];
    double sum = 0;
    for (int k = 0; k < size; k++) {
      sum += 1.0 / Math.pow(k + 1, exponent);
      cdf[k] = sum;
    }
    for (int k = 0; k < size; k++) {
      cdf[k] /= sum;
    }
    cdf[size - 1] = 1.0;
  }

  private static String word(SplittableRandom r, int syllables) {
    StringBuilder sb = new StringBuilder(syllables * 4);
    for (int s = 0; s < syllables; s++) {
      sb.append(ONSETS[r.nextInt(ONSETS.length)]);
      sb.append(NUCLEI[r.nextInt(NUCLEI.length)]);
      // Codas mostly close the last syllable, so inner joints stay pronounceable.
      if (s == syllables - 1 || r.nextInt(4) == 0) {
        sb.append(CODAS[r.nextInt(CODAS.length)]);
      }
    }
    return sb.toString();
  }

  int size() {
    return words.length;
  }

  String word(int rank) {
    return words[rank];
  }

  /** A rank drawn from the Zipf distribution (inverse CDF by binary search). */
  int sample(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    int i = Arrays.binarySearch(cdf, u);
    if (i < 0) {
      i = -i - 1;
    }
    return Math.min(i, words.length - 1);
  }
}
