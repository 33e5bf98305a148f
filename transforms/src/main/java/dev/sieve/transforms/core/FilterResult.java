package dev.sieve.transforms.core;

import java.io.Serializable;
import java.util.Map;

/**
 * What a {@link DocFilter} found: its verdict, its signals (name → value, insertion-ordered) and, for filters that
 * rewrite the document (such as C4's line cleaner), the new text; {@code text} is null when unchanged.
 */
public record FilterResult(Verdict verdict, Map<String, Double> signals, String text) implements Serializable {
  public FilterResult {
    Preconditions.checkNotNull(verdict, "verdict");
    signals = signals == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signals));
  }

  public static FilterResult of(Verdict verdict, Map<String, Double> signals) {
    return new FilterResult(verdict, signals, null);
  }
}
