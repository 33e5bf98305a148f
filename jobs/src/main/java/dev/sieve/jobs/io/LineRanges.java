package dev.sieve.jobs.io;

import com.google.common.base.Preconditions;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.util.LineReader;

/**
 * Text files read as lines, with every failure accounted for. No Spark here: {@link #plan} cuts files into ranges
 * and packs them into partitions on the driver; {@link #lines} reads one range on an executor.
 *
 * <p>Lines end at LF, CR or CRLF (as Hadoop's and Spark's text readers have it). A plain file is cut into ranges;
 * a line belongs to the range its first byte falls in ({@code start < p <= end}, or {@code p = 0}), so each line is
 * read exactly once. A compressed file is one range.
 *
 * <p>What a reader of terabytes meets, and what becomes of it:
 *
 * <ul>
 *   <li>a line longer than the cap: never held whole; its first bytes and its length come back, so the record can
 *       be rejected as too large and found again;
 *   <li>a compressed stream that ends early or is corrupt (the decompressor fails, not the storage): the lines
 *       before it, then one {@link Line#unreadable() unreadable} line saying where and why;
 *   <li>a file that vanished between the listing and the read: one unreadable line;
 *   <li>any other storage error: thrown, so that Spark retries the task (it may be passing), and the run fails loudly
 *       if it is not.
 * </ul>
 */
public final class LineRanges {
  private LineRanges() {}

  /** A byte range of one file; {@code length < 0} means to the end (compressed files). */
  public record Range(String path, long start, long length) implements Serializable {}

  /** A listed file: its path and length. */
  public record FileEntry(String path, long length) {}

  /**
   * One line: its bytes (the whole line, or its first {@code headBytes} when longer than the cap), its length, and for
   * an unreadable rest of a file, why.
   */
  public record Line(byte[] bytes, long length, boolean tooLarge, String unreadable) {
    public boolean isUnreadable() {
      return unreadable != null;
    }
  }

  /**
   * Ranges packed into partitions, as Spark packs files: plain files cut at {@code maxSplitBytes}, each range costing
   * its length plus {@code openCostBytes}, ranges taken in path order and a partition closed when the next would
   * overflow it. Empty files hold no lines and get no range. Deterministic for a given listing.
   */
  public static List<List<Range>> plan(List<FileEntry> files, java.util.function.Predicate<String> compressed,
      long maxSplitBytes, long openCostBytes) {
    Preconditions.checkArgument(maxSplitBytes > 0, "maxSplitBytes must be positive, got %s", maxSplitBytes);
    Preconditions.checkArgument(openCostBytes >= 0, "openCostBytes must be >= 0, got %s", openCostBytes);
    List<FileEntry> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(FileEntry::path));
    List<List<Range>> partitions = new ArrayList<>();
    List<Range> current = new ArrayList<>();
    long size = 0;
    for (FileEntry f : sorted) {
      if (f.length() == 0) {
        continue;
      }
      List<Range> ranges = new ArrayList<>();
      if (compressed.test(f.path())) {
        ranges.add(new Range(f.path(), 0, -1));
      } else {
        for (long at = 0; at < f.length(); at += maxSplitBytes) {
          ranges.add(new Range(f.path(), at, Math.min(maxSplitBytes, f.length() - at)));
        }
      }
      for (Range r : ranges) {
        long cost = (r.length() < 0 ? f.length() : r.length()) + openCostBytes;
        if (!current.isEmpty() && size + cost > maxSplitBytes) {
          partitions.add(current);
          current = new ArrayList<>();
          size = 0;
        }
        current.add(r);
        size += cost;
      }
    }
    if (!current.isEmpty()) {
      partitions.add(current);
    }
    return partitions;
  }

  /**
   * The lines of {@code range}, read lazily; close the iterator to release the file. Lines longer than
   * {@code maxLineBytes} come back as their first {@code headBytes} and their length. {@code codecs} (built once per
   * task from {@code conf}) picks the decompressor by file name.
   */
  public static CloseableIterator lines(Configuration conf, CompressionCodecFactory codecs, Range range,
      int maxLineBytes, int headBytes) {
    Preconditions.checkArgument(maxLineBytes > 0, "maxLineBytes must be positive, got %s", maxLineBytes);
    Preconditions.checkArgument(headBytes > 0, "headBytes must be positive, got %s", headBytes);
    return new CloseableIterator(conf, codecs, range, maxLineBytes, headBytes);
  }

  /** An iterator of lines that holds an open file. */
  public static final class CloseableIterator implements Iterator<Line>, Closeable {
    private final Configuration conf;
    private final CompressionCodecFactory codecs;
    private final Range range;
    private final int maxLineBytes;
    /** Bytes of a line kept in memory: one over the cap tells a line at the cap from one past it. */
    private final int stored;
    private final int headBytes;
    /** The last byte at which a line of this range may start (plain files); compressed files are read to the end. */
    private final long end;
    private final Text text = new Text();
    private Tracked storage;
    private InputStream stream;
    private Decompressor decompressor;
    private LineReader reader;
    private boolean compressed;
    private long position;
    private long lines;
    private boolean opened;
    private boolean done;
    private Line next;

    private CloseableIterator(Configuration conf, CompressionCodecFactory codecs, Range range, int maxLineBytes,
        int headBytes) {
      this.conf = conf;
      this.codecs = codecs;
      this.range = range;
      this.maxLineBytes = maxLineBytes;
      this.stored = (int) Math.min(Integer.MAX_VALUE - 8L, (long) maxLineBytes + 1);
      this.headBytes = headBytes;
      this.end = range.length() < 0 ? Long.MAX_VALUE : range.start() + range.length();
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public Line next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Line l = next;
      next = null;
      return l;
    }

    private Line advance() {
      try {
        if (!opened) {
          opened = true;
          open();
        }
        if (!compressed && position > end) {
          return finish(null);
        }
        // The rest of a line longer than `stored` is consumed, not kept.
        int consumed = reader.readLine(text, stored, Integer.MAX_VALUE);
        if (consumed == 0) {
          return finish(null);
        }
        position += consumed;
        lines++;
        if (text.getLength() > maxLineBytes) {
          byte[] head = java.util.Arrays.copyOf(text.getBytes(), Math.min(headBytes, text.getLength()));
          return new Line(head, consumed, true, null);
        }
        return new Line(text.copyBytes(), text.getLength(), false, null);
      } catch (IOException | RuntimeException e) {
        return failed(e);
      }
    }

    private void open() throws IOException {
      Path path = new Path(range.path());
      FileSystem fs = path.getFileSystem(conf);
      FSDataInputStream in = fs.open(path);
      CompressionCodec codec = codecs.getCodec(path);
      compressed = codec != null;
      if (compressed) {
        storage = new Tracked(in);
        decompressor = CodecPool.getDecompressor(codec);
        stream = decompressor != null ? codec.createInputStream(storage, decompressor)
            : codec.createInputStream(storage);
      } else {
        in.seek(range.start());
        storage = new Tracked(in);
        stream = storage;
      }
      position = compressed ? 0 : range.start();
      reader = new LineReader(stream, conf);
      if (!compressed && range.start() != 0) {
        // The line that starts before this range, or exactly at its start, belongs to the range before.
        position += reader.readLine(new Text(), 0, Integer.MAX_VALUE);
      }
    }

    private Line failed(Exception e) {
      boolean vanished = e instanceof FileNotFoundException
          || (storage != null && storage.failure instanceof FileNotFoundException);
      if (!vanished && (storage == null || storage.failure != null)) {
        // The storage failed (not the data): let the task be retried rather than reject what may be readable.
        closeQuietly();
        if (e instanceof IOException io) {
          throw new UncheckedIOException("reading " + range.path() + " failed: " + e.getMessage(), io);
        }
        throw (RuntimeException) e;
      }
      String why = vanished
          ? "the file vanished after the input was listed (" + e.getClass().getSimpleName() + ")"
          : "the compressed stream is truncated or corrupt (" + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
      String where = compressed ? "after " + lines + " lines (" + position + " decompressed bytes)"
          : "after " + lines + " lines of the range at byte " + range.start();
      return finish(range.path() + ": " + why + "; reading stopped " + where);
    }

    private Line finish(String unreadable) {
      done = true;
      closeQuietly();
      return unreadable == null ? null : new Line(null, 0, false, unreadable);
    }

    private void closeQuietly() {
      try {
        close();
      } catch (IOException ignored) {
        // nothing left to read from it
      }
    }

    @Override
    public void close() throws IOException {
      done = true;
      try {
        if (stream != null) {
          stream.close();
        }
      } finally {
        stream = null;
        if (decompressor != null) {
          CodecPool.returnDecompressor(decompressor);
          decompressor = null;
        }
      }
    }
  }

  /** The storage stream, remembering whether it (rather than the decompressor above it) failed. */
  private static final class Tracked extends FilterInputStream {
    IOException failure;

    Tracked(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
