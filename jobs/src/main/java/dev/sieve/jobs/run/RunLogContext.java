package dev.sieve.jobs.run;

import org.apache.spark.sql.SparkSession;
import org.slf4j.MDC;

/**
 * Puts the run's id and job into every log event while a run lasts (see {@code conf/log4j2-json.properties}): in
 * the logging context of the thread running the job ({@code mdc.run_id}, {@code mdc.job}), as the job's Spark local
 * properties of the same names (Spark copies {@code mdc.*} properties into each task's logging context on the
 * executors), and as system properties for the driver's other threads. Closing restores what was there before.
 */
final class RunLogContext implements AutoCloseable {
  static final String RUN_ID = "mdc.run_id";
  static final String JOB = "mdc.job";
  private static final String SYS_RUN_ID = "sieve.run_id";
  private static final String SYS_JOB = "sieve.job";

  private final SparkSession spark;
  private final String previousRunIdProperty;
  private final String previousJobProperty;

  RunLogContext(SparkSession spark, String job, String runId) {
    this.spark = spark;
    MDC.put(RUN_ID, runId);
    MDC.put(JOB, job);
    previousRunIdProperty = spark.sparkContext().getLocalProperty(RUN_ID);
    previousJobProperty = spark.sparkContext().getLocalProperty(JOB);
    spark.sparkContext().setLocalProperty(RUN_ID, runId);
    spark.sparkContext().setLocalProperty(JOB, job);
    System.setProperty(SYS_RUN_ID, runId);
    System.setProperty(SYS_JOB, job);
  }

  @Override
  public void close() {
    MDC.remove(RUN_ID);
    MDC.remove(JOB);
    spark.sparkContext().setLocalProperty(RUN_ID, previousRunIdProperty);
    spark.sparkContext().setLocalProperty(JOB, previousJobProperty);
    System.clearProperty(SYS_RUN_ID);
    System.clearProperty(SYS_JOB);
  }
}
