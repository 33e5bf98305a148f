package dev.sieve.jobs.avmanifest;

import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.jobs.config.MediaSettings;
import dev.sieve.transforms.media.AvChecks;
import dev.sieve.transforms.media.AvProber;
import dev.sieve.transforms.media.ImageFingerprinter;
import dev.sieve.transforms.media.UriPolicy;
import dev.sieve.transforms.media.av.AvProbe;
import dev.sieve.transforms.spark.ConnectedComponents;
import dev.sieve.transforms.spark.KeepRule;
import dev.sieve.transforms.spark.NearDedup;
import dev.sieve.transforms.spark.OnTextColumn;
import dev.sieve.transforms.spark.SparkAvChecks;
import dev.sieve.transforms.spark.SparkImageDedup;
import dev.sieve.transforms.spark.SparkImageFingerprint;
import dev.sieve.transforms.spark.SparkNearDedup;
import dev.sieve.transforms.spark.Stage;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.ShingleKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The audio and video manifest jobs: for every row, check its URI against the allow-list, find the object by listing
 * its folder, probe its container and streams from headers and targeted range reads ({@link AvProbe}: never a full
 * download, never a decode), filter on what the probe found and what the row declared ({@link AvChecks}), then
 * optionally reject byte-identical objects (SHA-256, reading each remaining object whole once) and rows whose
 * transcript or caption is a near duplicate of a kept row's (the text job's MinHash LSH dedup over that column).
 */
abstract class AvManifestJob implements SieveJob {

  /** "audio" or "video". */
  abstract String kind();

  /** Video limits (resolution, aspect, fps) and the video stream requirement apply. */
  abstract boolean video();

  @Override
  public String contentKind() {
    return "uri";
  }

  @Override
  public List<Stage> stages(Conf c, CommonSettings common) {
    UriPolicy policy = MediaSettings.policy(c);
    List<Stage> stages = new ArrayList<>();
    stages.add(MediaSettings.probe(c, policy, new AvProber()));
    stages.add(new SparkAvChecks(checks(c), columns(c), kind()));
    if (c.bool("av.dedup.exact")) {
      stages.add(fingerprint(c, policy));
      SparkImageDedup.Keep keep = c.choice("av.dedup.keep", SparkImageDedup.Keep.class);
      String priority = c.string("av.dedup.priority_column");
      if (keep == SparkImageDedup.Keep.PRIORITY && priority.isEmpty()) {
        throw new ConfigError("av.dedup.keep = priority needs av.dedup.priority_column");
      }
      stages.add(new SparkImageDedup(new SparkImageDedup.Settings(true, null, List.of(SparkImageDedup.Hash.PHASH),
          0, 2, keep, priority, ConnectedComponents.Settings.defaults())));
    }
    if (c.bool("av.dedup.text.near")) {
      String column = c.string("av.dedup.text.column");
      if (column.isEmpty()) {
        throw new ConfigError("av.dedup.text.near = true needs av.dedup.text.column (the transcript or caption)");
      }
      stages.add(new OnTextColumn(new SparkNearDedup(nearSettings(c)), column));
    }
    return stages;
  }

  private AvChecks checks(Conf c) {
    boolean v = video();
    try {
      AvChecks checks = new AvChecks(new AvChecks.Settings(
          Set.copyOf(c.stringList("av.allowed_containers")), v ? Set.copyOf(c.stringList("video.allowed_codecs"))
              : Set.of(), Set.copyOf(c.stringList("av.allowed_audio_codecs")),
          c.longValue("media.min_bytes"), c.longValue("media.max_bytes"), v, c.bool("av.require_audio"),
          c.number("av.min_duration_s"), c.number("av.max_duration_s"), c.integer("av.min_sample_rate"),
          c.integer("av.min_channels"), c.integer("av.max_channels"),
          v ? c.integer("video.min_side") : 0, v ? c.integer("video.max_side") : 0,
          v ? c.number("video.min_aspect") : 0, v ? c.number("video.max_aspect") : 0,
          v ? c.number("video.min_fps") : 0, v ? c.number("video.max_fps") : 0,
          c.longValue("av.min_bitrate"), c.longValue("av.max_bitrate"), c.bool("media.check_declared"),
          c.number("av.declared_duration_tolerance"), new AvChecks.Caption(c.integer("media.caption.min_chars"),
              c.integer("media.caption.min_words"), Set.copyOf(c.stringList("media.caption.languages")),
              c.number("media.caption.language_threshold"))));
      for (String f : checks.settings().allowedContainers()) {
        if (!AvProbe.CONTAINERS.contains(f)) {
          throw new ConfigError("av.allowed_containers: '" + f + "' is not one of " + AvProbe.CONTAINERS);
        }
      }
      return checks;
    } catch (IllegalArgumentException e) {
      throw new ConfigError("av / video / media limits: " + e.getMessage(), e);
    }
  }

  private static SparkAvChecks.Columns columns(Conf c) {
    return new SparkAvChecks.Columns(c.string("manifest.format_column"), c.string("manifest.duration_column"),
        c.string("manifest.width_column"), c.string("manifest.height_column"),
        c.string("manifest.sample_rate_column"), c.string("manifest.channels_column"),
        c.string("manifest.bytes_column"), c.string("manifest.caption_column"));
  }

  private static SparkImageFingerprint fingerprint(Conf c, UriPolicy policy) {
    int concurrency = c.integer("av.hash.concurrency");
    if (concurrency < 1 || concurrency > 256) {
      throw new ConfigError("av.hash.concurrency must be in 1..256, got " + concurrency);
    }
    long timeout = c.longValue("av.hash.timeout_ms");
    if (timeout < 1) {
      throw new ConfigError("av.hash.timeout_ms must be >= 1, got " + timeout);
    }
    // SHA-256 only: the object is streamed through the digest, never held or decoded.
    return new SparkImageFingerprint(new SparkImageFingerprint.Settings(policy,
        new ImageFingerprinter(new ImageFingerprinter.Settings(true, false, 1, 1)), concurrency, timeout));
  }

  private static NearDedup.Settings nearSettings(Conf c) {
    double threshold = c.number("av.dedup.text.threshold");
    if (!(threshold > 0 && threshold < 1)) {
      throw new ConfigError("av.dedup.text.threshold must be a Jaccard similarity in (0, 1), got " + threshold);
    }
    ShingleKind shingle = c.choice("av.dedup.text.shingle", ShingleKind.class);
    int ngram = c.integer("av.dedup.text.ngram");
    if (ngram < 1 || ngram > 64) {
      throw new ConfigError("av.dedup.text.ngram must be between 1 and 64, got " + ngram);
    }
    int permutations = 128;
    LshParams lsh = LshParams.derive(threshold, permutations, LshParams.DEFAULT_RECALL_AT_THRESHOLD);
    return new NearDedup.Settings(threshold, shingle, ngram, lsh, true, KeepRule.SMALLEST_ID, null, 42L,
        ConnectedComponents.Settings.defaults());
  }
}
