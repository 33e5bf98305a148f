package dev.sieve.jobs.run;

import java.util.Map;

/**
 * The outcome of a successful run, as the runner returns it. The full report (config, stages, phases, Spark
 * metrics) is {@code report.json} at {@link #reportPath()}.
 */
public record RunReport(
    String job,
    String runId,
    String outputPath,
    String reportPath,
    long inputRecords,
    long keptRecords,
    long rejectedRecords,
    Map<String, Long> rejectedByReason,
    double durationSeconds) {}
