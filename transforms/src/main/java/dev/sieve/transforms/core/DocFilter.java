package dev.sieve.transforms.core;

import java.io.Serializable;

/**
 * A document filter: a name, the signals it computes and a verdict with a stable reason code. Plain Java, no Spark:
 * the Spark plumbing that runs filters over a dataset, counts and times them and writes the exclusions is written
 * once elsewhere. Implementations are immutable and thread-safe.
 */
public interface DocFilter extends Serializable {

  /** Short stable name, e.g. {@code gopher_quality}; used as the key of the filter's verdict. */
  String name();

  /** Every reason code a rejection by this filter can carry, in check order. */
  default java.util.List<String> reasonCodes() {
    return java.util.List.of();
  }

  /** Computes the signals and the verdict for one document. */
  FilterResult apply(String text);
}
