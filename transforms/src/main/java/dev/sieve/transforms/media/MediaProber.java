package dev.sieve.transforms.media;

import java.io.IOException;
import java.io.Serializable;

/**
 * Finds out what one stored object really is from its first bytes and, where needed, a few targeted range reads.
 * Implementations are pure (no Spark), immutable and thread-safe; they never decode media.
 */
public interface MediaProber extends Serializable {

  /** What a probe found: the format and dimensions, or why the object is refused (a reason code and detail). */
  record Result(String format, int width, int height, String reason, String detail) implements Serializable {}

  /**
   * @param source the object (its length known from the listing)
   * @param head its first {@code min(headBytes, length)} bytes, already read
   */
  Result probe(RangeSource source, byte[] head) throws IOException;
}
