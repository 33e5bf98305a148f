package dev.sieve.transforms.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checking and decoding. */
public final class Utf8 {
  private Utf8() {}

  /**
   * Returns the byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and truncated sequences
   * included), or -1 when the bytes are valid.
   */
  public static int firstInvalidOffset(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.min(Math.max(bytes.length, 16), 8192));
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        return in.position();
      }
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      r = decoder.flush(out);
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      return -1;
    }
  }

  /** Decodes strictly; throws with the offset of the first bad byte. */
  public static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** Decodes leniently: each invalid sequence becomes U+FFFD. Used to keep the raw content of bad records. */
  public static String decodeLenient(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
