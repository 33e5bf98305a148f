package dev.sieve.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void validTextHasNoInvalidOffset() {
    assertEquals(-1, Utf8.firstInvalidOffset("héllo 你好 😀".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-1, Utf8.firstInvalidOffset(new byte[0]));
  }

  @Test
  void findsTheFirstBadByte() {
    assertEquals(2, Utf8.firstInvalidOffset(bytes('a', 'b', 0xFF, 'c')));
    // Truncated three-byte sequence at the end.
    assertEquals(1, Utf8.firstInvalidOffset(bytes('a', 0xE2, 0x82)));
    // Overlong encoding of NUL.
    assertEquals(0, Utf8.firstInvalidOffset(bytes(0xC0, 0x80)));
    // Encoded UTF-16 surrogate.
    assertEquals(0, Utf8.firstInvalidOffset(bytes(0xED, 0xA0, 0x80)));
  }

  @Test
  void worksPastTheInternalBufferSize() {
    byte[] big = new byte[20_000];
    java.util.Arrays.fill(big, (byte) 'x');
    big[19_999] = (byte) 0xFE;
    assertEquals(19_999, Utf8.firstInvalidOffset(big));
  }

  @Test
  void lenientDecodingReplacesBadBytes() {
    assertEquals("a\uFFFDb", Utf8.decodeLenient(bytes('a', 0xFF, 'b')));
  }
}
