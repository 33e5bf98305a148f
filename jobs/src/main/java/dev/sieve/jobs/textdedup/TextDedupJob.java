package dev.sieve.jobs.textdedup;

import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.transforms.spark.ConnectedComponents;
import dev.sieve.transforms.spark.DedupIndex;
import dev.sieve.transforms.spark.ExactDedup;
import dev.sieve.transforms.spark.KeepRule;
import dev.sieve.transforms.spark.NearDedup;
import dev.sieve.transforms.spark.SparkExactDedup;
import dev.sieve.transforms.spark.SegmentDedup;
import dev.sieve.transforms.spark.SparkNearDedup;
import dev.sieve.transforms.spark.SparkSegmentDedup;
import dev.sieve.transforms.spark.Stage;
import dev.sieve.transforms.text.Segments;
import dev.sieve.transforms.text.TextNormalization;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.ShingleKind;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code text-dedup}: removes duplicate documents. Exact mode keeps one document per content hash; near mode keeps
 * one per cluster of Jaccard-similar documents; exact+near (the default) runs both, exact first.
 */
public final class TextDedupJob implements SieveJob {

  /** {@code dedup.mode}. */
  public enum Mode {
    EXACT, NEAR, EXACT_PLUS_NEAR
  }

  /** {@code dedup.segments}. */
  public enum SegmentMode {
    NONE, LINES, PARAGRAPHS
  }

  /** Immutable settings of this job; {@code near} is null in exact mode, {@code segments} null when off. */
  public record Settings(Mode mode, ExactDedup.Settings exact, SegmentDedup.Settings segments,
      NearDedup.Settings near, DedupIndex.Settings index) {}

  @Override
  public String name() {
    return "text-dedup";
  }

  @Override
  public String summary() {
    return "remove duplicate documents: exact (content hash) and near (MinHash LSH + connected components)";
  }

  public static Settings parse(Conf c) {
    Mode mode = c.choice("dedup.mode", Mode.class);
    TextNormalization normalization = c.choice("dedup.normalization", TextNormalization.class);
    KeepRule keep = c.choice("dedup.keep", KeepRule.class);
    String priority = c.string("dedup.priority_column");
    if (keep == KeepRule.PRIORITY && priority.isEmpty()) {
      throw new ConfigError("dedup.keep = priority needs dedup.priority_column (a numeric column; highest wins)");
    }
    String prio = priority.isEmpty() ? null : priority;
    ExactDedup.Settings exact = new ExactDedup.Settings(normalization, keep, prio);
    NearDedup.Settings near = null;
    if (mode != Mode.EXACT) {
      double threshold = c.number("dedup.threshold");
      if (!(threshold > 0 && threshold < 1)) {
        throw new ConfigError("dedup.threshold must be a Jaccard similarity in (0, 1), got " + threshold);
      }
      ShingleKind shingle = c.choice("dedup.shingle", ShingleKind.class);
      int ngram = positiveInt(c, "dedup.ngram", 1, 64);
      int permutations = positiveInt(c, "dedup.permutations", 1, 4096);
      int bands = c.integer("dedup.bands");
      int rows = c.integer("dedup.rows");
      LshParams lsh;
      if (bands == 0 && rows == 0) {
        double recall = c.number("dedup.recall_at_threshold");
        if (!(recall > 0 && recall < 1)) {
          throw new ConfigError("dedup.recall_at_threshold must be a probability in (0, 1), got " + recall);
        }
        lsh = LshParams.derive(threshold, permutations, recall);
      } else if (bands > 0 && rows > 0) {
        if ((long) bands * rows > permutations) {
          throw new ConfigError("dedup.bands x dedup.rows (" + bands + " x " + rows + " = " + bands * rows
              + ") must not exceed dedup.permutations (" + permutations + ")");
        }
        lsh = new LshParams(permutations, bands, rows);
      } else {
        throw new ConfigError("set both dedup.bands and dedup.rows, or neither (0 derives them from the threshold);"
            + " got bands = " + bands + ", rows = " + rows);
      }
      near = new NearDedup.Settings(threshold, shingle, ngram, lsh, c.bool("dedup.verify"), keep, prio,
          c.longValue("dedup.seed"), ConnectedComponents.Settings.defaults(), c.bool("dedup.cache_input"));
    }
    SegmentDedup.Settings segments = null;
    SegmentMode segmentMode = c.choice("dedup.segments", SegmentMode.class);
    if (segmentMode != SegmentMode.NONE) {
      segments = new SegmentDedup.Settings(
          segmentMode == SegmentMode.LINES ? Segments.Unit.LINES : Segments.Unit.PARAGRAPHS,
          positiveInt(c, "dedup.segment_max_occurrences", 1, 1_000_000));
    }
    DedupIndex.Settings index = new DedupIndex.Settings(c.bool("dedup.index.write"), c.stringList("dedup.index.against"));
    if ((index.write() || !index.against().isEmpty()) && mode == Mode.EXACT) {
      throw new ConfigError("dedup.index.write / dedup.index.against need dedup.mode = near or exact+near");
    }
    return new Settings(mode, exact, segments, near, index);
  }

  private static int positiveInt(Conf c, String key, int min, int max) {
    int v = c.integer(key);
    if (v < min || v > max) {
      throw new ConfigError(key + " must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  @Override
  public List<Stage> stages(Conf config, CommonSettings common) {
    Settings s = parse(config);
    List<Stage> stages = new ArrayList<>();
    String exactConfig = "";
    if (s.mode() != Mode.NEAR) {
      SparkExactDedup exact = new SparkExactDedup(s.exact(), s.index());
      exactConfig = exact.indexConfig();
      stages.add(exact);
    }
    if (s.mode() != Mode.EXACT) {
      stages.add(new SparkNearDedup(s.near(), s.index(), exactConfig));
    }
    // Last: a repeated line stays in the first documents that survive document-level dedup.
    if (s.segments() != null) {
      stages.add(new SparkSegmentDedup(s.segments()));
    }
    return stages;
  }
}
