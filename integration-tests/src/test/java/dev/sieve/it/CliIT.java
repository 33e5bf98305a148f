package dev.sieve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users meet it, and the jar spark-submit runs. */
class CliIT {
  @TempDir
  Path tmp;

  @Test
  void helpExplainsTheCommands() throws Exception {
    Cli.Result top = Cli.run(tmp, "--help");
    assertEquals(0, top.status(), top.err());
    assertTrue(top.out().contains("Usage: sieve <job> --input URI --output URI"), top.out());
    assertTrue(top.out().contains("text-dedup"), top.out());
    assertTrue(top.out().contains("demo"), top.out());

    Cli.Result job = Cli.run(tmp, "text-dedup", "--help");
    assertEquals(0, job.status(), job.err());
    assertTrue(job.out().contains("dedup.normalization = \"whitespace\""), job.out());
    assertTrue(job.out().contains("output.format = \"delta\""), job.out());

    Cli.Result jobs = Cli.run(tmp, "jobs");
    assertEquals(0, jobs.status());
    assertTrue(jobs.out().startsWith("text-dedup"), jobs.out());
  }

  @Test
  void aMisspelledKeyStopsTheRunBeforeSparkStarts() throws Exception {
    Cli.Result r = Cli.run(tmp, "text-dedup", "--input", tmp.toString(), "--output", tmp.resolve("o").toString(),
        "--set", "dedup.normalisation=none");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("unknown configuration key 'dedup.normalisation'"), r.err());
    assertTrue(r.err().contains("did you mean 'dedup.normalization'"), r.err());
  }

  @Test
  void theJobsJarIsShadedWithSparkLeftToTheCluster() throws Exception {
    Path target = Cli.home().resolve("jobs/target");
    Path jar;
    try (var files = java.nio.file.Files.list(target)) {
      jar = files.filter(p -> p.getFileName().toString().matches("sieve-jobs-.*\\.jar")
          && !p.getFileName().toString().contains("original")).findFirst().orElseThrow();
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals("dev.sieve.jobs.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
      assertTrue(j.getEntry("dev/sieve/jobs/Main.class") != null);
      assertTrue(j.getEntry("dev/sieve/transforms/spark/SparkExactDedup.class") != null);
      assertTrue(j.getEntry("io/delta/tables/DeltaTable.class") != null, "Delta travels with the jar");
      assertTrue(j.getEntry("org/apache/hadoop/fs/aliyun/oss/AliyunOSSFileSystem.class") != null, "OSS too");
      assertTrue(j.getEntry("com/typesafe/config/Config.class") != null);
      assertTrue(j.getEntry("sieve/conf/ack.conf") != null, "the environment overlays are bundled");
      assertFalse(j.getEntry("org/apache/spark/sql/Dataset.class") != null, "Spark is provided");
      assertFalse(j.getEntry("scala/Predef.class") != null, "Scala is provided");
    }
  }

  @Test
  void theDeploymentManifestsPassTheCheckAndTheirMainClassesAreInTheJar() throws Exception {
    Cli.Result r = Cli.run(tmp, "manifests", "check", Cli.home().resolve("k8s").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("(SparkApplication sieve-text-quality)"), r.out());
    assertTrue(r.out().contains("(ScheduledSparkApplication sieve-text-dedup-nightly)"), r.out());

    Path target = Cli.home().resolve("jobs/target");
    Path jar;
    try (var files = java.nio.file.Files.list(target)) {
      jar = files.filter(p -> p.getFileName().toString().matches("sieve-jobs-.*\\.jar")
          && !p.getFileName().toString().contains("original")).findFirst().orElseThrow();
    }
    java.util.regex.Pattern mainClass = java.util.regex.Pattern.compile("(?m)^\\s*mainClass:\\s*(\\S+)");
    int manifests = 0;
    try (JarFile j = new JarFile(jar.toFile());
        var files = java.nio.file.Files.list(Cli.home().resolve("k8s/sparkapplications"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        java.util.regex.Matcher m = mainClass.matcher(java.nio.file.Files.readString(f));
        while (m.find()) {
          manifests++;
          String entry = m.group(1).replace('.', '/') + ".class";
          assertTrue(j.getEntry(entry) != null, f + ": " + m.group(1) + " is not in " + jar.getFileName());
        }
      }
    }
    assertTrue(manifests >= 4, "manifests with a main class: " + manifests);
  }

  /**
   * A secret written into configuration (a user's mistake: credentials belong in the environment) appears nowhere a
   * run leaves text: its stdout and stderr, its report.json and report.html, the runs table, any output file, the
   * Spark event log.
   */
  @Test
  void aSecretInConfigurationReachesNoLogReportOrEventLog() throws Exception {
    String secret = "it-secret-" + UUID.randomUUID();
    Path events = tmp.resolve("events");
    Files.createDirectories(events);
    Path conf = tmp.resolve("with-secret.conf");
    Files.writeString(conf, "spark.conf {\n"
        + "  \"spark.hadoop.fs.oss.accessKeySecret\" = \"" + secret + "\"\n"
        + "  \"spark.eventLog.enabled\" = true\n"
        + "  \"spark.eventLog.dir\" = \"" + events.toUri() + "\"\n"
        + "}\n");
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run(tmp, "text-dedup", "--input", Samples.webText().toString(), "--output", out.toString(),
        "--conf", conf.toString(), "--set", "dedup.mode=exact");
    assertEquals(0, r.status(), r.err());
    assertFalse(r.out().contains(secret) || r.err().contains(secret), "the secret is in the run's output");
    int files = 0;
    for (Path root : List.of(out, events)) {
      try (var walk = Files.walk(root)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files++;
          // Bytes as Latin-1: finds the secret in text files and uncompressed binary ones alike.
          String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertFalse(content.contains(secret), "the secret is in " + f);
        }
      }
    }
    try (var logs = Files.list(events)) {
      assertTrue(logs.findAny().isPresent(), "no event log was written");
    }
    assertTrue(files > 10, "files checked: " + files);
  }
}
