package dev.sieve.transforms.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BytesSourceTest {
  private final BytesSource source = new BytesSource(new byte[] {1, 2, 3, 4, 5});

  @Test
  void readsTheRangeAndCountsIt() {
    assertEquals(5, source.length());
    assertArrayEquals(new byte[] {2, 3}, source.read(1, 2));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, source.read(0, 5));
    assertEquals(2, source.reads());
    assertEquals(7, source.bytesRead());
  }

  @Test
  void returnsFewerBytesOnlyWhenTheObjectEnds() {
    assertArrayEquals(new byte[] {4, 5}, source.read(3, 100));
    assertArrayEquals(new byte[0], source.read(5, 10));
    assertArrayEquals(new byte[0], source.read(1000, 10));
    assertArrayEquals(new byte[0], source.read(0, 0));
    assertEquals(4, source.reads());
    assertEquals(2, source.bytesRead());
  }

  @Test
  void returnsACopy() {
    byte[] got = source.read(0, 1);
    got[0] = 42;
    assertArrayEquals(new byte[] {1}, source.read(0, 1));
  }

  @Test
  void rejectsNegativeArguments() {
    assertThrows(IllegalArgumentException.class, () -> source.read(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> source.read(0, -1));
    assertThrows(NullPointerException.class, () -> new BytesSource(null));
  }
}
