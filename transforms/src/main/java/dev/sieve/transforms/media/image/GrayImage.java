package dev.sieve.transforms.media.image;

import dev.sieve.transforms.core.Preconditions;

/**
 * A grayscale image: {@code width × height} luma values in 0..255, row-major. The input of the perceptual hashes,
 * made by {@link ImageDecoder} or, in tests, by hand.
 */
public final class GrayImage {
  private final int width;
  private final int height;
  private final float[] luma;

  /** Wraps {@code luma} (not copied): {@code width * height} values, row by row. */
  public GrayImage(int width, int height, float[] luma) {
    Preconditions.checkArgument(width >= 1 && height >= 1, "size must be at least 1x1, got %sx%s", width, height);
    Preconditions.checkNotNull(luma, "luma");
    Preconditions.checkArgument(luma.length == (long) width * height, "%s values for a %sx%s image", luma.length,
        width, height);
    this.width = width;
    this.height = height;
    this.luma = luma;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The value at column x, row y. */
  public float at(int x, int y) {
    return luma[y * width + x];
  }

  /**
   * This image resampled to {@code w × h} with a Lanczos-3 filter, computed as Pillow's {@code resize(...,
   * Image.LANCZOS)} computes it (the resize imagededup's hashes are defined with): separable, rows first; output
   * pixel i is centred at {@code (i + 0.5) · scale} in the source; when shrinking, the kernel is stretched by the
   * scale, so every source pixel contributes (an antialiasing low-pass); weights are normalized. Values stay
   * floating point between the passes (Pillow rounds 8-bit images to integers there). A box filter is cheaper but
   * its poor low-pass lets edges alias, and on drawings the hashes then move by many bits between sizes.
   */
  public GrayImage resize(int w, int h) {
    Preconditions.checkArgument(w >= 1 && h >= 1, "target size must be at least 1x1, got %sx%s", w, h);
    Weights wx = Weights.of(width, w);
    Weights wy = Weights.of(height, h);
    float[] rows = new float[w * height];
    for (int y = 0; y < height; y++) {
      int base = y * width;
      for (int x = 0; x < w; x++) {
        double s = 0;
        double[] k = wx.weights[x];
        for (int j = 0, at = base + wx.start[x]; j < k.length; j++, at++) {
          s += k[j] * luma[at];
        }
        rows[y * w + x] = (float) s;
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      double[] k = wy.weights[y];
      int first = wy.start[y];
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int j = 0; j < k.length; j++) {
          s += k[j] * rows[(first + j) * w + x];
        }
        out[y * w + x] = (float) s;
      }
    }
    return new GrayImage(w, h, out);
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1;
    }
    x *= Math.PI;
    return Math.sin(x) / x;
  }

  private static double lanczos(double x) {
    return x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
  }

  /** For each output index: the first source index it reads and the normalized weights of the sources it reads. */
  private static final class Weights {
    final int[] start;
    final double[][] weights;

    private Weights(int[] start, double[][] weights) {
      this.start = start;
      this.weights = weights;
    }

    static Weights of(int from, int to) {
      int[] start = new int[to];
      double[][] weights = new double[to][];
      double scale = (double) from / to;
      double filterScale = Math.max(1, scale);
      double support = 3 * filterScale;
      for (int i = 0; i < to; i++) {
        double center = (i + 0.5) * scale;
        int lo = Math.max((int) (center - support + 0.5), 0);
        int hi = Math.min((int) (center + support + 0.5), from);
        double[] k = new double[Math.max(0, hi - lo)];
        double total = 0;
        for (int j = 0; j < k.length; j++) {
          k[j] = lanczos((j + lo - center + 0.5) / filterScale);
          total += k[j];
        }
        if (total != 0) {
          for (int j = 0; j < k.length; j++) {
            k[j] /= total;
          }
        }
        start[i] = lo;
        weights[i] = k;
      }
      return new Weights(start, weights);
    }
  }
}
