package dev.sieve.jobs.config;

import dev.sieve.transforms.media.MediaProber;
import dev.sieve.transforms.media.UriPolicy;
import dev.sieve.transforms.spark.SparkMediaProbe;

/** The {@code media.*} keys every manifest job shares: the URI allow-list and how objects are probed. */
public final class MediaSettings {
  private MediaSettings() {}

  /** {@code media.allowed_prefixes} and {@code media.base_uri} as a policy; both are required to make sense. */
  public static UriPolicy policy(Conf c) {
    java.util.List<String> prefixes = c.stringList("media.allowed_prefixes");
    if (prefixes.isEmpty()) {
      throw new ConfigError("media.allowed_prefixes is empty: name the folders the manifest's objects may be read "
          + "from, e.g. --set 'media.allowed_prefixes=[\"oss://bucket/media/\"]'");
    }
    try {
      return new UriPolicy(prefixes, c.string("media.base_uri"));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("media.allowed_prefixes / media.base_uri: " + e.getMessage(), e);
    }
  }

  /** The probe stage: {@code media.concurrency}, {@code media.probe_timeout_ms}, {@code media.head_bytes}. */
  public static SparkMediaProbe probe(Conf c, UriPolicy policy, MediaProber prober) {
    int concurrency = c.integer("media.concurrency");
    if (concurrency < 1 || concurrency > 1024) {
      throw new ConfigError("media.concurrency must be in 1..1024, got " + concurrency);
    }
    long timeout = c.longValue("media.probe_timeout_ms");
    if (timeout < 1) {
      throw new ConfigError("media.probe_timeout_ms must be >= 1, got " + timeout);
    }
    int head = c.integer("media.head_bytes");
    if (head < 64 || head > (16 << 20)) {
      throw new ConfigError("media.head_bytes must be in 64..16777216, got " + head);
    }
    return new SparkMediaProbe(new SparkMediaProbe.Settings(policy, prober, concurrency, timeout, head));
  }
}
