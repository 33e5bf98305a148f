package dev.sieve.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/sieve} as a user would: a separate process, from the checkout. */
final class Cli {
  private Cli() {}

  record Result(int status, String out, String err) {}

  static Path home() {
    String h = System.getProperty("sieve.home");
    if (h == null) {
      throw new IllegalStateException("sieve.home is not set (the build sets it)");
    }
    return Paths.get(h);
  }

  /**
   * JVM flags for the short runs tests make: the client compiler only and the serial collector (a run over a few
   * hundred records spends more CPU compiling than computing). Also given to local-cluster executors.
   */
  static final String TEST_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** The environment every test's bin/sieve runs with. */
  static void testEnvironment(java.util.Map<String, String> env) {
    // The build that runs these tests has just produced the jar: never rebuild from inside a test.
    env.put("SIEVE_NO_BUILD", "1");
    env.put("SIEVE_DRIVER_MEMORY", "2g");
    env.put("SIEVE_JAVA_OPTS", TEST_JVM_FLAGS);
  }

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, java.util.Map.of(), args);
  }

  /** With extra environment variables (credentials, endpoints), as a scheduler would pass them. */
  static Result run(Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(home().resolve("bin/sieve").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    testEnvironment(pb.environment());
    pb.environment().putAll(env);
    File out = File.createTempFile("sieve-out", ".txt");
    File err = File.createTempFile("sieve-err", ".txt");
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("bin/sieve " + String.join(" ", args) + " did not finish in 10 minutes");
    }
    return new Result(p.exitValue(),
        java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
        java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }
}
