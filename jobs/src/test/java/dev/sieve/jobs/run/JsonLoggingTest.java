package dev.sieve.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.transforms.spark.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** conf/log4j2-json.properties: one JSON object per event, with the run's id and job while a run lasts. */
class JsonLoggingTest extends SparkTestBase {

  @Test
  void everyEventIsOneJsonLineCarryingTheRunIdAndJob() throws Exception {
    Path config = Paths.get("..", "conf", "log4j2-json.properties").toAbsolutePath().normalize();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext ctx = null;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ctx = new LoggerContext("sieve-json-test", null, config.toUri());
      ctx.start();
      Logger log = ctx.getLogger("dev.sieve.jobs.run.Test");
      log.info("before the run");
      try (RunLogContext run = new RunLogContext(spark(), "text-dedup", "20261128T000000Z-test")) {
        log.info("reading {}", "input");
        Thread other = new Thread(() -> log.warn("from another driver thread"));
        other.start();
        other.join();
        log.error("a failure", new IllegalStateException("boom"));
      }
      log.info("after the run");
    } finally {
      if (ctx != null) {
        ctx.stop();
      }
      System.setErr(originalErr);
    }
    List<JsonNode> events = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        events.add(new ObjectMapper().readTree(line)); // every line is a JSON object on its own
      }
    }
    assertEquals(5, events.size(), captured.toString(StandardCharsets.UTF_8));
    assertTrue(!events.get(0).has("run_id") && !events.get(0).has("job"), "no run yet: " + events.get(0));
    for (int i = 1; i <= 3; i++) {
      assertEquals("20261128T000000Z-test", events.get(i).get("run_id").asText(), events.get(i).toString());
      assertEquals("text-dedup", events.get(i).get("job").asText());
    }
    assertEquals("reading input", events.get(1).get("message").asText());
    assertEquals("INFO", events.get(1).get("level").asText());
    assertEquals("dev.sieve.jobs.run.Test", events.get(1).get("loggerName").asText());
    assertTrue(events.get(3).toString().contains("boom"), "the stack trace is in the event");
    assertTrue(!events.get(4).has("run_id"), "cleared when the run ends: " + events.get(4));
  }
}
