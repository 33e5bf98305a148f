package dev.sieve.jobs.io;

/** Input formats; {@code AUTO} decides from the path. */
public enum InputFormat {
  AUTO, JSONL, PARQUET, DELTA
}
