package dev.sieve.transforms.spark;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.TextNormalization;

/**
 * Exact document dedup: documents whose normalized text has the same content hash form a group; one member (chosen
 * by a {@link KeepRule}) is kept, the others are rejected as {@code exact_duplicate} naming the kept id.
 *
 * <p>Adds {@code content_hash} (all alive rows), {@code exact_dup_count} (kept rows: how many copies were dropped)
 * and {@code duplicate_of} (rejected rows: the kept id).
 */
public interface ExactDedup extends Stage {

  String CONTENT_HASH = "content_hash";
  String DUPLICATE_OF = "duplicate_of";
  String EXACT_DUP_COUNT = "exact_dup_count";

  /** Immutable settings. {@code priorityColumn} is required for {@link KeepRule#PRIORITY} and ignored otherwise. */
  record Settings(TextNormalization normalization, KeepRule keep, String priorityColumn)
      implements java.io.Serializable {
    public Settings {
      Preconditions.checkNotNull(normalization, "normalization");
      Preconditions.checkNotNull(keep, "keep");
      if (keep == KeepRule.PRIORITY) {
        Preconditions.checkArgument(priorityColumn != null && !priorityColumn.isBlank(),
            "dedup.keep = priority needs dedup.priority_column, got '%s'", priorityColumn);
      }
    }
  }
}
