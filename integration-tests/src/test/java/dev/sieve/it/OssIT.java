package dev.sieve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.it.oss.OssEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every job end to end on {@code oss://}: the real hadoop-aliyun connector speaks HTTP to an OSS-compatible endpoint on
 * loopback ({@link OssEndpoint}: s3proxy behind an OSS-dialect adapter). Jobs run through bin/sieve (the entry point
 * spark-submit uses) with {@code --env local-oss}: input, output and event logs on OSS, credentials only in the
 * environment. Then Spark's own History Server reads the event logs from OSS and must list every run with all its
 * jobs SUCCEEDED; the access key secret must appear in no log, report or event log; the image job must have read
 * only headers (the adapter counts the bytes it served per object); and the endpoint going away mid-run must fail
 * the run with a clear message and leave the previous output as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OssIT {
  private static final String BUCKET = "sieve-it";
  private static final String KEY_ID = "it-key-id";
  private static final String SECRET = "it-secret-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static OssEndpoint oss;
  private static FileSystem fs;
  private static Path work;
  private static final List<String> outputs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("sieve-oss-it");
    oss = OssEndpoint.start(work.resolve("oss"));
    oss.createBucket(BUCKET);
    Configuration conf = new Configuration(false);
    oss.hadoopConf(KEY_ID, SECRET).forEach(conf::set);
    fs = FileSystem.get(URI.create("oss://" + BUCKET + "/"), conf);
    fs.mkdirs(new org.apache.hadoop.fs.Path("oss://" + BUCKET + "/spark-events"));
    upload(Cli.home().resolve("samples/text/web-sample.jsonl"), "in/text/web-sample.jsonl");
    upload(Samples.labelled(work), "in/train/train.jsonl");
  }

  @AfterAll
  static void stop() throws IOException {
    if (fs != null) {
      fs.close();
    }
    if (oss != null) {
      oss.close();
    }
  }

  private static void upload(Path local, String key) throws IOException {
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("oss://" + BUCKET + "/" + key), true)) {
      Files.copy(local, out);
    }
  }

  private static String read(String key) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("oss://" + BUCKET + "/" + key))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** bin/sieve with --env local-oss; credentials and endpoint only in the environment. */
  private static Cli.Result sieve(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--env", "local-oss", "--master", "local[2]"));
    Map<String, String> env = new HashMap<>();
    env.put("SIEVE_OSS_ENDPOINT", oss.endpoint());
    env.put("SIEVE_OSS_SECURE", "false");
    env.put("SIEVE_EVENT_LOG_DIR", "oss://" + BUCKET + "/spark-events");
    env.put("OSS_ACCESS_KEY_ID", KEY_ID);
    env.put("OSS_ACCESS_KEY_SECRET", SECRET);
    return Cli.run(work, env, all.toArray(new String[0]));
  }

  private static void assertNoSecret(String where, String text) {
    assertFalse(text.contains(SECRET), "the access key secret appears in " + where);
  }

  @Test
  @Order(1)
  void everyJobRunsOnOss() throws Exception {
    String out = "oss://" + BUCKET + "/out/";
    Cli.Result dedup = sieve("text-dedup", "--input", "oss://" + BUCKET + "/in/text/", "--output", out + "text-dedup");
    assertEquals(0, dedup.status(), dedup.err());
    Cli.Result quality = sieve("text-quality", "--input", "oss://" + BUCKET + "/in/text/", "--output",
        out + "text-quality");
    assertEquals(0, quality.status(), quality.err());
    Cli.Result train = sieve("quality-train", "--input", "oss://" + BUCKET + "/in/train/", "--output",
        out + "quality-train", "--set", "train.features=4096");
    assertEquals(0, train.status(), train.err());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "quality-train/model")), "no model on OSS");

    // Images: a few real files and a manifest, all on OSS; header-only probing (dedup off) is checked through the
    // bytes the endpoint served per object.
    List<String> manifest = new ArrayList<>();
    String[] images = {"valid.png", "valid.jpg", "big-app.jpg", "lossy.webp", "truncated.png"};
    for (String f : images) {
      Path local = work.resolve(f);
      Files.copy(Cli.home().resolve("transforms/src/test/resources/media/images/" + f), local);
      upload(local, "images/" + f);
      manifest.add("{\"id\":\"" + f + "\",\"uri\":\"oss://" + BUCKET + "/images/" + f + "\"}");
    }
    // A 4 MB photo-like PNG: its probe must fetch its header and its last bytes, not the object.
    Path large = work.resolve("large.png");
    java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(1200, 1200,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < 1200; y++) {
      for (int x = 0; x < 1200; x++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    javax.imageio.ImageIO.write(noise, "png", large.toFile());
    upload(large, "images/large.png");
    manifest.add("{\"id\":\"large.png\",\"uri\":\"oss://" + BUCKET + "/images/large.png\"}");
    manifest.add("{\"id\":\"other-bucket\",\"uri\":\"oss://another-bucket/images/valid.png\"}");
    // An object whose reads stall for 20 s: past the probe's deadline (3 s) it is probe_failed, and the task goes on.
    upload(work.resolve("valid.png"), "images/slow.png");
    oss.slowReads(BUCKET + "/images/slow.png", 20_000);
    manifest.add("{\"id\":\"slow.png\",\"uri\":\"oss://" + BUCKET + "/images/slow.png\"}");
    Path m = work.resolve("images.jsonl");
    Files.write(m, manifest);
    upload(m, "in/manifest/images.jsonl");
    oss.resetCounters();
    Cli.Result media = sieve("image-manifest", "--input", "oss://" + BUCKET + "/in/manifest/", "--output",
        out + "image-manifest", "--set", "media.allowed_prefixes=[\"oss://" + BUCKET + "/images/\"]",
        "--set", "image.dedup.exact=false", "--set", "image.dedup.near=false",
        "--set", "media.probe_timeout_ms=3000");
    assertEquals(0, media.status(), media.err());
    long size = Files.size(large);
    long served = oss.bytesServed(BUCKET + "/images/large.png");
    assertTrue(served > 0 && served <= 64 * 1024 + 4096, "the probe fetched " + served + " of the " + size
        + " bytes of large.png");
    assertEquals(0, oss.requests("another-bucket/images/valid.png"));

    for (String job : List.of("text-dedup", "text-quality", "quality-train", "image-manifest")) {
      JsonNode report = JSON.readTree(read("out/" + job + "/report.json"));
      assertEquals("succeeded", report.get("status").asText(), job);
      assertEquals(report.get("input_records").asLong(),
          report.get("kept_records").asLong() + report.get("rejected_records").asLong(), job);
      assertNoSecret(job + "'s report.json", report.toString());
      assertNoSecret(job + "'s report.html", read("out/" + job + "/report.html"));
    }
    JsonNode media1 = JSON.readTree(read("out/image-manifest/report.json"));
    assertEquals(8, media1.get("input_records").asLong());
    assertEquals(5, media1.get("kept_records").asLong());
    assertEquals(1, media1.get("rejected_by_reason").get("probe_failed").asLong(), media1.toString());
    for (Cli.Result r : List.of(dedup, quality, train, media)) {
      assertNoSecret("a run's output", r.out() + r.err());
    }
    outputs.addAll(List.of("text-dedup", "text-quality", "quality-train", "image-manifest"));
  }

  @Test
  @Order(2)
  void theHistoryServerReadsEveryRunFromOss() throws Exception {
    assertEquals(4, outputs.size(), "the jobs ran first");
    // Event logs: on OSS, and free of the secret.
    List<String> logs = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path("oss://" + BUCKET
        + "/spark-events"), true);
    while (it.hasNext()) {
      String key = it.next().getPath().toUri().getPath().substring(1);
      logs.add(key);
      assertNoSecret("event log " + key, read(key));
    }
    assertTrue(logs.size() >= 4, "event logs: " + logs);

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path props = work.resolve("history.properties");
    List<String> lines = new ArrayList<>(List.of(
        "spark.history.fs.logDirectory=oss://" + BUCKET + "/spark-events",
        "spark.history.ui.port=" + port,
        "spark.history.fs.update.interval=1s"));
    oss.hadoopConf(KEY_ID, "").forEach((k, v) -> {
      if (!k.contains("accessKey")) {
        lines.add("spark.hadoop." + k + "=" + v);
      }
    });
    lines.add("spark.hadoop.fs.oss.credentials.provider="
        + "com.aliyun.oss.common.auth.EnvironmentVariableCredentialsProvider");
    Files.write(props, lines);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "org.apache.spark.deploy.history.HistoryServer", "--properties-file", props.toString());
    pb.environment().put("OSS_ACCESS_KEY_ID", KEY_ID);
    pb.environment().put("OSS_ACCESS_KEY_SECRET", SECRET);
    Path hsLog = work.resolve("history-server.log");
    pb.redirectErrorStream(true).redirectOutput(hsLog.toFile());
    Process hs = pb.start();
    try {
      JsonNode apps = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        String body = get("http://127.0.0.1:" + port + "/api/v1/applications");
        if (body != null) {
          apps = JSON.readTree(body);
          if (apps.size() >= 4) {
            break;
          }
        }
        Thread.sleep(1000);
      }
      assertTrue(apps != null && apps.size() >= 4, "the History Server lists " + apps + "\n"
          + tail(hsLog));
      List<String> names = new ArrayList<>();
      for (JsonNode app : apps) {
        names.add(app.get("name").asText());
        JsonNode jobs = JSON.readTree(get("http://127.0.0.1:" + port + "/api/v1/applications/"
            + app.get("id").asText() + "/jobs"));
        assertTrue(jobs.size() > 0, app.toString());
        for (JsonNode j : jobs) {
          assertEquals("SUCCEEDED", j.get("status").asText(), app.get("name").asText() + ": " + j);
        }
      }
      for (String job : outputs) {
        assertTrue(names.stream().anyMatch(n -> n.contains(job)), "no run of " + job + " in " + names);
      }
      assertNoSecret("the History Server's log", Files.readString(hsLog));
    } finally {
      hs.destroy();
      if (!hs.waitFor(20, TimeUnit.SECONDS)) {
        hs.destroyForcibly();
      }
    }
  }

  @Test
  @Order(3)
  void theEndpointGoingAwayFailsTheRunAndKeepsThePreviousOutput() throws Exception {
    // The previous output: the first test's text-dedup run.
    String out = "oss://" + BUCKET + "/out/text-dedup";
    String report = read("out/text-dedup/report.json");
    List<String> deltaLog = list("out/text-dedup/kept/_delta_log");

    // Second run: the endpoint goes away as soon as the run starts writing its output.
    Thread killer = new Thread(() -> {
      try {
        oss.awaitWrite(BUCKET + "/out/text-dedup/kept/", TimeUnit.MINUTES.toMillis(5));
        oss.goAway();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    // Two attempts per request and short connect timeouts, so the failure comes in seconds (defaults: minutes).
    Cli.Result second = sieve("text-dedup", "--input", "oss://" + BUCKET + "/in/text/", "--output", out,
        "--set", "spark.conf.\"spark.hadoop.fs.oss.attempts.maximum\"=2",
        "--set", "spark.conf.\"spark.hadoop.fs.oss.connection.establish.timeout\"=5000",
        "--set", "spark.conf.\"spark.hadoop.fs.oss.connection.timeout\"=30000");
    killer.join();
    assertNotEquals(0, second.status(), "the run succeeded without its storage");
    assertTrue(second.err().contains("failed"), second.err());
    assertNoSecret("a failed run's output", second.out() + second.err());

    oss.comeBack();
    assertEquals(report, read("out/text-dedup/report.json"), "the previous report was replaced");
    assertEquals(deltaLog, list("out/text-dedup/kept/_delta_log"), "the previous Delta table changed");
  }

  @Test
  @Order(4)
  void retriedWritesDoNotDuplicateRecords() throws Exception {
    // Three writes of the output are applied by the store but answered with a 500, so the connector retries them.
    oss.failWritesAfterApplying(BUCKET + "/out/retried/kept/", 3);
    Cli.Result run = sieve("text-dedup", "--input", "oss://" + BUCKET + "/in/text/", "--output",
        "oss://" + BUCKET + "/out/retried");
    assertEquals(0, run.status(), run.err());
    assertEquals(3, oss.injectedFaults());
    JsonNode report = JSON.readTree(read("out/retried/report.json"));
    JsonNode clean = JSON.readTree(read("out/text-dedup/report.json"));
    assertEquals(clean.get("kept_records").asLong(), report.get("kept_records").asLong());
    // What is stored, as a Delta reader sees it: the data files the table's log adds (and does not remove), each
    // present on OSS at its logged size; their record counts add up to each kept record once.
    assertEquals(report.get("kept_records").asLong(),
        DeltaTables.records(fs, new org.apache.hadoop.fs.Path("oss://" + BUCKET + "/out/retried/kept")));
  }

  private static List<String> list(String key) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path("oss://" + BUCKET + "/" + key))) {
      names.add(s.getPath().getName());
    }
    names.sort(null);
    return names;
  }

  private static String get(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(10_000);
      if (c.getResponseCode() != 200) {
        return null;
      }
      try (InputStream in = c.getInputStream(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> l = Files.readAllLines(log);
    return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
  }
}
