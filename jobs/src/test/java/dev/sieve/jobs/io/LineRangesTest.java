package dev.sieve.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineRangesTest {
  @TempDir
  Path dir;

  private static Configuration conf() {
    Configuration c = new Configuration(false);
    c.set("io.compression.codecs", "org.apache.hadoop.io.compress.GzipCodec," + ZstdCodec.class.getName());
    c.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
    c.set("fs.faulty.impl", Faulty.class.getName());
    c.setBoolean("fs.faulty.impl.disable.cache", true);
    return c;
  }

  private static List<LineRanges.Line> read(LineRanges.Range r, int cap) {
    List<LineRanges.Line> out = new ArrayList<>();
    Configuration conf = conf();
    LineRanges.lines(conf, new CompressionCodecFactory(conf), r, cap, 8).forEachRemaining(out::add);
    return out;
  }

  private static List<String> texts(List<LineRanges.Line> lines) {
    List<String> out = new ArrayList<>();
    for (LineRanges.Line l : lines) {
      out.add(l.isUnreadable() ? "!" + l.unreadable() : new String(l.bytes(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void everyLineIsReadOnceWhereverTheRangesAreCut() throws IOException {
    Random random = new Random(11);
    StringBuilder sb = new StringBuilder();
    List<String> expected = new ArrayList<>();
    String[] ends = {"\n", "\r\n", "\r"};
    String end = "\n";
    for (int i = 0; i < 60; i++) {
      String line = "line-" + i + "-" + "x".repeat(random.nextInt(12));
      if (random.nextInt(6) == 0 && !end.equals("\r")) {
        line = ""; // blank lines are lines too (but CR, blank, LF would read as one CRLF)
      }
      expected.add(line);
      end = ends[random.nextInt(ends.length)];
      sb.append(line).append(end);
    }
    sb.append("last-without-end");
    expected.add("last-without-end");
    Path f = dir.resolve("mixed.jsonl");
    Files.writeString(f, sb.toString());
    long len = Files.size(f);
    for (int split = 1; split <= 40; split++) {
      List<String> got = new ArrayList<>();
      for (long at = 0; at < len; at += split) {
        got.addAll(texts(read(new LineRanges.Range(f.toUri().toString(), at, Math.min(split, len - at)), 1000)));
      }
      assertEquals(expected, got, "ranges of " + split + " bytes");
    }
  }

  @Test
  void aLineOverTheCapComesBackAsItsHeadAndLength() throws IOException {
    Path f = dir.resolve("big.jsonl");
    Files.writeString(f, "short\n" + "y".repeat(100) + "\nafter\n");
    List<LineRanges.Line> lines = read(new LineRanges.Range(f.toUri().toString(), 0, Files.size(f)), 50);
    assertEquals(3, lines.size());
    assertFalse(lines.get(0).tooLarge());
    assertTrue(lines.get(1).tooLarge());
    assertArrayEquals("yyyyyyyy".getBytes(StandardCharsets.US_ASCII), lines.get(1).bytes());
    assertEquals(101, lines.get(1).length()); // with its line end
    assertEquals("after", new String(lines.get(2).bytes(), StandardCharsets.UTF_8));
    // exactly at the cap is not over it
    assertFalse(read(new LineRanges.Range(f.toUri().toString(), 0, Files.size(f)), 100).get(1).tooLarge());
  }

  private Path gzip(String name, int lines) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      for (int i = 0; i < lines; i++) {
        out.write(("{\"id\":\"" + i + "\",\"text\":\"document number " + i + " " + new Random(i).nextLong()
            + "\"}\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return f;
  }

  @Test
  void aTruncatedGzipYieldsItsLinesThenOneUnreadableRow() throws IOException {
    Path whole = gzip("whole.jsonl.gz", 2000);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.jsonl.gz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    List<String> all = texts(read(new LineRanges.Range(whole.toUri().toString(), 0, -1), 1000));
    assertEquals(2000, all.size());
    List<LineRanges.Line> lines = read(new LineRanges.Range(cut.toUri().toString(), 0, -1), 1000);
    LineRanges.Line last = lines.get(lines.size() - 1);
    assertTrue(last.isUnreadable(), texts(lines).toString());
    assertTrue(last.unreadable().contains("truncated or corrupt"), last.unreadable());
    assertTrue(last.unreadable().contains("cut.jsonl.gz"), last.unreadable());
    int read = lines.size() - 1;
    assertTrue(read > 100 && read < 2000, "lines before the cut: " + read);
    assertTrue(last.unreadable().contains("after " + read + " lines"), last.unreadable());
    // The lines before the cut are the file's first lines, except possibly the last one, cut mid-line.
    assertEquals(all.subList(0, read - 1), texts(lines).subList(0, read - 1));
  }

  @Test
  void aGzipBombIsOneTooLargeLineReadWithBoundedMemory() throws IOException {
    // 256 MB of one byte, no line break, in a .gz of a few hundred KB: streamed through, never held.
    Path f = dir.resolve("bomb.jsonl.gz");
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'a');
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      for (int i = 0; i < 256; i++) {
        out.write(chunk);
      }
      out.write("\n{\"id\":\"after\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.size(f) < 2_000_000, "the bomb is " + Files.size(f) + " bytes");
    List<LineRanges.Line> lines = read(new LineRanges.Range(f.toUri().toString(), 0, -1), 1 << 20);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).tooLarge());
    assertEquals(256L << 20, lines.get(0).length() - 1); // with its line end
    assertEquals(8, lines.get(0).bytes().length);
    assertEquals("{\"id\":\"after\"}", new String(lines.get(1).bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aCorruptGzipIsUnreadableNotAnException() throws IOException {
    byte[] bytes = Files.readAllBytes(gzip("ok.jsonl.gz", 500));
    for (int at : new int[] {3, 12, bytes.length / 2, bytes.length - 6}) {
      byte[] bad = bytes.clone();
      bad[at] ^= 0x5a;
      Path f = dir.resolve("bad-" + at + ".jsonl.gz");
      Files.write(f, bad);
      List<LineRanges.Line> lines = read(new LineRanges.Range(f.toUri().toString(), 0, -1), 1000);
      assertTrue(lines.get(lines.size() - 1).isUnreadable(), "byte " + at + ": " + texts(lines));
    }
  }

  @Test
  void aTruncatedZstdFileIsUnreadable() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new com.github.luben.zstd.ZstdOutputStream(b)) {
      for (int i = 0; i < 30000; i++) {
        out.write(("{\"id\":\"" + i + "\",\"text\":\"zstd " + new Random(i).nextLong() + "\"}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    Path f = dir.resolve("cut.jsonl.zst");
    Files.write(f, Arrays.copyOf(b.toByteArray(), b.size() / 2));
    List<LineRanges.Line> lines = read(new LineRanges.Range(f.toUri().toString(), 0, -1), 1000);
    assertTrue(lines.get(lines.size() - 1).isUnreadable(), texts(lines.subList(lines.size() - 2, lines.size()))
        .toString());
    assertTrue(lines.size() > 10);
  }

  @Test
  void aFileThatVanishedAfterTheListingIsOneUnreadableRow() throws IOException {
    Path f = dir.resolve("gone.jsonl");
    Files.writeString(f, "{}\n");
    LineRanges.Range r = new LineRanges.Range(f.toUri().toString(), 0, 3);
    Files.delete(f);
    List<LineRanges.Line> lines = read(r, 1000);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).unreadable().contains("vanished"), lines.get(0).unreadable());
  }

  /** Local files whose reads fail after 100 bytes, as a connection reset would. */
  public static final class Faulty extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("faulty:///");
    }

    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize) throws IOException {
      InputStream real = Files.newInputStream(Path.of(f.toUri().getPath()));
      return new FSDataInputStream(new FSInputStream() {
        private long pos;

        @Override
        public int read() throws IOException {
          if (pos >= 100) {
            throw new IOException("Connection reset");
          }
          pos++;
          return real.read();
        }

        @Override
        public void seek(long p) throws IOException {
          real.skip(p - pos);
          pos = p;
        }

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public boolean seekToNewSource(long targetPos) {
          return false;
        }
      });
    }
  }

  @Test
  void aStorageErrorIsThrownForSparkToRetryNotTurnedIntoARejection() throws IOException {
    Path plain = dir.resolve("plain.jsonl");
    Files.writeString(plain, "{\"id\":\"a\"}\n".repeat(100));
    Path gz = gzip("remote.jsonl.gz", 500);
    for (Path f : List.of(plain, gz)) {
      LineRanges.Range r = new LineRanges.Range("faulty://" + f.toUri().getPath(), 0,
          f.toString().endsWith(".gz") ? -1 : Files.size(f));
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> read(r, 1000));
      assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
    }
  }

  @Test
  void planCutsPlainFilesPacksRangesAndSkipsEmptyFiles() {
    List<LineRanges.FileEntry> files = List.of(
        new LineRanges.FileEntry("file:/d/c.jsonl", 250),
        new LineRanges.FileEntry("file:/d/a.jsonl.gz", 500),
        new LineRanges.FileEntry("file:/d/b.jsonl", 0),
        new LineRanges.FileEntry("file:/d/d.jsonl", 10),
        new LineRanges.FileEntry("file:/d/e.jsonl", 10));
    List<List<LineRanges.Range>> plan = LineRanges.plan(files, p -> p.endsWith(".gz"), 100, 20);
    assertEquals(List.of(
        List.of(new LineRanges.Range("file:/d/a.jsonl.gz", 0, -1)),
        List.of(new LineRanges.Range("file:/d/c.jsonl", 0, 100)),
        List.of(new LineRanges.Range("file:/d/c.jsonl", 100, 100)),
        List.of(new LineRanges.Range("file:/d/c.jsonl", 200, 50), new LineRanges.Range("file:/d/d.jsonl", 0, 10)),
        List.of(new LineRanges.Range("file:/d/e.jsonl", 0, 10))), plan);
  }
}
