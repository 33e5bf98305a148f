package dev.sieve.transforms.media;

import dev.sieve.transforms.media.av.BadMedia;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An object seen through the head the caller already read, one cached block from the last range read, and new range
 * reads; the header probes (images, audio, video) read through it. Parsers ask for {@link #bytes} at any offset; what
 * the head or the cached block covers costs nothing, the rest is one range read of at least the asked fetch size (by
 * default {@link #MIN_FETCH}, so walking small boxes near each other costs one read), never more than the reader's
 * largest read. Not thread-safe; one per probe.
 */
public final class RangeReader {
  /** The smallest range read made for a miss by default. */
  public static final int MIN_FETCH = 16 * 1024;
  /** The default largest single read (an MP4 moov is capped separately). */
  public static final int MAX_READ = 8 * 1024 * 1024;

  private final RangeSource source;
  private final int maxRead;
  private final byte[] head;
  private final int headLength;
  private final long length;
  private byte[] block = new byte[0];
  private long blockOffset;

  /**
   * @param source the object
   * @param head its first bytes (any number, possibly none)
   */
  public RangeReader(RangeSource source, byte[] head) {
    this(source, head, MAX_READ);
  }

  /** As {@link #RangeReader(RangeSource, byte[])}, no single read larger than {@code maxRead} bytes. */
  public RangeReader(RangeSource source, byte[] head, int maxRead) {
    if (maxRead < 1) {
      throw new IllegalArgumentException("maxRead must be >= 1, got " + maxRead);
    }
    this.maxRead = maxRead;
    this.source = Objects.requireNonNull(source, "source");
    this.length = source.length();
    this.head = head == null ? new byte[0] : head;
    this.headLength = (int) Math.min(this.head.length, length);
  }

  /** The object's length in bytes. */
  public long length() {
    return length;
  }

  /** How many of the object's first bytes the caller's head holds. */
  public int headLength() {
    return headLength;
  }

  /**
   * Up to {@code len} bytes at {@code offset} (at most the largest read); fewer only when the object ends first, none
   * at or past its end.
   */
  public byte[] bytes(long offset, int len) throws IOException {
    return bytes(offset, len, MIN_FETCH);
  }

  /** As {@link #bytes(long, int)}, reading at least {@code fetch} bytes on a miss. */
  public byte[] bytes(long offset, int len, int fetch) throws IOException {
    if (offset < 0 || offset >= length || len <= 0) {
      return new byte[0];
    }
    int want = (int) Math.min(Math.min(len, maxRead), length - offset);
    if (offset + want <= headLength) {
      return Arrays.copyOfRange(head, (int) offset, (int) offset + want);
    }
    if (offset >= blockOffset && offset + want <= blockOffset + block.length) {
      int from = (int) (offset - blockOffset);
      return Arrays.copyOfRange(block, from, from + want);
    }
    int n = (int) Math.min(Math.min(Math.max(want, fetch), maxRead), length - offset);
    byte[] got = source.read(offset, n);
    if (got == null) {
      got = new byte[0];
    }
    if (got.length > n) {
      got = Arrays.copyOf(got, n);
    }
    block = got;
    blockOffset = offset;
    return Arrays.copyOf(got, Math.min(want, got.length));
  }

  /** Exactly {@code len} bytes at {@code offset}, or a {@link BadMedia} naming {@code what} when the object ends. */
  public byte[] exactly(long offset, int len, String what) throws IOException {
    byte[] b = bytes(offset, len);
    if (b.length < len) {
      throw new BadMedia(what + " at byte " + offset + " is cut off: the object ends at " + length);
    }
    return b;
  }
}
