package dev.sieve.transforms.media.image;

import java.util.Arrays;

/**
 * The two 64-bit perceptual hashes of an image, as defined by imagededup (the source of the Hamming-distance-10
 * convention for near duplicates), computed on a {@link GrayImage}:
 *
 * <ul>
 *   <li><b>dHash</b>: the image resized to 9 × 8; bit (row r, column c) is set when pixel (c + 1, r) is brighter
 *       than pixel (c, r), for c = 0..7 — the sign of the horizontal gradient.
 *   <li><b>pHash</b>: the image resized to 32 × 32; its 2-D DCT-II (rows, then columns); the top-left 8 × 8
 *       coefficients (the lowest frequencies); bit set when a coefficient is at least the median of those 64
 *       coefficients without the DC term.
 * </ul>
 *
 * Bits are taken row by row, the first one as the most significant, so {@code Long.toHexString} gives the usual
 * 16-digit hex form. Resizing is an area average ({@link GrayImage#resize}); libraries that resize with another
 * filter (Lanczos in Pillow) can differ in a few bits on the same image, which is well inside the distance used to
 * call two images near duplicates. Stateless and thread-safe.
 */
public final class PerceptualHash {
  private PerceptualHash() {}

  private static final int P = 32;
  private static final int LOW = 8;
  /** COS[k][n] = cos(pi k (2n + 1) / 64), the DCT-II basis for the 8 lowest frequencies of 32 samples. */
  private static final double[][] COS = new double[LOW][P];

  static {
    for (int k = 0; k < LOW; k++) {
      for (int n = 0; n < P; n++) {
        COS[k][n] = Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * P));
      }
    }
  }

  /** The difference hash of {@code image}. */
  public static long dhash(GrayImage image) {
    GrayImage s = image.resize(9, 8);
    long bits = 0;
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        bits = (bits << 1) | (s.at(c + 1, r) > s.at(c, r) ? 1 : 0);
      }
    }
    return bits;
  }

  /** The DCT hash of {@code image}. */
  public static long phash(GrayImage image) {
    GrayImage s = image.resize(P, P);
    // DCT-II along each row, 8 lowest frequencies only: rows[y][k].
    double[][] rows = new double[P][LOW];
    for (int y = 0; y < P; y++) {
      for (int k = 0; k < LOW; k++) {
        double sum = 0;
        for (int n = 0; n < P; n++) {
          sum += s.at(n, y) * COS[k][n];
        }
        rows[y][k] = sum;
      }
    }
    // Then along each column: coefficient (ky, kx), 8 x 8.
    double[] coef = new double[LOW * LOW];
    for (int ky = 0; ky < LOW; ky++) {
      for (int kx = 0; kx < LOW; kx++) {
        double sum = 0;
        for (int n = 0; n < P; n++) {
          sum += rows[n][kx] * COS[ky][n];
        }
        coef[ky * LOW + kx] = sum;
      }
    }
    double[] ac = Arrays.copyOfRange(coef, 1, coef.length);
    Arrays.sort(ac);
    double median = ac[ac.length / 2];
    long bits = 0;
    for (double c : coef) {
      bits = (bits << 1) | (c >= median ? 1 : 0);
    }
    return bits;
  }

  /** The number of bits in which two hashes differ. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** The 16-digit lower-case hex form of a hash. */
  public static String hex(long hash) {
    String h = Long.toHexString(hash);
    return "0".repeat(16 - h.length()) + h;
  }
}
