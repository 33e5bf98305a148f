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
   * This image resampled to {@code w × h} with an area-average (box) filter: each output pixel is the mean of the
   * source area it covers, partly covered source pixels weighted by the share covered. Downscaling therefore
   * averages every source pixel exactly once (no aliasing, unlike point sampling); upscaling replicates pixels.
   * Separable: rows first, then columns.
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
        for (int k = wx.start[x], j = 0; j < wx.weights[x].length; k++, j++) {
          s += wx.weights[x][j] * luma[base + k];
        }
        rows[y * w + x] = (float) s;
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int k = wy.start[y], j = 0; j < wy.weights[y].length; k++, j++) {
          s += wy.weights[y][j] * rows[k * w + x];
        }
        out[y * w + x] = (float) s;
      }
    }
    return new GrayImage(w, h, out);
  }

  /** For each output index: the first source index it covers and the normalized weights of the sources covered. */
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
      for (int i = 0; i < to; i++) {
        double lo = i * scale;
        double hi = (i + 1) * scale;
        int first = (int) Math.floor(lo);
        int last = Math.min(from - 1, (int) Math.ceil(hi) - 1);
        double[] w = new double[last - first + 1];
        double total = 0;
        for (int k = first; k <= last; k++) {
          double cover = Math.min(hi, k + 1) - Math.max(lo, k);
          w[k - first] = Math.max(0, cover);
          total += w[k - first];
        }
        for (int k = 0; k < w.length; k++) {
          w[k] /= total;
        }
        start[i] = first;
        weights[i] = w;
      }
      return new Weights(start, weights);
    }
  }
}
