package dev.sieve.it.oss;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An s3proxy server (<a href="https://github.com/gaul/s3proxy">gaul/s3proxy</a>) running as a child JVM on a free
 * loopback port, storing buckets as directories under {@code workDir/data} with the jclouds {@code filesystem}
 * backend and accepting unsigned requests ({@code s3proxy.authorization=none}).
 *
 * <p>The {@code filesystem} backend is the one {@link OssAdapter} is written against; s3proxy logs that it is
 * deprecated in favour of {@code filesystem-nio2}, whose listings give directory markers no size, date or ETag.
 *
 * <p>It runs out of process because its shaded dependencies clash with Spark's and Hadoop's on one class path. Its
 * configuration ({@code s3proxy.properties}) and its combined stdout/stderr ({@code s3proxy.log}) are kept in
 * {@code workDir}. The constructor returns once the server answers HTTP; {@link #close()} stops the process.
 */
public final class S3Proxy implements AutoCloseable {
  /** System property that names the s3proxy jar-with-dependencies. */
  public static final String JAR_PROPERTY = "sieve.it.s3proxy.jar";

  private static final Path M2_JAR = Paths.get(System.getProperty("user.home"),
      ".m2/repository/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final int port;
  private final Path logFile;

  /**
   * Starts s3proxy from {@code jar} with its state in {@code workDir} (created if missing) and waits until it answers.
   *
   * @throws IOException if the process cannot be started, exits early or does not answer within a minute; the message
   *     carries the tail of its log
   */
  public S3Proxy(Path jar, Path workDir) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("s3proxy jar not found: " + jar);
    }
    Path dataDir = Files.createDirectories(workDir.resolve("data"));
    logFile = workDir.resolve("s3proxy.log");
    port = freeLoopbackPort();
    Path properties = workDir.resolve("s3proxy.properties");
    Files.write(properties, List.of(
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=none",
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath()), StandardCharsets.UTF_8);
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString(),
        "--properties", properties.toAbsolutePath().toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
    try {
      awaitReady();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The s3proxy jar named by system property {@value #JAR_PROPERTY}, else the one in the local Maven repository.
   *
   * @throws IllegalStateException if neither exists
   */
  public static Path locateJar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path jar = Paths.get(configured);
      if (Files.isRegularFile(jar)) {
        return jar;
      }
      throw new IllegalStateException("s3proxy jar not found: system property " + JAR_PROPERTY + "=" + configured
          + " names no file (the fallback would be " + M2_JAR + ")");
    }
    if (Files.isRegularFile(M2_JAR)) {
      return M2_JAR;
    }
    throw new IllegalStateException("s3proxy jar not found: system property " + JAR_PROPERTY
        + " is not set and " + M2_JAR + " does not exist (fetch org.gaul:s3proxy:2.6.0:jar-with-dependencies)");
  }

  /** Base URI of the server, {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path logFile() {
    return logFile;
  }

  /** The last lines of the server's output, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** Stops the server: asks it to terminate, then kills it if it has not exited within ten seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException lastFailure = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with status " + process.exitValue() + " before answering on port "
            + port + "; output (" + logFile + "):\n" + logTail());
      }
      try {
        HttpURLConnection probe = (HttpURLConnection) uri().toURL().openConnection();
        probe.setConnectTimeout(1000);
        probe.setReadTimeout(5000);
        try {
          probe.getResponseCode();
          return;
        } finally {
          probe.disconnect();
        }
      } catch (IOException e) {
        lastFailure = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for s3proxy to start", e);
      }
    }
    throw new IOException("s3proxy did not answer on " + uri() + " within " + START_TIMEOUT.toSeconds()
        + " s (last probe: " + lastFailure + "); output (" + logFile + "):\n" + logTail());
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
