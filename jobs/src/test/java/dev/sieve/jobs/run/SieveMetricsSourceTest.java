package dev.sieve.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import dev.sieve.jobs.Runs;
import dev.sieve.transforms.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.sink.PrometheusServlet;
import org.apache.spark.metrics.source.Source;
import org.junit.jupiter.api.Test;

/** The sieve metrics source is registered with Spark's metrics system and reads right through the Prometheus sink. */
class SieveMetricsSourceTest extends SparkTestBase {

  private static long value(String prometheus, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\d+)").matcher(prometheus);
    assertTrue(m.find(), name + " not in\n" + prometheus);
    return Long.parseLong(m.group(2));
  }

  @Test
  void aRunsCountsAreServedWithSparksOwnMetrics() throws Exception {
    Path dir = tempDirectory("sieve-metrics").toPath();
    Path in = Runs.jsonl(dir, "in.jsonl",
        "{\"id\":\"a\",\"text\":\"the same words in the same order\"}",
        "{\"id\":\"b\",\"text\":\"the same words in the same order\"}",
        "{\"id\":\"c\",\"text\":\"something else entirely, with other words\"}",
        "not json");
    Runs.dedup(in, dir.resolve("out"), "--set", "dedup.mode=exact").assertOk();

    scala.collection.Seq<Source> sources = SparkEnv.get().metricsSystem().getSourcesByName(SieveMetricsSource.NAME);
    assertEquals(1, sources.size(), "one sieve source, the last run's");
    MetricRegistry root = new MetricRegistry();
    root.register("sieve.driver.sieve", sources.apply(0).metricRegistry());
    String text = new PrometheusServlet(new Properties(), root).getMetricsSnapshot(null);

    String p = "metrics_sieve_driver_sieve_";
    assertEquals(4, value(text, p + "records_input_Value"));
    assertEquals(2, value(text, p + "records_kept_Value"));
    assertEquals(2, value(text, p + "records_rejected_Value"));
    assertEquals(1, value(text, p + "rejected_exact_duplicate_Value"));
    assertEquals(1, value(text, p + "rejected_malformed_json_Value"));
    assertEquals(0, value(text, p + "rejected_near_duplicate_Value"));
    assertEquals(0, value(text, p + "run_active_Value"));
    assertTrue(value(text, p + "run_tasks_completed_Value") > 0);
    assertTrue(value(text, p + "runs_succeeded_Value") >= 1);
  }
}
