package dev.sieve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a job must survive with nothing lost and nothing changed, on real processes:
 *
 * <ul>
 *   <li>an executor JVM of a {@code local-cluster} (a standalone master and workers inside the driver, executors as
 *       separate JVMs) SIGKILLed while the job's stages run, for every text job and two media jobs: the run succeeds
 *       and writes exactly what an undisturbed run writes (and quality-train trains the same model);
 *   <li>the driver SIGKILLed while it writes its output over an earlier run's: the earlier result stays readable
 *       and whole, and a re-run writes exactly what an undisturbed run writes.
 * </ul>
 *
 * Outputs are compared as JSON lines (every column of every kept and rejected row), sorted.
 */
class FaultInjectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static String sample() {
    return Samples.webText().toString();
  }

  /** The settings that run a job on a local-cluster of two one-core executors from the jobs jar's classpath. */
  private static List<String> cluster() throws IOException {
    Path target = Cli.home().resolve("jobs/target");
    String jar;
    try (Stream<Path> files = Files.list(target)) {
      jar = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("sieve-jobs-") && n.endsWith(".jar") && !n.contains("original")
              && !n.contains("sources") && !n.contains("tests"))
          .findFirst().map(n -> target.resolve(n).toString()).orElseThrow();
    }
    String cp = jar + File.pathSeparator + Files.readString(target.resolve("spark-classpath.txt")).trim();
    return List.of("--master", "local-cluster[2,1,1024]",
        "--set", "spark.conf.\"spark.executor.extraClassPath\"=\"" + cp + "\"",
        "--set", "spark.conf.\"spark.executorEnv.SPARK_TESTING\"=\"1\"",
        "--set", "spark.conf.\"spark.executorEnv.SPARK_SCALA_VERSION\"=\"2.12\"",
        "--set", "spark.conf.\"spark.executor.extraJavaOptions\"=\"" + Cli.TEST_JVM_FLAGS + "\"",
        // a lost executor's tasks are retried elsewhere, not the whole job failed
        "--set", "spark.conf.\"spark.task.maxFailures\"=8");
  }

  /** A running bin/sieve whose stderr is a file, so a test can act when the driver logs a step. */
  private record Run(Process process, Path err, Path out) {
    boolean waitForLog(String marker, long seconds) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline && process.isAlive()) {
        if (Files.exists(err) && Files.readString(err, StandardCharsets.UTF_8).contains(marker)) {
          return true;
        }
        Thread.sleep(100);
      }
      return false;
    }

    int finish() throws InterruptedException {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the run did not finish in 10 minutes");
      }
      return process.exitValue();
    }

    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }
  }

  private Run start(String name, List<String> args) throws IOException {
    Path dir = tmp.resolve("proc-" + name);
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Cli.home().resolve("bin/sieve").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()); // local-cluster's worker dirs land here
    Cli.testEnvironment(pb.environment());
    Path err = dir.resolve("err.txt");
    Path out = dir.resolve("out.txt");
    pb.redirectError(err.toFile()).redirectOutput(out.toFile());
    return new Run(pb.start(), err, out);
  }

  /**
   * The executor JVMs the driver started: its descendants running CoarseGrainedExecutorBackend. The command line is
   * read from /proc whole (ProcessHandle's is cut short, and the classpath comes first).
   */
  private static List<ProcessHandle> executors(Process driver) {
    return driver.toHandle().descendants().filter(h -> {
      try {
        byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
        return new String(cmd, StandardCharsets.UTF_8).contains("CoarseGrainedExecutorBackend");
      } catch (IOException e) {
        return false; // gone already
      }
    }).toList();
  }

  /** Every kept and rejected row as its JSON line, sorted, plus the report's counts. */
  private static String outputOf(Path output) throws IOException {
    TreeMap<String, Integer> rows = new TreeMap<>();
    for (String table : List.of("kept", "rejected")) {
      Path dir = output.resolve(table);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> parts = Files.list(dir)) {
        for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
          for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
            rows.merge(table + " " + line, 1, Integer::sum);
          }
        }
      }
    }
    JsonNode report = JSON.readTree(output.resolve("report.json").toFile());
    StringBuilder sb = new StringBuilder();
    sb.append("input ").append(report.get("input_records").asLong()).append(", kept ")
        .append(report.get("kept_records").asLong()).append(", rejected ").append(report.get("rejected_records")
        .asLong()).append('\n');
    rows.forEach((line, n) -> sb.append(n).append(' ').append(line).append('\n'));
    return sb.toString();
  }

  /**
   * Runs {@code job} undisturbed (local mode), then on a local-cluster killing one executor as soon as the driver
   * logs {@code killAt} (a step in the middle of the job), and asserts both wrote the same rows.
   */
  private void survivesExecutorLoss(String job, String killAt, List<String> args) throws Exception {
    Path clean = tmp.resolve(job + "-clean");
    List<String> cleanArgs = new ArrayList<>(List.of(job, "--output", clean.toString(), "--set",
        "output.format=jsonl"));
    cleanArgs.addAll(args);
    Run reference = start(job + "-clean", cleanArgs);
    assertEquals(0, reference.finish(), reference.stderr());

    Path killed = tmp.resolve(job + "-killed");
    List<String> killedArgs = new ArrayList<>(List.of(job, "--output", killed.toString(), "--set",
        "output.format=jsonl"));
    killedArgs.addAll(args);
    killedArgs.addAll(cluster());
    Run run = start(job + "-killed", killedArgs);
    assertTrue(run.waitForLog(killAt, 300), "the run never logged '" + killAt + "':\n" + run.stderr());
    List<ProcessHandle> live = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (live.isEmpty() && System.nanoTime() < deadline && run.process().isAlive()) {
      live = executors(run.process());
      Thread.sleep(50);
    }
    assertFalse(live.isEmpty(), "no executor JVM to kill:\n" + run.stderr());
    ProcessHandle victim = live.get(0);
    assertTrue(victim.destroyForcibly(), "SIGKILL refused");
    assertTrue(victim.onExit().get(30, TimeUnit.SECONDS) != null);

    assertEquals(0, run.finish(), run.stderr());
    assertTrue(run.stderr().contains("Lost executor"), "Spark did not notice the loss:\n" + run.stderr());
    assertEquals(outputOf(clean), outputOf(killed), job + ": the run that lost an executor wrote something else");
  }

  @Test
  void textDedupSurvivesAnExecutorKilledMidRun() throws Exception {
    survivesExecutorLoss("text-dedup", "prepare near dedup", List.of("--input", sample()));
  }

  @Test
  void textQualitySurvivesAnExecutorKilledMidRun() throws Exception {
    survivesExecutorLoss("text-quality", "apply the stages and count verdicts", List.of("--input", sample()));
  }

  /** A manifest naming every fixture under {@code fixtures} (twice when {@code copies}), with a text column. */
  private Path manifest(String name, Path fixtures, String textColumn, boolean copies) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixtures)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".sh") && !file.endsWith(".md")) {
          lines.add(JSON.createObjectNode().put("id", file).put("uri", f.toUri().toString())
              .put(textColumn, "a recording or picture named " + file).toString());
          if (copies) {
            lines.add(JSON.createObjectNode().put("id", "copy-" + file).put("uri", f.toUri().toString())
                .put(textColumn, "the same object again").toString());
          }
        }
      }
    }
    Path manifest = tmp.resolve("manifest/" + name + ".jsonl");
    Files.createDirectories(manifest.getParent());
    Files.write(manifest, lines);
    return manifest;
  }

  @Test
  void audioManifestSurvivesAnExecutorKilledMidRun() throws Exception {
    Path fixtures = Cli.home().resolve("transforms/src/test/resources/media/av");
    survivesExecutorLoss("audio-manifest", "prepare near dedup", List.of(
        "--input", manifest("audio", fixtures, "transcript", false).toString(),
        "--set", "media.allowed_prefixes=[\"" + fixtures.toUri() + "\"]"));
  }

  @Test
  void imageManifestSurvivesAnExecutorKilledMidRun() throws Exception {
    // Every image fixture twice: probing, checks, hashing, then exact and near dedup (the kill comes as dedup starts).
    Path fixtures = Cli.home().resolve("transforms/src/test/resources/media/images");
    survivesExecutorLoss("image-manifest", "prepare image dedup", List.of(
        "--input", manifest("images", fixtures, "caption", true).toString(),
        "--set", "media.allowed_prefixes=[\"" + fixtures.toUri() + "\"]"));
  }

  @Test
  void qualityTrainSurvivesAnExecutorKilledMidRun() throws Exception {
    // Killed as training starts; the model must be the undisturbed run's: same held-out figures, same coefficients.
    Path train = Samples.labelled(tmp);
    survivesExecutorLoss("quality-train", "prepare train a hashed", List.of("--input", train.toString(),
        "--set", "train.features=4096"));
    assertEquals(model(tmp.resolve("quality-train-clean")), model(tmp.resolve("quality-train-killed")),
        "the run that lost an executor trained another model");
  }

  /**
   * A trained model as comparable text: the report's training figures and the records of each stage's data files (read
   * with Parquet's own reader: the files' bytes are not comparable, as their metadata lists encodings in hash order).
   */
  private static String model(Path output) throws IOException {
    StringBuilder sb = new StringBuilder();
    JsonNode stage = JSON.readTree(output.resolve("report.json").toFile()).get("stages").get(1);
    for (String k : List.of("train_positive", "train_negative", "holdout_documents", "holdout_auc",
        "holdout_accuracy")) {
      sb.append(k).append(' ').append(stage.get(k)).append('\n');
    }
    Path stages = output.resolve("model/stages");
    try (Stream<Path> files = Files.walk(stages)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.toString().endsWith(".parquet")).sorted().toList()) {
        // Stage folders carry random uids; the stage index and kind ("4_logreg") name them.
        String name = stages.relativize(f).getName(0).toString();
        sb.append(name, 0, name.lastIndexOf('_')).append(":\n");
        for (String record : DeltaTables.parquetRecords(new org.apache.hadoop.conf.Configuration(),
            new org.apache.hadoop.fs.Path(f.toUri()))) {
          sb.append(record).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** The report's counts: input, kept, rejected and rejected by reason. */
  private static String counts(Path output) throws IOException {
    JsonNode r = JSON.readTree(output.resolve("report.json").toFile());
    return "input " + r.get("input_records") + ", kept " + r.get("kept_records") + ", rejected "
        + r.get("rejected_records") + " " + r.get("rejected_by_reason");
  }

  /**
   * The driver SIGKILLed while it writes over an earlier run's Delta output: the earlier tables stay readable and
   * whole (another job reads the kept one back; every row of both, as their Delta logs define them, is unchanged),
   * and a re-run of the earlier settings over the same output writes exactly the earlier, undisturbed run's rows.
   */
  @Test
  void aDriverKilledMidWriteLeavesThePreviousResultAndARerunMatches() throws Exception {
    Path out = tmp.resolve("dedup");
    List<String> exact = List.of("text-dedup", "--input", sample(), "--output", out.toString(), "--master",
        "local[2]", "--set", "dedup.mode=exact");
    Run first = start("first", exact);
    assertEquals(0, first.finish(), first.stderr());
    String undisturbed = counts(out);
    long kept = JSON.readTree(out.resolve("report.json").toFile()).get("kept_records").asLong();
    String rows = tables(out);

    // Near dedup as well keeps fewer rows, so a half-replaced table would show.
    Run interrupted = start("interrupted", List.of("text-dedup", "--input", sample(), "--output", out.toString(),
        "--master", "local[2]"));
    assertTrue(interrupted.waitForLog("write kept documents", 300), interrupted.stderr());
    interrupted.process().destroyForcibly();
    assertTrue(interrupted.process().waitFor(30, TimeUnit.SECONDS));
    assertEquals(undisturbed, counts(out), "report.json changed");
    assertEquals(rows, tables(out), "the earlier tables changed when the driver died writing over them");

    Path check = tmp.resolve("check");
    Run reread = start("reread", List.of("text-quality", "--input", out.resolve("kept").toString(), "--set",
        "input.format=delta", "--output", check.toString(), "--master", "local[2]"));
    assertEquals(0, reread.finish(), reread.stderr());
    assertEquals(kept, JSON.readTree(check.resolve("report.json").toFile()).get("input_records").asLong(),
        "the earlier kept table changed when the driver died writing over it");

    Run rerun = start("rerun", exact);
    assertEquals(0, rerun.finish(), rerun.stderr());
    assertEquals(undisturbed, counts(out), "the re-run after the crash differs from the undisturbed run");
    assertEquals(rows, tables(out), "the re-run after the crash wrote other rows than the undisturbed run");
  }

  /** Every row of the kept and rejected Delta tables under {@code output}, as the tables' logs define them. */
  private static String tables(Path output) throws IOException {
    org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(
        new org.apache.hadoop.conf.Configuration());
    StringBuilder sb = new StringBuilder();
    for (String table : List.of("kept", "rejected")) {
      for (String row : DeltaTables.rows(local, new org.apache.hadoop.fs.Path(output.resolve(table).toUri()))) {
        sb.append(table).append(' ').append(row).append('\n');
      }
    }
    return sb.toString();
  }
}
