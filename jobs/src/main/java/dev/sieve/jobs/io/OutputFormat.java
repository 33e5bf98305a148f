package dev.sieve.jobs.io;

/** Output formats for kept/ and rejected/. */
public enum OutputFormat {
  DELTA, PARQUET, JSONL
}
