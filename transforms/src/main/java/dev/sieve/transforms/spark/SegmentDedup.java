package dev.sieve.transforms.spark;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.text.Segments;

/**
 * Sub-document dedup (CCNet / Dolma style): a line or paragraph that occurs in the corpus more than {@code
 * maxOccurrences} times is kept only in its first occurrences (by document id, then record key, then position)
 * and removed from the text of every other document. Documents left blank are rejected as {@code
 * empty_after_segment_dedup}. Adds {@code segments_removed}, the number of segments taken out of the row's text.
 */
public interface SegmentDedup extends Stage {

  String REMOVED = "segments_removed";

  /** Immutable settings. */
  record Settings(Segments.Unit unit, int maxOccurrences) implements java.io.Serializable {
    public Settings {
      Preconditions.checkNotNull(unit, "unit");
      Preconditions.checkArgument(maxOccurrences >= 1, "maxOccurrences must be >= 1, got %s", maxOccurrences);
    }
  }
}
