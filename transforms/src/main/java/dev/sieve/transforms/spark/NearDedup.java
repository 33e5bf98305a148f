package dev.sieve.transforms.spark;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.ShingleKind;

/**
 * Near-duplicate document dedup: documents whose shingle sets have Jaccard similarity at or above a threshold are
 * linked, linked documents form clusters (connected components), and one member per cluster (chosen by a {@link
 * KeepRule}) is kept; the others are rejected as {@code near_duplicate}.
 *
 * <p>Adds {@code near_cluster_id} (the kept id of the row's cluster; null outside clusters), and on rejected rows
 * {@code near_duplicate_of} and {@code near_similarity} (exact Jaccard to the kept document). Contributes the
 * {@code clusters} table: one row per document in a cluster of two or more.
 */
public interface NearDedup extends Stage {

  String CLUSTER_ID = "near_cluster_id";
  String DUPLICATE_OF = "near_duplicate_of";
  String SIMILARITY = "near_similarity";
  String CLUSTERS = "clusters";

  /**
   * The chance of finding a pair at the threshold that derived LSH settings must reach by default: recall first.
   * At Jaccard 0.8 and 128 permutations it gives 21 bands of 5 rows: P = 0.99976 at 0.8, at least the 0.99968 of
   * the usual hand-written Spark MLlib setup (MinHashLSH with 5 OR-ed single-value tables) at every similarity from
   * the threshold up, and more than 0.99999 from 0.85. The price is more candidates below the threshold (P = 0.49
   * at 0.5), which exact verification then drops.
   */
  double DEFAULT_RECALL_AT_THRESHOLD = 0.9997;

  /**
   * Immutable settings.
   *
   * @param cacheInput keep the input rows on the executors' local disks for the stage ({@link
   *     StageContext#persistRows}), so the three scans parse them once; false reads the input three times
   */
  record Settings(
      double threshold,
      ShingleKind shingle,
      int ngram,
      LshParams lsh,
      boolean verify,
      KeepRule keep,
      String priorityColumn,
      long seed,
      ConnectedComponents.Settings components,
      boolean cacheInput) implements java.io.Serializable {
    public Settings {
      Preconditions.checkArgument(threshold > 0 && threshold < 1, "threshold must be in (0, 1), got %s", threshold);
      Preconditions.checkArgument(ngram >= 1, "ngram must be >= 1, got %s", ngram);
      Preconditions.checkNotNull(shingle, "shingle");
      Preconditions.checkNotNull(lsh, "lsh");
      Preconditions.checkNotNull(keep, "keep");
      Preconditions.checkNotNull(components, "components");
      if (keep == KeepRule.PRIORITY) {
        Preconditions.checkArgument(priorityColumn != null && !priorityColumn.isBlank(),
            "keep = priority needs a priority column, got '%s'", priorityColumn);
      }
    }

    /** With the input cached ({@code cacheInput = true}). */
    public Settings(double threshold, ShingleKind shingle, int ngram, LshParams lsh, boolean verify, KeepRule keep,
        String priorityColumn, long seed, ConnectedComponents.Settings components) {
      this(threshold, shingle, ngram, lsh, verify, keep, priorityColumn, seed, components, true);
    }
  }
}
