package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A {@link RangeSource} over any Hadoop FileSystem ({@code file://}, {@code oss://}, ...): positioned reads of an
 * object whose length the caller knows from a listing, so no metadata call is made. The stream opens on the first
 * read. A single read is capped at {@code maxRead} bytes whatever the caller asks; bytes and reads are counted. Not
 * thread-safe: one per object.
 */
public final class HadoopRangeSource implements RangeSource, Closeable {
  private final FileSystem fs;
  private final Path path;
  private final long length;
  private final int maxRead;
  private FSDataInputStream in;
  private long bytesRead;
  private int reads;

  public HadoopRangeSource(FileSystem fs, Path path, long length, int maxRead) {
    this.fs = Preconditions.checkNotNull(fs, "fs");
    this.path = Preconditions.checkNotNull(path, "path");
    Preconditions.checkArgument(length >= 0, "length must be >= 0, got %s", length);
    Preconditions.checkArgument(maxRead >= 1, "maxRead must be >= 1, got %s", maxRead);
    this.length = length;
    this.maxRead = maxRead;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public byte[] read(long offset, int len) throws IOException {
    Preconditions.checkArgument(offset >= 0 && len >= 0, "bad range %s+%s", offset, len);
    if (offset >= length || len == 0) {
      return new byte[0];
    }
    int n = (int) Math.min(Math.min(len, maxRead), length - offset);
    if (in == null) {
      in = fs.open(path);
    }
    byte[] buf = new byte[n];
    // seek + read rather than a positioned read: a positioned read seeks back afterwards, and an object store's
    // stream then re-opens (and re-downloads) at the old position.
    in.seek(offset);
    in.readFully(buf, 0, n);
    bytesRead += n;
    reads++;
    return buf;
  }

  /** Bytes read so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Range reads so far. */
  public int reads() {
    return reads;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
