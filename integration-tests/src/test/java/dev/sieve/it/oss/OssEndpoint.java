package dev.sieve.it.oss;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An OSS-compatible endpoint on loopback for integration tests: an {@link S3Proxy} child process storing buckets in a
 * work directory, fronted by an {@link OssAdapter} that the real hadoop-aliyun connector talks to over plain HTTP.
 * Point Hadoop at it with {@link #hadoopConf}; the adapter's per-object counters show what a reader fetched, and
 * {@link #goAway()} / {@link #comeBack()} take the endpoint off the network and back. {@link #close()} stops both
 * servers.
 */
public final class OssEndpoint implements AutoCloseable {
  /** Part size for multipart uploads: S3's minimum, so that files of a few MiB already go through multipart upload. */
  public static final long MULTIPART_PART_SIZE = 5L << 20;

  private final Path workDir;
  private final boolean ownsWorkDir;
  private final S3Proxy s3proxy;
  private final OssAdapter adapter;

  private OssEndpoint(Path workDir, boolean ownsWorkDir) throws IOException {
    this.workDir = workDir;
    this.ownsWorkDir = ownsWorkDir;
    s3proxy = new S3Proxy(S3Proxy.locateJar(), workDir.resolve("s3proxy"));
    try {
      adapter = new OssAdapter(s3proxy.uri());
    } catch (IOException | RuntimeException e) {
      s3proxy.close();
      throw e;
    }
  }

  /** Starts an endpoint in a new temporary directory, which {@link #close()} deletes. */
  public static OssEndpoint start() throws IOException {
    return new OssEndpoint(Files.createTempDirectory("sieve-oss-it"), true);
  }

  /**
   * Starts an endpoint that keeps its state in {@code workDir} (created if missing): s3proxy's configuration, log
   * ({@code s3proxy/s3proxy.log}) and buckets ({@code s3proxy/data}). The directory outlives {@link #close()}.
   */
  public static OssEndpoint start(Path workDir) throws IOException {
    return new OssEndpoint(Files.createDirectories(workDir), false);
  }

  /** Creates a bucket (S3 rules: 3 to 63 lower-case letters, digits, dots and hyphens). */
  public void createBucket(String name) throws IOException {
    HttpURLConnection put = (HttpURLConnection) s3proxy.uri().resolve("/" + name).toURL().openConnection();
    put.setRequestMethod("PUT");
    put.setConnectTimeout(5000);
    put.setReadTimeout(30000);
    try {
      int status = put.getResponseCode();
      if (status != 200) {
        throw new IOException("s3proxy refused to create bucket " + name + ": HTTP " + status);
      }
    } finally {
      put.disconnect();
    }
  }

  /** The {@code fs.oss.endpoint} value: {@code 127.0.0.1:PORT} of the adapter. */
  public String endpoint() {
    return adapter.endpoint();
  }

  /**
   * Hadoop settings that make {@code oss://bucket/...} paths reach this endpoint, as plain keys (prefix them with
   * {@code spark.hadoop.} for a Spark configuration).
   *
   * <p>Beyond endpoint and credentials: plain HTTP, since the SDK otherwise speaks TLS to the plain port and waits;
   * no FileSystem cache, since the cache keys on {@code oss://bucket} alone and would hand a later test a client for
   * an earlier endpoint's port; two attempts per request, since the SDK pauses 300 ms &times; 2<sup>n</sup> between
   * attempts and its default of ten turns an unreachable endpoint into five minutes of waiting; connect and read
   * timeouts of 5 s and 30 s instead of 50 s and 200 s; {@link #MULTIPART_PART_SIZE} parts; four read-ahead threads
   * instead of ten; and upload buffers kept in this endpoint's work directory.
   */
  public Map<String, String> hadoopConf(String accessKeyId, String secret) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.oss.impl", "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem");
    conf.put("fs.oss.impl.disable.cache", "true");
    conf.put("fs.oss.endpoint", endpoint());
    conf.put("fs.oss.accessKeyId", accessKeyId);
    conf.put("fs.oss.accessKeySecret", secret);
    conf.put("fs.oss.connection.secure.enabled", "false");
    conf.put("fs.oss.attempts.maximum", "2");
    conf.put("fs.oss.connection.establish.timeout", "5000");
    conf.put("fs.oss.connection.timeout", "30000");
    conf.put("fs.oss.multipart.upload.size", Long.toString(MULTIPART_PART_SIZE));
    conf.put("fs.oss.multipart.download.threads", "4");
    conf.put("fs.oss.buffer.dir", workDir.resolve("upload-buffer").toString());
    return conf;
  }

  /** See {@link OssAdapter#goAway()}. */
  public void goAway() {
    adapter.goAway();
  }

  /** See {@link OssAdapter#comeBack()}. */
  public void comeBack() throws IOException {
    adapter.comeBack();
  }

  /** See {@link OssAdapter#slowReads}. */
  public void slowReads(String bucketKey, long millis) {
    adapter.slowReads(bucketKey, millis);
  }

  /** See {@link OssAdapter#failWritesAfterApplying}. */
  public void failWritesAfterApplying(String bucketKeyPrefix, int times) {
    adapter.failWritesAfterApplying(bucketKeyPrefix, times);
  }

  /** See {@link OssAdapter#injectedFaults}. */
  public int injectedFaults() {
    return adapter.injectedFaults();
  }

  /** See {@link OssAdapter#awaitWrite}. */
  public boolean awaitWrite(String bucketKeyPrefix, long timeoutMillis) throws InterruptedException {
    return adapter.awaitWrite(bucketKeyPrefix, timeoutMillis);
  }

  /** The last lines of s3proxy's output, for diagnosing a failed test. */
  public String s3proxyLogTail() {
    return s3proxy.logTail();
  }

  /** Object bytes served to GETs of {@code bucketKey} ({@code bucket/key}). */
  public long bytesServed(String bucketKey) {
    return adapter.bytesServed(bucketKey);
  }

  /** Requests addressed to {@code bucketKey} ({@code bucket/key}). */
  public int requests(String bucketKey) {
    return adapter.requests(bucketKey);
  }

  public Map<String, Long> bytesServedByKey() {
    return adapter.bytesServedByKey();
  }

  public void resetCounters() {
    adapter.resetCounters();
  }

  @Override
  public void close() {
    try {
      adapter.close();
    } finally {
      s3proxy.close();
      if (ownsWorkDir) {
        deleteRecursively(workDir);
      }
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
