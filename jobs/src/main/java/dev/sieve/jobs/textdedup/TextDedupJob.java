package dev.sieve.jobs.textdedup;

import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.transforms.spark.ExactDedup;
import dev.sieve.transforms.spark.KeepRule;
import dev.sieve.transforms.spark.SparkExactDedup;
import dev.sieve.transforms.spark.Stage;
import dev.sieve.transforms.text.TextNormalization;
import java.util.List;

/** {@code text-dedup}: removes duplicate documents; exact mode keeps one document per content hash. */
public final class TextDedupJob implements SieveJob {

  /** {@code dedup.mode}. */
  public enum Mode {
    EXACT, NEAR, EXACT_PLUS_NEAR
  }

  /** Immutable settings of this job. */
  public record Settings(Mode mode, ExactDedup.Settings exact) {}

  @Override
  public String name() {
    return "text-dedup";
  }

  @Override
  public String summary() {
    return "remove duplicate documents (exact: one per content hash of the normalized text)";
  }

  public static Settings parse(Conf c) {
    Mode mode = c.choice("dedup.mode", Mode.class);
    if (mode != Mode.EXACT) {
      throw new ConfigError("dedup.mode = " + Conf.spell(mode) + " is not available in this version; "
          + "use dedup.mode = exact");
    }
    TextNormalization normalization = c.choice("dedup.normalization", TextNormalization.class);
    KeepRule keep = c.choice("dedup.keep", KeepRule.class);
    String priority = c.string("dedup.priority_column");
    if (keep == KeepRule.PRIORITY && priority.isEmpty()) {
      throw new ConfigError("dedup.keep = priority needs dedup.priority_column (a numeric column; highest wins)");
    }
    return new Settings(mode, new ExactDedup.Settings(normalization, keep, priority.isEmpty() ? null : priority));
  }

  @Override
  public List<Stage> stages(Conf config, CommonSettings common) {
    Settings s = parse(config);
    return List.of(new SparkExactDedup(s.exact()));
  }
}
