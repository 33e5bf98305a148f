package dev.sieve.transforms.spark;

import java.util.Locale;

/**
 * Which member of a duplicate group is kept. Ties always fall to the smaller id, then to the smaller record key, so
 * the choice is the same on every run.
 */
public enum KeepRule {
  /** The document with the smallest id (string order). */
  SMALLEST_ID,
  /** The document with the most characters (code points). */
  LONGEST,
  /** The document with the highest value in the priority column; nulls lose. */
  PRIORITY;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
