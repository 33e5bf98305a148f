package dev.sieve.transforms.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link RangeSource} over a byte array held in memory, for tests and for objects already downloaded. It counts the
 * reads made and the bytes they returned, so a test can check that a prober asked for little. The array is used as
 * given, not copied. Not thread-safe.
 */
public final class BytesSource implements RangeSource {
  private final byte[] data;
  private long bytesRead;
  private int reads;

  /** A source whose object is exactly {@code data}. */
  public BytesSource(byte[] data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  @Override
  public long length() {
    return data.length;
  }

  /**
   * Returns a copy of {@code len} bytes at {@code offset}; fewer when the array ends first, none at or past its end.
   * Every call counts as one read.
   *
   * @throws IllegalArgumentException when offset or len is negative
   */
  @Override
  public byte[] read(long offset, int len) {
    if (offset < 0 || len < 0) {
      throw new IllegalArgumentException("offset and len must be >= 0, got " + offset + " and " + len);
    }
    reads++;
    if (offset >= data.length) {
      return new byte[0];
    }
    int n = (int) Math.min(len, data.length - offset);
    bytesRead += n;
    return Arrays.copyOfRange(data, (int) offset, (int) offset + n);
  }

  /** Total bytes returned by {@link #read} so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Number of {@link #read} calls so far. */
  public int reads() {
    return reads;
  }
}
