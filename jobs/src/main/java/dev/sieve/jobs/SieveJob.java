package dev.sieve.jobs;

import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.transforms.spark.Stage;
import java.util.List;

/**
 * A Sieve job: a name, its documented defaults, and the stages it runs over the canonical frame. Everything else
 * (reading, counting, splitting, writing, reporting) is the {@link dev.sieve.jobs.run.JobRunner}'s.
 */
public interface SieveJob {

  /** The CLI name, e.g. {@code text-dedup}. */
  String name();

  /** One line for {@code bin/sieve --help}. */
  String summary();

  /**
   * What the content column ({@code input.text_column}) holds: {@code text} for documents, {@code uri} for media
   * manifests. It names the reading codes for a null or blank one ({@code missing_text} / {@code empty_text} or
   * {@code missing_uri} / {@code empty_uri}).
   */
  default String contentKind() {
    return "text";
  }

  /** The classpath resource with this job's keys and defaults. */
  default String referenceResource() {
    return "sieve/jobs/" + name() + ".conf";
  }

  /**
   * Parses and validates this job's settings and builds its stages. Runs on the driver before Spark starts, so a
   * bad setting fails in milliseconds with a {@link dev.sieve.jobs.config.ConfigError} naming the key.
   */
  List<Stage> stages(Conf config, CommonSettings common);
}
