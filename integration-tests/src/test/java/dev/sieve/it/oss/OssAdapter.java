package dev.sieve.it.oss;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * A loopback HTTP server that speaks enough of the Alibaba Cloud OSS dialect for the real hadoop-aliyun connector
 * (aliyun-sdk-oss) and forwards every request to an S3 server, {@link S3Proxy} with its filesystem backend.
 *
 * <p>OSS's REST API is S3's with other names, and s3proxy alone fails the OSS SDK in ways that lose data or hang
 * tests. Each translation answers a failure seen without it:
 *
 * <ul>
 *   <li>Request headers {@code x-oss-*} become {@code x-amz-*}: s3proxy ignores {@code x-oss-copy-source} and stores
 *       an empty object, so a rename would silently lose the file's content. The same holds for
 *       {@code x-oss-meta-*}, {@code x-oss-metadata-directive} and {@code x-oss-copy-source-range}.
 *   <li>Response headers {@code x-amz-*} become {@code x-oss-*} (request id, user metadata), where the SDK looks.
 *   <li>XML answers lose their {@code xmlns="http://s3.amazonaws.com/doc/2006-03-01/"}: the SDK finds elements by
 *       local name and otherwise fails every listing and error document with {@code InvalidResponse}.
 *   <li>Listings report directory markers ({@code dir/}) with size 0 instead of their size on disk, and a listing of
 *       prefix {@code dir/} includes the marker {@code dir/} itself, as OSS does. Without the first, hadoop-aliyun
 *       lists directories as files; without the second, it never deletes the marker of a directory it renames or
 *       deletes recursively, so the directory still exists afterwards.
 *   <li>A multi-delete ({@code POST /bucket?delete}) lists children before their directory markers, with its
 *       {@code Content-MD5} recomputed: the filesystem backend stalls ten seconds for each marker deleted while the
 *       directory still has entries.
 *   <li>A 5xx answer is retried once when the request body is buffered: the filesystem backend races
 *       ({@code Unable to mkdir}, status 500) when parallel writers create the same directory.
 * </ul>
 *
 * <p>Status, {@code Content-Length}, {@code ETag}, {@code Last-Modified} and range headers pass through, so positioned
 * reads work. The adapter counts requests per object ({@code bucket/key}) and the object bytes it serves to GETs, so
 * tests can assert how much of a file a reader fetched. {@link #goAway()} simulates the endpoint becoming unreachable
 * and {@link #comeBack()} its return; {@link #awaitWrite} lets a test time {@code goAway()} to a job's writes.
 * Request headers are never logged: they carry the client's {@code Authorization}. At level DEBUG the adapter logs
 * each request's method, path, query, status and the time s3proxy took to answer.
 */
public final class OssAdapter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(OssAdapter.class.getName());

  private static final int THREADS = 32;
  /** Request bodies up to this size are held in memory, which makes them retryable; larger ones stream through. */
  private static final long BUFFER_LIMIT = 16L << 20;
  private static final Duration UPSTREAM_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Bound on waiting for s3proxy's response headers. */
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofMinutes(2);
  /** Headers that describe one hop of the exchange and are set by the HTTP client or server of each hop. */
  private static final Set<String> PER_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "date");
  /** Query parameters that ask for a listing page after the first. */
  private static final Set<String> LISTING_CURSORS = Set.of("continuation-token", "start-after", "marker");

  private final URI upstream;
  private final ExecutorService workers;
  private final HttpClient client;
  private final int port;
  private final Map<String, AtomicInteger> requestsByKey = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytesByKey = new ConcurrentHashMap<>();
  private final List<WriteWaiter> writeWaiters = new CopyOnWriteArrayList<>();
  /** The listening server; null while the endpoint is away. Changed under this object's lock. */
  private volatile HttpServer server;
  private boolean closed;

  /** Starts the adapter on a free port of 127.0.0.1, forwarding to the S3 server at {@code upstream}. */
  public OssAdapter(URI upstream) throws IOException {
    this.upstream = upstream;
    AtomicInteger threadNumber = new AtomicInteger();
    workers = Executors.newFixedThreadPool(THREADS, task -> {
      Thread thread = new Thread(task, "oss-adapter-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(UPSTREAM_CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    server = listen(0);
    port = server.getAddress().getPort();
  }

  /** The {@code fs.oss.endpoint} value that reaches this adapter: {@code 127.0.0.1:PORT}. */
  public String endpoint() {
    return "127.0.0.1:" + port;
  }

  /** Object bytes served to GETs of {@code bucketKey} ({@code bucket/key}) since the last reset. */
  public long bytesServed(String bucketKey) {
    LongAdder bytes = bytesByKey.get(bucketKey);
    return bytes == null ? 0 : bytes.sum();
  }

  /** Requests of any method addressed to {@code bucketKey} ({@code bucket/key}) since the last reset. */
  public int requests(String bucketKey) {
    AtomicInteger count = requestsByKey.get(bucketKey);
    return count == null ? 0 : count.get();
  }

  /** Object bytes served to GETs, by {@code bucket/key}, sorted by key. */
  public Map<String, Long> bytesServedByKey() {
    Map<String, Long> snapshot = new TreeMap<>();
    bytesByKey.forEach((key, bytes) -> snapshot.put(key, bytes.sum()));
    return snapshot;
  }

  public void resetCounters() {
    requestsByKey.clear();
    bytesByKey.clear();
  }

  private final Map<String, Long> slowReads = new ConcurrentHashMap<>();

  /**
   * Holds every GET of the object {@code bucketKey} for {@code millis} before answering it: an object on a store that
   * stalls, for readers' deadlines.
   */
  public void slowReads(String bucketKey, long millis) {
    slowReads.put(bucketKey, millis);
  }

  private record Fault(String prefix, AtomicInteger remaining) {}

  private final java.util.List<Fault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  /**
   * Makes the next {@code times} writes (PUT or POST) to objects under {@code bucketKeyPrefix} fail after they were
   * applied: s3proxy stores the object, the client gets a 500 and retries. What a lost response looks like to a
   * writer; a correct writer ends with each object written once in effect.
   */
  public void failWritesAfterApplying(String bucketKeyPrefix, int times) {
    faults.add(new Fault(bucketKeyPrefix, new AtomicInteger(times)));
  }

  /** Writes answered with an injected 500 so far. */
  public int injectedFaults() {
    return injected.get();
  }

  private boolean injectFault(String method, Target target) {
    if (!target.isObject() || !(method.equals("PUT") || method.equals("POST"))) {
      return false;
    }
    for (Fault f : faults) {
      if (target.bucketKey().startsWith(f.prefix()) && f.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        injected.incrementAndGet();
        return true;
      }
    }
    return false;
  }

  /**
   * Waits until a write (PUT or POST) to an object whose {@code bucket/key} starts with {@code bucketKeyPrefix}
   * arrives after this call, so a test can act while a job is writing.
   *
   * @return whether such a write arrived within {@code timeoutMillis}
   */
  public boolean awaitWrite(String bucketKeyPrefix, long timeoutMillis) throws InterruptedException {
    WriteWaiter waiter = new WriteWaiter(bucketKeyPrefix, new CountDownLatch(1));
    writeWaiters.add(waiter);
    try {
      return waiter.seen().await(timeoutMillis, TimeUnit.MILLISECONDS);
    } finally {
      writeWaiters.remove(waiter);
    }
  }

  /**
   * Makes the endpoint unreachable: stops accepting, so new connections are refused, and closes every open
   * connection, including those in the middle of a response. {@link #comeBack()} undoes it.
   */
  public synchronized void goAway() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again on the same port after {@link #goAway()}; objects written before are still there. */
  public synchronized void comeBack() throws IOException {
    if (closed) {
      throw new IllegalStateException("the OSS adapter is closed");
    }
    if (server == null) {
      server = listen(port);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    goAway();
    workers.shutdownNow();
  }

  private HttpServer listen(int port) throws IOException {
    HttpServer listening = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    listening.setExecutor(workers);
    listening.createContext("/", this::handle);
    listening.start();
    return listening;
  }

  /** A test waiting in {@link #awaitWrite} for a write below {@code prefix}. */
  private record WriteWaiter(String prefix, CountDownLatch seen) {}

  /** Where a path-style request points: a bucket, or an object of it when {@code key} is not empty. */
  private record Target(String bucket, String key) {
    static Target of(URI requestUri) {
      String path = requestUri.getPath().substring(1);
      int slash = path.indexOf('/');
      return slash < 0 ? new Target(path, "") : new Target(path.substring(0, slash), path.substring(slash + 1));
    }

    boolean isObject() {
      return !key.isEmpty();
    }

    String bucketKey() {
      return bucket + "/" + key;
    }
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      forward(exchange);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        LOG.log(System.Logger.Level.WARNING, "OSS adapter failed on " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI().getRawPath() + ": " + e);
        answerBadGateway(exchange, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers 502 with an OSS error document, unless the response has already begun. */
  private void answerBadGateway(HttpExchange exchange, Exception cause) {
    if (exchange.getResponseCode() != -1) {
      return;
    }
    byte[] error = OssXml.error("BadGateway", "OSS adapter could not forward to s3proxy at " + upstream + ": " + cause)
        .getBytes(StandardCharsets.UTF_8);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/xml");
      exchange.sendResponseHeaders(502, error.length);
      exchange.getResponseBody().write(error);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "client gone before the 502 could be sent: " + e);
    }
  }

  private void forward(HttpExchange exchange) throws IOException, InterruptedException {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    URI requestUri = exchange.getRequestURI();
    String query = requestUri.getRawQuery();
    Map<String, String> parameters = parameters(query);
    Target target = Target.of(requestUri);
    if (target.isObject()) {
      requestsByKey.computeIfAbsent(target.bucketKey(), k -> new AtomicInteger()).incrementAndGet();
      Long stall = slowReads.get(target.bucketKey());
      if (stall != null && method.equals("GET")) {
        Thread.sleep(stall);
      }
      if (method.equals("PUT") || method.equals("POST")) {
        writeWaiters.stream().filter(waiter -> target.bucketKey().startsWith(waiter.prefix()))
            .forEach(waiter -> waiter.seen().countDown());
      }
    }

    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(upstream + requestUri.getRawPath() + (query == null ? "" : "?" + query)))
        .timeout(UPSTREAM_TIMEOUT);
    exchange.getRequestHeaders().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!PER_HOP.contains(lower) && !lower.equals("content-md5")) {
        values.forEach(value -> request.header(ossToAmz(lower), value));
      }
    });
    String contentLength = exchange.getRequestHeaders().getFirst("Content-Length");
    boolean streamed = contentLength != null && Long.parseLong(contentLength) > BUFFER_LIMIT;
    byte[] body = streamed ? null : exchange.getRequestBody().readAllBytes();
    String contentMd5 = exchange.getRequestHeaders().getFirst("Content-MD5");
    if (!streamed && method.equals("POST") && !target.isObject() && parameters.containsKey("delete")) {
      body = OssXml.childrenFirst(body);
      if (contentMd5 != null) {
        contentMd5 = md5(body);
      }
    }
    if (contentMd5 != null) {
      request.header("Content-MD5", contentMd5);
    }

    HttpResponse<InputStream> response;
    if (streamed) {
      InputStream stream = exchange.getRequestBody();
      request.method(method, HttpRequest.BodyPublishers.fromPublisher(
          HttpRequest.BodyPublishers.ofInputStream(() -> stream), Long.parseLong(contentLength)));
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } else {
      request.method(method, body.length == 0 && (method.equals("GET") || method.equals("HEAD"))
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(body));
      HttpRequest built = request.build();
      response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() >= 500) {
        LOG.log(System.Logger.Level.INFO, "s3proxy answered " + response.statusCode() + " to " + method + " "
            + requestUri.getRawPath() + "; retrying once");
        response.body().close();
        response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
      }
    }
    if (response.statusCode() / 100 == 2 && injectFault(method, target)) {
      response.body().close();
      byte[] error = OssXml.error("InternalError", "injected after the write was applied")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/xml");
      exchange.sendResponseHeaders(500, error.length);
      exchange.getResponseBody().write(error);
      return;
    }
    int status = response.statusCode();
    LOG.log(System.Logger.Level.DEBUG, () -> method + " " + requestUri.getRawPath()
        + (query == null ? "" : "?" + query) + " -> " + status + " in " + (System.nanoTime() - start) / 1_000_000
        + " ms");
    respond(exchange, method, target, parameters, response);
  }

  private void respond(HttpExchange exchange, String method, Target target, Map<String, String> parameters,
      HttpResponse<InputStream> response) throws IOException, InterruptedException {
    int status = response.statusCode();
    response.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!PER_HOP.contains(lower)) {
        exchange.getResponseHeaders().put(amzToOss(lower), values);
      }
    });
    try (InputStream body = response.body()) {
      if (method.equals("HEAD") || status == 204 || status == 304) {
        if (method.equals("HEAD")) {
          response.headers().firstValue("Content-Length")
              .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        }
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      boolean objectRead = method.equals("GET") && target.isObject() && parameters.isEmpty() && status / 100 == 2;
      if (objectRead) {
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        exchange.sendResponseHeaders(status, length < 0 ? 0 : length == 0 ? -1 : length);
        copyCounting(body, exchange.getResponseBody(),
            bytesByKey.computeIfAbsent(target.bucketKey(), k -> new LongAdder()));
        return;
      }
      byte[] bytes = body.readAllBytes();
      if (response.headers().firstValue("Content-Type").orElse("").contains("xml")) {
        String xml = OssXml.withoutNamespace(new String(bytes, StandardCharsets.UTF_8));
        if (method.equals("GET") && !target.isObject() && status == 200 && xml.contains("<ListBucketResult")) {
          xml = ossListing(xml, target.bucket(), parameters);
        }
        bytes = xml.getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** A bucket listing as OSS would answer it: see the class comment. */
  private String ossListing(String listing, String bucket, Map<String, String> parameters)
      throws IOException, InterruptedException {
    String result = OssXml.withEmptyMarkers(listing);
    String prefix = parameters.getOrDefault("prefix", "");
    boolean firstPage = LISTING_CURSORS.stream().allMatch(cursor -> parameters.getOrDefault(cursor, "").isEmpty());
    if (!prefix.endsWith("/") || !firstPage || OssXml.listsKey(result, prefix)) {
      return result;
    }
    HttpResponse<Void> marker = client.send(
        HttpRequest.newBuilder(objectUri(bucket, prefix)).timeout(UPSTREAM_TIMEOUT)
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    if (marker.statusCode() != 200) {
      return result;
    }
    Instant lastModified = marker.headers().firstValue("Last-Modified")
        .map(value -> ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
        .orElseGet(Instant::now);
    return OssXml.withPrefixMarker(result, prefix, lastModified);
  }

  private URI objectUri(String bucket, String key) {
    try {
      return new URI(upstream.getScheme(), null, upstream.getHost(), upstream.getPort(), "/" + bucket + "/" + key,
          null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot address object " + bucket + "/" + key, e);
    }
  }

  private static void copyCounting(InputStream in, OutputStream out, LongAdder counter) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
      counter.add(n);
    }
  }

  /** Decoded query parameters; a parameter without a value ({@code ?delete}) maps to the empty string. */
  private static Map<String, String> parameters(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    if (rawQuery != null) {
      Stream.of(rawQuery.split("&")).filter(p -> !p.isEmpty()).forEach(parameter -> {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : parameter.substring(equals + 1);
        parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      });
    }
    return parameters;
  }

  private static String ossToAmz(String lowerName) {
    return lowerName.startsWith("x-oss-") ? "x-amz-" + lowerName.substring("x-oss-".length()) : lowerName;
  }

  private static String amzToOss(String lowerName) {
    return lowerName.startsWith("x-amz-") ? "x-oss-" + lowerName.substring("x-amz-".length()) : lowerName;
  }

  private static String md5(byte[] body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }
}
