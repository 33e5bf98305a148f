package dev.sieve.jobs.run;

import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.jobs.io.ZstdCodec;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates (or joins) the SparkSession a run uses, with Delta and Sieve's codecs wired in. */
public final class Sessions {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  private Sessions() {}

  /** A session and whether this call created it (then the caller stops it). */
  public record Handle(SparkSession spark, boolean created) {}

  public static Handle getOrCreate(CommonSettings.Spark settings, String appName) {
    SparkSession existing = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get()
        : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
    if (existing != null && !existing.sparkContext().isStopped()) {
      for (Map.Entry<String, String> e : settings.conf().entrySet()) {
        if (!existing.conf().isModifiable(e.getKey())) {
          LOG.warn("spark.conf.{} is fixed once the session starts and is not applied to this running session",
              e.getKey());
          continue;
        }
        try {
          existing.conf().set(e.getKey(), e.getValue());
        } catch (RuntimeException ex) {
          throw new ConfigError("spark.conf." + e.getKey() + ": " + ex.getMessage(), ex);
        }
      }
      existing.sparkContext().hadoopConfiguration().set("io.compression.codecs", ZstdCodec.class.getName());
      return new Handle(existing, false);
    }
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    String master = settings.master();
    if (master.isEmpty()) {
      master = System.getProperty("spark.master", "local[*]");
    }
    b.master(master);
    b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    b.config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    b.config("spark.hadoop.io.compression.codecs", ZstdCodec.class.getName());
    for (Map.Entry<String, String> e : settings.conf().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    return new Handle(b.getOrCreate(), true);
  }
}
