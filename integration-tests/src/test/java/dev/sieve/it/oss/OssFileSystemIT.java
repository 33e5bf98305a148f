package dev.sieve.it.oss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.oss.ClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Proves that {@link OssEndpoint} is a faithful enough OSS for the real hadoop-aliyun {@link FileSystem} to do what
 * Sieve's jobs rely on: directories, whole and ranged reads (counted per object by the adapter), listings, renames of
 * files and directories, multipart uploads, {@link OssEndpoint#awaitWrite} and recursive delete. Each test works under
 * its own key prefix. The last one takes the endpoint away and checks that reads then fail within a bounded time
 * instead of hanging: reading an open stream fails with an {@link IOException}, while opening a file lets the SDK's
 * unchecked {@link ClientException} through, because hadoop-aliyun 3.3.4 does not translate it in
 * {@code getFileStatus}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OssFileSystemIT {
  private static final String BUCKET = "sieve-it";
  private static final Duration UNREACHABLE_BOUND = Duration.ofSeconds(60);
  private static final byte[] SMALL = "hello, oss\nsecond line\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LARGE = randomBytes(12 << 20); // three parts of OssEndpoint.MULTIPART_PART_SIZE

  private static OssEndpoint endpoint;
  private static FileSystem fs;

  @BeforeAll
  static void start() throws IOException {
    endpoint = OssEndpoint.start();
    endpoint.createBucket(BUCKET);
    Configuration conf = new Configuration(false);
    endpoint.hadoopConf("test-access-key", "test-secret").forEach(conf::set);
    fs = FileSystem.get(URI.create("oss://" + BUCKET + "/"), conf);
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      if (endpoint != null) {
        endpoint.close();
      }
    }
  }

  @Test
  void mkdirsCreatesADirectory() throws IOException {
    assertTrue(fs.mkdirs(new Path("/mkdirs/a/b")));
    assertTrue(fs.getFileStatus(new Path("/mkdirs/a/b")).isDirectory());
    assertTrue(fs.getFileStatus(new Path("/mkdirs/a")).isDirectory());
  }

  @Test
  void aSmallFileReadsBackWithItsLength() throws IOException {
    write(new Path("/small/a.txt"), SMALL);
    assertArrayEquals(SMALL, read(new Path("/small/a.txt")));
    assertEquals(SMALL.length, fs.getFileStatus(new Path("/small/a.txt")).getLen());
  }

  @Test
  void rangeReadsReturnTheRequestedBytesAndTheAdapterCountsThem() throws IOException {
    Path small = new Path("/range/a.txt");
    write(small, SMALL);
    assertEquals("oss\n", new String(read(small, 7, 4), StandardCharsets.UTF_8));
    endpoint.resetCounters();
    read(small);
    assertEquals(SMALL.length, endpoint.bytesServed(BUCKET + "/range/a.txt"));

    Path large = new Path("/range/large.bin");
    write(large, LARGE);
    endpoint.resetCounters();
    assertArrayEquals(Arrays.copyOfRange(LARGE, 6 << 20, (6 << 20) + 1000), read(large, 6 << 20, 1000));
    long served = endpoint.bytesServed(BUCKET + "/range/large.bin");
    assertTrue(served >= 1000 && served < LARGE.length / 2,
        () -> served + " bytes served for a 1000-byte read of a 12 MiB object (read-ahead included)");
  }

  @Test
  void listingsShowDirectoriesAsDirectories() throws IOException {
    write(new Path("/listing/dir/a.txt"), SMALL);
    write(new Path("/listing/dir/sub/b.txt"), SMALL);
    List<String> names = Arrays.stream(fs.listStatus(new Path("/listing/dir")))
        .map(status -> status.getPath().getName() + (status.isDirectory() ? "/" : "")).sorted().toList();
    assertEquals(List.of("a.txt", "sub/"), names);

    List<String> files = new ArrayList<>();
    RemoteIterator<? extends FileStatus> iterator = fs.listFiles(new Path("/listing"), true);
    while (iterator.hasNext()) {
      files.add(iterator.next().getPath().toUri().getPath());
    }
    files.sort(null);
    assertEquals(List.of("/listing/dir/a.txt", "/listing/dir/sub/b.txt"), files);
  }

  @Test
  void renamingAFileMovesItsContent() throws IOException {
    write(new Path("/rename-file/a.txt"), SMALL);
    assertTrue(fs.rename(new Path("/rename-file/a.txt"), new Path("/rename-file/renamed.txt")));
    assertFalse(fs.exists(new Path("/rename-file/a.txt")));
    assertArrayEquals(SMALL, read(new Path("/rename-file/renamed.txt")));
  }

  @Test
  void renamingADirectoryMovesEveryFileWithItsContent() throws IOException {
    write(new Path("/rename-dir/dir/a.txt"), SMALL);
    write(new Path("/rename-dir/dir/sub/b.txt"), SMALL);
    assertTrue(fs.rename(new Path("/rename-dir/dir"), new Path("/rename-dir/moved")));
    assertFalse(fs.exists(new Path("/rename-dir/dir")));
    assertArrayEquals(SMALL, read(new Path("/rename-dir/moved/a.txt")));
    assertArrayEquals(SMALL, read(new Path("/rename-dir/moved/sub/b.txt")));
  }

  @Test
  void aFileWrittenInPiecesIsUploadedInPartsAndReadsBackIntact() throws IOException {
    Path path = new Path("/multipart/large.bin");
    endpoint.resetCounters();
    write(path, LARGE);
    int requests = endpoint.requests(BUCKET + "/multipart/large.bin");
    assertTrue(requests >= 5, () -> requests + " requests to write it; initiate, 3 parts and complete take 5");
    assertEquals(LARGE.length, fs.getFileStatus(path).getLen());
    assertArrayEquals(LARGE, read(path));
    int tail = LARGE.length - 1000;
    assertArrayEquals(Arrays.copyOfRange(LARGE, tail, LARGE.length), read(path, tail, 1000));
  }

  @Test
  void renamingAMultipartFileKeepsEveryByte() throws IOException {
    write(new Path("/rename-multipart/large.bin"), LARGE);
    assertTrue(fs.rename(new Path("/rename-multipart/large.bin"), new Path("/rename-multipart/moved.bin")));
    assertArrayEquals(LARGE, read(new Path("/rename-multipart/moved.bin")));
  }

  @Test
  void awaitWriteSeesOnlyAWriteThatStartsAfterTheCall() throws Exception {
    write(new Path("/await/earlier.txt"), SMALL);
    assertFalse(endpoint.awaitWrite(BUCKET + "/await/", 500), "a write before the call counted");
    FutureTask<Boolean> awaiting = new FutureTask<>(() -> endpoint.awaitWrite(BUCKET + "/await/", 30_000));
    new Thread(awaiting).start();
    Thread.sleep(500);
    write(new Path("/await/later.txt"), SMALL);
    assertTrue(awaiting.get(), "the later write was not seen");
  }

  @Test
  void recursiveDeleteLeavesNothing() throws IOException {
    write(new Path("/delete/a.txt"), SMALL);
    write(new Path("/delete/dir/sub/b.txt"), SMALL);
    assertTrue(fs.mkdirs(new Path("/delete/empty")));
    assertTrue(fs.delete(new Path("/delete"), true));
    assertFalse(fs.exists(new Path("/delete/dir/sub/b.txt")));
    assertFalse(fs.exists(new Path("/delete/empty")));
    assertFalse(fs.exists(new Path("/delete")));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void whenTheEndpointGoesAwayReadsFailWithinBoundedTime() throws IOException {
    Path path = new Path("/gone/large.bin");
    write(path, LARGE);
    try (FSDataInputStream open = fs.open(path)) {
      open.read();
      endpoint.goAway();
      assertTimeoutPreemptively(UNREACHABLE_BOUND, () -> assertThrows(IOException.class,
          () -> open.readFully(10 << 20, new byte[1 << 20])), "read of a stream opened before goAway");
      assertTimeoutPreemptively(UNREACHABLE_BOUND, () -> assertThrows(ClientException.class, () -> read(path)),
          "open after goAway");
    } finally {
      endpoint.comeBack();
    }
    assertArrayEquals(LARGE, read(path), "read after comeBack");
  }

  /** Writes {@code content} in 1 MiB chunks, the way a job's writer hands data to the stream. */
  private static void write(Path path, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(path, true)) {
      for (int offset = 0; offset < content.length; offset += 1 << 20) {
        out.write(content, offset, Math.min(1 << 20, content.length - offset));
      }
    }
  }

  private static byte[] read(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  private static byte[] read(Path path, long position, int length) throws IOException {
    byte[] bytes = new byte[length];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(position, bytes);
    }
    return bytes;
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }
}
