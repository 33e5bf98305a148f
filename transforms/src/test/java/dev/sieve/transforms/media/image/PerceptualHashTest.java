package dev.sieve.transforms.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerceptualHashTest {

  /** A 32 x 32 picture given by a formula, so the reference values below can be recomputed anywhere. */
  static GrayImage formula32() {
    float[] v = new float[32 * 32];
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        double block = (x >= 8 && x < 20 && y >= 10 && y < 26) ? 60 : 0;
        v[y * 32 + x] = (float) ((x * 7 + y * 3) % 50 + 100 * Math.sin(x / 5.0) * Math.cos(y / 7.0) + block);
      }
    }
    return new GrayImage(32, 32, v);
  }

  /**
   * The reference is imagededup's definition run with numpy and scipy on the same 32 x 32 array (no resize needed):
   * {@code c = dct(dct(a, axis=0), axis=1)[:8, :8]; bits = c >= median(c.flatten()[1:])}, packed row by row.
   */
  @Test
  void phashMatchesTheScipyReference() {
    assertEquals("9f60609d419fcf36", PerceptualHash.hex(PerceptualHash.phash(formula32())));
  }

  /** Reference: {@code bits = d[:, 1:] > d[:, :-1]} on the same 9 x 8 array, row by row. */
  @Test
  void dhashMatchesTheNumpyReference() {
    float[] v = new float[9 * 8];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 9; x++) {
        v[y * 9 + x] = ((x * x * 3 + y * 5) % 17) + (y % 2 == 1 ? x : -x);
      }
    }
    assertEquals("d2aa9552ca9992d2", PerceptualHash.hex(PerceptualHash.dhash(new GrayImage(9, 8, v))));
  }

  @Test
  void gradientsGiveAllOrNoDhashBits() {
    float[] up = new float[90 * 40];
    float[] down = new float[90 * 40];
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 90; x++) {
        up[y * 90 + x] = x;
        down[y * 90 + x] = 255 - x;
      }
    }
    assertEquals(-1L, PerceptualHash.dhash(new GrayImage(90, 40, up)));
    assertEquals(0L, PerceptualHash.dhash(new GrayImage(90, 40, down)));
  }

  @Test
  void aFlatImageHasOnlyTheDcTermAboveTheMedianOfZeros() {
    float[] flat = new float[64 * 64];
    java.util.Arrays.fill(flat, 128f);
    // Every AC coefficient is 0 (up to rounding), the median is ~0, so every bit is set or the hash is degenerate;
    // what matters is that it is stable: the same for any size of the same flat picture.
    long a = PerceptualHash.phash(new GrayImage(64, 64, flat));
    float[] flat2 = new float[100 * 30];
    java.util.Arrays.fill(flat2, 128f);
    assertTrue(PerceptualHash.distance(a, PerceptualHash.phash(new GrayImage(100, 30, flat2))) <= 64);
    assertEquals(0, PerceptualHash.dhash(new GrayImage(100, 30, flat2)));
  }

  @Test
  void resizingThePictureMovesTheHashesLittle() {
    GrayImage big = formula32().resize(320, 320);
    GrayImage small = formula32().resize(48, 48);
    assertTrue(PerceptualHash.distance(PerceptualHash.phash(big), PerceptualHash.phash(small)) <= 4);
    assertTrue(PerceptualHash.distance(PerceptualHash.dhash(big), PerceptualHash.dhash(small)) <= 4);
  }

  @Test
  void distanceAndHex() {
    assertEquals(0, PerceptualHash.distance(5L, 5L));
    assertEquals(64, PerceptualHash.distance(0L, -1L));
    assertEquals(2, PerceptualHash.distance(0b1010L, 0b0000L));
    assertEquals("000000000000000f", PerceptualHash.hex(15L));
    assertEquals("ffffffffffffffff", PerceptualHash.hex(-1L));
  }

  @Test
  void resizeAveragesAreas() {
    GrayImage g = new GrayImage(4, 2, new float[] {0, 2, 4, 6, 8, 10, 12, 14});
    GrayImage h = g.resize(2, 1);
    assertEquals(5f, h.at(0, 0), 1e-5);
    assertEquals(9f, h.at(1, 0), 1e-5);
    // 3 -> 2: the middle pixel is split between both outputs.
    GrayImage r = new GrayImage(3, 1, new float[] {0, 1, 2}).resize(2, 1);
    assertEquals(1 / 3f, r.at(0, 0), 1e-5);
    assertEquals(5 / 3f, r.at(1, 0), 1e-5);
    // Upscaling replicates.
    GrayImage u = new GrayImage(1, 1, new float[] {7}).resize(3, 2);
    assertEquals(7f, u.at(2, 1), 1e-5);
  }

  @Test
  void badSizesAreRefusedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GrayImage(0, 3, new float[0]));
    assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GrayImage(2, 2, new float[3]));
  }
}
