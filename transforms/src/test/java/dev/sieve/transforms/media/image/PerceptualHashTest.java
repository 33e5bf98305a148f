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

  /**
   * Reference values from Pillow 9.4 on float ('F' mode) images, which resamples without rounding:
   * {@code Image.fromarray(a, mode="F").resize((4, 3), Image.LANCZOS)} with a[y][x] = (7x² + 13y) mod 23 on 16 x 6,
   * and [0, 10, 20] stretched to 7 pixels.
   */
  @Test
  void resizeIsPillowsLanczos() {
    float[] a = new float[16 * 6];
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 16; x++) {
        a[y * 16 + x] = (x * x * 7 + y * 13) % 23;
      }
    }
    double[] expected = {11.116585731506348, 12.699485778808594, 10.736353874206543, 10.23078441619873,
        11.092968940734863, 8.31404972076416, 10.65611743927002, 11.362022399902344, 8.319395065307617,
        12.046710968017578, 11.06267261505127, 10.773200035095215};
    GrayImage r = new GrayImage(16, 6, a).resize(4, 3);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], r.at(i % 4, i / 4), 1e-4, "pixel " + i);
    }
    double[] up = {-1.0453028678894043, 0.6475749015808105, 3.848501205444336, 10.0, 16.151498794555664,
        19.35242462158203, 21.045303344726562};
    GrayImage u = new GrayImage(3, 1, new float[] {0, 10, 20}).resize(7, 1);
    for (int i = 0; i < up.length; i++) {
      assertEquals(up[i], u.at(i, 0), 1e-4, "pixel " + i);
    }
    // A flat image stays flat at any size.
    float[] flat = new float[37 * 11];
    java.util.Arrays.fill(flat, 42f);
    GrayImage f = new GrayImage(37, 11, flat).resize(9, 8);
    assertEquals(42f, f.at(4, 4), 1e-4);
  }

  @Test
  void badSizesAreRefusedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GrayImage(0, 3, new float[0]));
    assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GrayImage(2, 2, new float[3]));
  }
}
