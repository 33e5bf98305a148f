package dev.sieve.transforms.spark;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.BeforeEach;

/**
 * The one SparkSession of a test JVM: local[2], no UI, two shuffle partitions, Delta when it is on the classpath.
 * Classes extending this share the session; it is never stopped between classes (the JVM's exit stops it).
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @Override
  public SparkConf conf() {
    SparkConf c = new SparkConf()
        .setMaster("local[2]")
        .setAppName("sieve-tests")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.adaptive.enabled", "true")
        .set("spark.sql.warehouse.dir", tempDirectory("sieve-warehouse").getAbsolutePath())
        .set("spark.databricks.delta.snapshotPartitions", "1")
        .set("spark.hadoop.io.compression.codecs", "dev.sieve.jobs.io.ZstdCodec");
    if (onClasspath("io.delta.sql.DeltaSparkSessionExtension")) {
      c.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    if (!onClasspath("dev.sieve.jobs.io.ZstdCodec")) {
      c.remove("spark.hadoop.io.compression.codecs");
    }
    return c;
  }

  @BeforeEach
  public void startSpark() {
    runBefore();
    // Create the session now: code under test that asks for the active session must find this one, not start
    // (and later stop) its own.
    spark();
  }

  /**
   * JUnit's message form of assertTrue; the base class's own one-argument assertTrue would otherwise hide the
   * static import.
   */
  protected static void assertTrue(boolean condition, String message) {
    org.junit.jupiter.api.Assertions.assertTrue(condition, message);
  }

  private static boolean onClasspath(String cls) {
    try {
      Class.forName(cls, false, SparkTestBase.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  protected static File tempDirectory(String prefix) {
    try {
      File d = Files.createTempDirectory(prefix).toFile();
      d.deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
