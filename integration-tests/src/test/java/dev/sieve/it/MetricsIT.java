package dev.sieve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes the driver's PrometheusServlet while a real job runs (bin/sieve demo, the settings conf/ack.conf uses)
 * and finds Sieve's counters beside Spark's.
 */
class MetricsIT {
  @TempDir
  Path tmp;

  private static String scrape(int port) {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics/prometheus")
          .openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      if (c.getResponseCode() != 200) {
        return null;
      }
      return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return null; // not up yet, or gone
    }
  }

  private static long value(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\d+)").matcher(text);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }

  @Test
  void theRunningJobsCountersAreOnThePrometheusEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(Cli.home().resolve("bin/sieve").toString(), "demo",
        "--set", "spark.conf.\"spark.ui.enabled\"=true",
        "--set", "spark.conf.\"spark.ui.port\"=" + port,
        "--set", "spark.conf.\"spark.port.maxRetries\"=0",
        "--set", "spark.conf.\"spark.metrics.namespace\"=sieve",
        "--set", "spark.conf.\"spark.metrics.conf.*.sink.prometheusServlet.class\"="
            + "org.apache.spark.metrics.sink.PrometheusServlet",
        "--set", "spark.conf.\"spark.metrics.conf.*.sink.prometheusServlet.path\"=/metrics/prometheus"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment().put("SIEVE_NO_BUILD", "1");
    pb.environment().put("SIEVE_DRIVER_MEMORY", "2g");
    File err = tmp.resolve("err.txt").toFile();
    pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(err);
    Process p = pb.start();
    String p1 = "metrics_sieve_driver_sieve_";
    boolean sawActive = false;
    long sawKept = -1;
    long sawExact = -1;
    String last = null;
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (p.isAlive() && System.nanoTime() < deadline) {
      String text = scrape(port);
      if (text != null) {
        last = text;
        if (value(text, p1 + "run_active_Value") == 1) {
          sawActive = true;
          long kept = value(text, p1 + "records_kept_Value");
          if (kept > 0) {
            sawKept = kept;
            sawExact = value(text, p1 + "rejected_exact_duplicate_Value");
          }
        }
      }
      Thread.sleep(100);
    }
    p.waitFor();
    assertEquals(0, p.exitValue(), Files.readString(err.toPath()));
    assertTrue(sawActive, "no scrape caught the run active; last scrape:\n" + last);
    assertTrue(last.contains("metrics_sieve_driver_DAGScheduler_"), "Spark's own metrics are served beside");
    // The demo's verdicts are 320 kept of 403; they are published once counted, while the outputs are written.
    assertEquals(320, sawKept, "last scrape:\n" + last);
    assertEquals(48, sawExact, "rejects per reason, last scrape:\n" + last);
  }
}
