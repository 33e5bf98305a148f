package dev.sieve.transforms.media;

import dev.sieve.transforms.media.av.AvInfo;
import java.io.IOException;
import java.io.Serializable;

/**
 * Finds out what one stored object really is from its first bytes and, where needed, a few targeted range reads.
 * Implementations are pure (no Spark), immutable and thread-safe; they never decode media.
 */
public interface MediaProber extends Serializable {

  /**
   * What a probe found: the format and (displayed) dimensions, or why the object is refused (a reason code and
   * detail). Audio and video probes also carry their streams in {@code av}; it is null for images and when the
   * object was refused before its streams were read.
   */
  record Result(String format, int width, int height, String reason, String detail, AvInfo av)
      implements Serializable {

    /** An image result (no streams). */
    public Result(String format, int width, int height, String reason, String detail) {
      this(format, width, height, reason, detail, null);
    }
  }

  /**
   * @param source the object (its length known from the listing)
   * @param head its first {@code min(headBytes, length)} bytes, already read
   */
  Result probe(RangeSource source, byte[] head) throws IOException;

  /** Whether results describe timed media (audio or video streams in {@link Result#av()}). */
  default boolean timed() {
    return false;
  }
}
