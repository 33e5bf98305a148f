package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;

/**
 * Banding of a MinHash signature for locality-sensitive hashing: the first {@code bands * rows} positions of a
 * signature of {@code permutations} values are cut into {@code bands} bands of {@code rows} consecutive values, and
 * two documents become a candidate pair when all rows of at least one band agree. For two documents with Jaccard
 * similarity {@code s} that happens with probability {@code P(s) = 1 - (1 - s^r)^b}, an S-shaped curve whose knee
 * is near {@code (1/b)^(1/r)}.
 *
 * @param permutations signature length the bands are cut from, {@code >= bands * rows}
 * @param bands number of bands {@code b}, {@code >= 1}
 * @param rows values per band {@code r}, {@code >= 1}
 */
public record LshParams(int permutations, int bands, int rows) implements java.io.Serializable {
  /**
   * A general chance of finding a pair at the threshold for derived settings (the audio fingerprint LSH uses it):
   * at Jaccard 0.8 and 128 permutations it gives 16 bands of 6 rows (P = 0.992 at 0.8). Text near dedup asks for
   * more by default ({@code NearDedup.DEFAULT_RECALL_AT_THRESHOLD}).
   */
  public static final double DEFAULT_RECALL_AT_THRESHOLD = 0.99;

  /** Integration steps for the false-positive mass in {@link #derive}. */
  static final int INTEGRATION_STEPS = 1000;

  /** Upper bound on the rows {@link #curve} returns. */
  private static final int MAX_CURVE_POINTS = 1_000_000;

  public LshParams {
    Preconditions.checkArgument(permutations >= 1, "permutations must be >= 1, got %s", permutations);
    Preconditions.checkArgument(bands >= 1, "bands must be >= 1, got %s", bands);
    Preconditions.checkArgument(rows >= 1, "rows must be >= 1, got %s", rows);
    Preconditions.checkArgument((long) bands * rows <= permutations,
        "bands * rows = %s * %s = %s exceeds the %s permutations", bands, rows, (long) bands * rows, permutations);
  }

  /**
   * Probability that two documents of Jaccard similarity {@code s} share at least one band:
   * {@code 1 - (1 - s^r)^b}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= s <= 1}
   */
  public double probability(double s) {
    Preconditions.checkArgument(s >= 0.0 && s <= 1.0, "similarity must be in [0, 1], got %s", s);
    return candidateProbability(s, bands, rows);
  }

  /** The knee of the S-curve, {@code (1/b)^(1/r)}: roughly where {@link #probability} rises steepest. */
  public double threshold() {
    return Math.pow(1.0 / bands, 1.0 / rows);
  }

  /**
   * The area {@code ∫_0^t P(s) ds} under the S-curve below {@code t = jaccardThreshold} (midpoint rule,
   * {@value #INTEGRATION_STEPS} steps): {@code t} times the share of sub-threshold pairs that would still become
   * candidates if their similarities were spread evenly over {@code [0, t]}. Lower is better.
   */
  public double falsePositiveMass(double jaccardThreshold) {
    Preconditions.checkArgument(jaccardThreshold > 0.0 && jaccardThreshold < 1.0,
        "jaccardThreshold must be in (0, 1), got %s", jaccardThreshold);
    return falsePositiveMass(jaccardThreshold, bands, rows);
  }

  /** Rows of {@code {s, P(s)}} for {@code s = from, from + step, ...} up to {@code to} inclusive. */
  public double[][] curve(double from, double to, double step) {
    Preconditions.checkArgument(from >= 0.0 && from <= 1.0, "from must be in [0, 1], got %s", from);
    Preconditions.checkArgument(to >= from && to <= 1.0, "to must be in [from, 1], got %s", to);
    Preconditions.checkArgument(step > 0.0, "step must be > 0, got %s", step);
    // The small slack keeps 'to' when (to - from) / step is an integer blurred by rounding.
    double intervals = Math.floor((to - from) / step + 1e-9);
    Preconditions.checkArgument(intervals < MAX_CURVE_POINTS,
        "step %s gives more than %s points between %s and %s", step, MAX_CURVE_POINTS, from, to);
    int count = (int) intervals + 1;
    double[][] table = new double[count][];
    for (int i = 0; i < count; i++) {
      // Computed from i rather than accumulated, then rounded to 12 decimals so 0.95 prints as 0.95.
      double s = Math.min(1.0, Math.round((from + i * step) * 1e12) / 1e12);
      table[i] = new double[] {s, candidateProbability(s, bands, rows)};
    }
    return table;
  }

  /** {@link #curve} for {@code s = 0.50, 0.55, ..., 0.95}: the table the dedup report prints. */
  public double[][] sCurve() {
    return curve(0.5, 0.95, 0.05);
  }

  /**
   * The banding for a Jaccard threshold: among all {@code (b, r)} with {@code b * r <= permutations} whose
   * probability at the threshold is at least {@code minRecallAtThreshold}, the one with the smallest
   * {@link #falsePositiveMass false-positive mass} below the threshold; ties go to more rows, then fewer bands. If
   * no banding reaches the recall, the one with the highest probability at the threshold (ties: smaller mass, more
   * rows, fewer bands).
   *
   * <p>Search: for fixed {@code r}, both {@code P(t)} and the mass grow with {@code b}, so the best candidate per
   * {@code r} is the smallest {@code b} that reaches the recall (or, when none does, the largest {@code b}); only
   * those {@code permutations} candidates are integrated. Cost: O(permutations * ({@value #INTEGRATION_STEPS} +
   * log permutations)) evaluations of {@code pow}, about a millisecond for 128 permutations. Runs once, on the
   * driver.
   *
   * @throws IllegalArgumentException unless {@code 0 < jaccardThreshold < 1}, {@code permutations >= 1} and
   *     {@code 0 < minRecallAtThreshold <= 1}
   */
  public static LshParams derive(double jaccardThreshold, int permutations, double minRecallAtThreshold) {
    Preconditions.checkArgument(jaccardThreshold > 0.0 && jaccardThreshold < 1.0,
        "jaccardThreshold must be in (0, 1), got %s", jaccardThreshold);
    Preconditions.checkArgument(permutations >= 1, "permutations must be >= 1, got %s", permutations);
    Preconditions.checkArgument(minRecallAtThreshold > 0.0 && minRecallAtThreshold <= 1.0,
        "minRecallAtThreshold must be in (0, 1], got %s", minRecallAtThreshold);
    double t = jaccardThreshold;

    int bestB = 0;
    int bestR = 0;
    double bestMass = Double.POSITIVE_INFINITY;
    for (int r = permutations; r >= 1; r--) {
      int maxB = permutations / r;
      int b = smallestBandsReaching(t, r, maxB, minRecallAtThreshold);
      if (b == 0) {
        continue;
      }
      double mass = falsePositiveMass(t, b, r);
      // r descends, so on a tie the candidate already kept has more rows and wins.
      if (mass < bestMass) {
        bestMass = mass;
        bestB = b;
        bestR = r;
      }
    }
    if (bestB != 0) {
      return new LshParams(permutations, bestB, bestR);
    }

    // Nothing reaches the recall: take the highest P(t); each r's best is its largest b.
    double bestP = -1.0;
    for (int r = permutations; r >= 1; r--) {
      int b = permutations / r;
      double p = candidateProbability(t, b, r);
      double mass = falsePositiveMass(t, b, r);
      if (p > bestP || (p == bestP && mass < bestMass)) {
        bestP = p;
        bestMass = mass;
        bestB = b;
        bestR = r;
      }
    }
    return new LshParams(permutations, bestB, bestR);
  }

  /** Smallest {@code b} in {@code [1, maxB]} with {@code P(t) >= recall} for {@code r} rows, or 0 if none. */
  private static int smallestBandsReaching(double t, int r, int maxB, double recall) {
    if (candidateProbability(t, maxB, r) < recall) {
      return 0;
    }
    // P(t) rises with b: binary search for the first b that reaches the recall.
    int lo = 1;
    int hi = maxB;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (candidateProbability(t, mid, r) >= recall) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static double candidateProbability(double s, int b, int r) {
    return 1.0 - Math.pow(1.0 - Math.pow(s, r), b);
  }

  static double falsePositiveMass(double t, int b, int r) {
    double h = t / INTEGRATION_STEPS;
    double sum = 0.0;
    for (int i = 0; i < INTEGRATION_STEPS; i++) {
      sum += candidateProbability((i + 0.5) * h, b, r);
    }
    return sum * h;
  }
}
