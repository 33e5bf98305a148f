package dev.sieve.jobs.imagemanifest;

import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.jobs.config.MediaSettings;
import dev.sieve.transforms.media.ImageChecks;
import dev.sieve.transforms.media.ImageFingerprinter;
import dev.sieve.transforms.media.ImageProber;
import dev.sieve.transforms.media.UriPolicy;
import dev.sieve.transforms.media.image.HammingBands;
import dev.sieve.transforms.spark.ConnectedComponents;
import dev.sieve.transforms.spark.SparkImageDedup;
import dev.sieve.transforms.spark.SparkImageFingerprint;
import dev.sieve.transforms.spark.SparkImageChecks;
import dev.sieve.transforms.spark.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code image-manifest}: for every row of an image manifest, checks its URI against the allow-list, finds the
 * object by listing its folder, reads the object's header (never the whole object, never a decode) and rejects rows
 * whose object is missing, empty, corrupt, of an unsupported format, a pixel bomb, or outside the configured size,
 * aspect-ratio, format, declared-metadata and caption rules. Then, unless turned off, it reads each remaining object
 * whole once to deduplicate: exact duplicates by SHA-256, near duplicates by perceptual hash (pHash and dHash
 * Hamming distances, LSH banding, connected components), keeping one image per group.
 */
public final class ImageManifestJob implements SieveJob {

  @Override
  public String name() {
    return "image-manifest";
  }

  @Override
  public String summary() {
    return "probe the images an image manifest names (headers only) and reject missing, corrupt, oversized, "
        + "mis-declared or off-spec ones";
  }

  @Override
  public String contentKind() {
    return "uri";
  }

  @Override
  public List<Stage> stages(Conf c, CommonSettings common) {
    UriPolicy policy = MediaSettings.policy(c);
    long maxPixels = c.longValue("image.max_pixels");
    if (maxPixels < 1) {
      throw new ConfigError("image.max_pixels must be >= 1, got " + maxPixels);
    }
    ImageChecks checks;
    try {
      checks = new ImageChecks(new ImageChecks.Settings(c.integer("image.min_side"),
          c.number("image.max_aspect_ratio"), c.longValue("media.min_bytes"), c.longValue("media.max_bytes"),
          Set.copyOf(c.stringList("image.allowed_formats")), c.bool("media.check_declared"),
          c.integer("media.caption.min_chars"), c.integer("media.caption.min_words")));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("image / media limits: " + e.getMessage(), e);
    }
    for (String f : checks.settings().allowedFormats()) {
      if (!ImageProber.FORMATS.contains(f)) {
        throw new ConfigError("image.allowed_formats: '" + f + "' is not one of " + ImageProber.FORMATS);
      }
    }
    SparkImageChecks.Columns columns = new SparkImageChecks.Columns(c.string("manifest.format_column"),
        c.string("manifest.width_column"), c.string("manifest.height_column"), c.string("manifest.bytes_column"),
        c.string("manifest.caption_column"));
    List<Stage> stages = new ArrayList<>(List.of(
        MediaSettings.probe(c, policy, new ImageProber(maxPixels)),
        new SparkImageChecks(checks, columns)));
    boolean exact = c.bool("image.dedup.exact");
    boolean near = c.bool("image.dedup.near");
    if (exact || near) {
      stages.add(fingerprint(c, policy, maxPixels, exact, near));
      stages.add(dedup(c, exact, near));
    }
    return stages;
  }

  private static SparkImageFingerprint fingerprint(Conf c, UriPolicy policy, long maxPixels, boolean exact,
      boolean near) {
    int concurrency = c.integer("image.hash.concurrency");
    if (concurrency < 1 || concurrency > 256) {
      throw new ConfigError("image.hash.concurrency must be in 1..256, got " + concurrency);
    }
    long timeout = c.longValue("image.hash.timeout_ms");
    if (timeout < 1) {
      throw new ConfigError("image.hash.timeout_ms must be >= 1, got " + timeout);
    }
    long maxDecode = c.longValue("image.hash.max_decode_bytes");
    if (maxDecode < 1 || maxDecode > (1L << 30)) {
      throw new ConfigError("image.hash.max_decode_bytes must be in 1..1073741824, got " + maxDecode);
    }
    return new SparkImageFingerprint(new SparkImageFingerprint.Settings(policy,
        new ImageFingerprinter(new ImageFingerprinter.Settings(exact, near, maxDecode, maxPixels)), concurrency,
        timeout));
  }

  private static SparkImageDedup dedup(Conf c, boolean exact, boolean near) {
    List<SparkImageDedup.Hash> hashes = new ArrayList<>();
    for (String h : c.stringList("image.dedup.hashes")) {
      SparkImageDedup.Hash hash;
      try {
        hash = SparkImageDedup.Hash.valueOf(h.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigError("image.dedup.hashes: '" + h + "' is not one of phash, dhash");
      }
      if (hashes.contains(hash)) {
        throw new ConfigError("image.dedup.hashes names " + h + " twice");
      }
      hashes.add(hash);
    }
    if (hashes.isEmpty() || hashes.size() > 2) {
      throw new ConfigError("image.dedup.hashes must name one or two of phash, dhash, got " + hashes.size());
    }
    int width = 64 * hashes.size();
    int maxDistance = c.integer("image.dedup.max_distance");
    if (maxDistance < 0 || maxDistance > width) {
      throw new ConfigError("image.dedup.max_distance must be in 0.." + width + " (bits of the " + width
          + "-bit fingerprint), got " + maxDistance);
    }
    HammingBands bands = null;
    if (near) {
      int n = c.integer("image.dedup.bands");
      int bits = c.integer("image.dedup.band_bits");
      if (n < 1 || n > 1024) {
        throw new ConfigError("image.dedup.bands must be in 1..1024, got " + n);
      }
      if (bits < 1 || bits > 64) {
        throw new ConfigError("image.dedup.band_bits must be in 1..64, got " + bits);
      }
      bands = new HammingBands(n, bits, width);
    }
    int window = c.integer("image.dedup.bucket_window");
    if (window < 2) {
      throw new ConfigError("image.dedup.bucket_window must be >= 2, got " + window);
    }
    SparkImageDedup.Keep keep = c.choice("image.dedup.keep", SparkImageDedup.Keep.class);
    String priority = c.string("image.dedup.priority_column");
    if (keep == SparkImageDedup.Keep.PRIORITY && priority.isEmpty()) {
      throw new ConfigError("image.dedup.keep = priority needs image.dedup.priority_column");
    }
    return new SparkImageDedup(new SparkImageDedup.Settings(exact, bands, hashes, maxDistance, window, keep,
        priority, ConnectedComponents.Settings.defaults()));
  }
}
