package dev.sieve.transforms.media.image;

import dev.sieve.transforms.core.Preconditions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

/**
 * Decodes an image held in memory to a {@link GrayImage}, at a reduced resolution, for perceptual hashing.
 *
 * <p>Formats: JPEG (TwelveMonkeys' reader, which also takes CMYK and YCCK files the JDK's refuses), PNG, GIF (the
 * first frame) and BMP (the JDK's readers) and WebP (TwelveMonkeys). AVIF and HEIF have no Java decoder: {@link
 * #canDecode} says so, and the caller skips them.
 *
 * <p>Cost and memory: images of up to {@link #MAX_DECODED_PIXELS} pixels are decoded whole, so the hashes' area
 * average sees every pixel (point sampling would drop the thin lines of drawings and icons, and move their hashes
 * by many bits). Larger ones are subsampled while they decode (every k-th pixel of every k-th row, the smallest k
 * that fits the cap): a 24-megapixel photo decodes into under 2 megapixels, still 30 times the 32 pixels pHash
 * resizes to on each side. The decoder still reads (and for JPEG inverse-transforms) all of the compressed data. Before any pixel is decoded, the size the
 * reader finds in the header is checked against {@code maxPixels} again: the bytes may not be the ones probed.
 *
 * <p>Color: transparent pixels are composited onto white, so a PNG with an alpha channel and the same picture
 * flattened into a JPEG give the same gray image; luma is ITU-R 601 ({@code 0.299 R + 0.587 G + 0.114 B}), as in
 * Pillow's {@code convert("L")}. Thread-safe: a new reader per call.
 */
public final class ImageDecoder {
  /** Decoded rasters hold at most this many pixels (8 MiB as ARGB). */
  public static final long MAX_DECODED_PIXELS = 1L << 21;

  private static final Set<String> DECODABLE = Set.of("jpeg", "png", "gif", "bmp", "webp");

  static {
    // Plug-ins in the application's jar (TwelveMonkeys) are found through the context class loader; on a cluster the
    // thread that first touches ImageIO may have another one, so scan once with this class's loader.
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(ImageDecoder.class.getClassLoader());
    try {
      ImageIO.scanForPlugins();
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private ImageDecoder() {}

  /** Whether {@link #decode} reads this probed format ({@code jpeg}, {@code png}, ...). */
  public static boolean canDecode(String format) {
    return format != null && DECODABLE.contains(format);
  }

  /** The subsampling step for a {@code width × height} image: the smallest k that fits {@link #MAX_DECODED_PIXELS}. */
  static int step(int width, int height) {
    int k = 1;
    while ((long) ceilDiv(width, k) * ceilDiv(height, k) > MAX_DECODED_PIXELS) {
      k++;
    }
    return k;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * Decodes {@code data}, an image of the probed {@code format}.
   *
   * @throws IOException when the bytes do not decode (corrupt or truncated data, or no reader for the format), or
   *     when the header declares more than {@code maxPixels}
   */
  public static GrayImage decode(byte[] data, String format, long maxPixels) throws IOException {
    Preconditions.checkNotNull(data, "data");
    Preconditions.checkArgument(maxPixels >= 1, "max pixels must be >= 1, got %s", maxPixels);
    if (!canDecode(format)) {
      throw new IOException("no decoder for format " + format);
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IOException("no ImageIO reader for format " + format);
    }
    ImageReader reader = readers.next();
    try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(data)) {
      reader.setInput(in, true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      if (w < 1 || h < 1) {
        throw new IOException("the decoder finds a " + w + "x" + h + " image");
      }
      if ((long) w * h > maxPixels) {
        throw new IOException("the decoder finds " + w + "x" + h + " pixels, more than the cap of " + maxPixels);
      }
      ImageReadParam param = reader.getDefaultReadParam();
      int k = step(w, h);
      if (k > 1) {
        param.setSourceSubsampling(k, k, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      return toGray(image);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      // Readers signal bad data with all sorts of unchecked exceptions (array bounds, illegal state, ...).
      throw new IOException("the decoder failed: " + e, e);
    } finally {
      reader.dispose();
    }
  }

  /** Luma of every pixel, transparent parts composited onto white. */
  static GrayImage toGray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] luma = new float[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        float a = (argb >>> 24) / 255f;
        float l = 0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF);
        luma[y * w + x] = a * l + (1 - a) * 255f;
      }
    }
    return new GrayImage(w, h, luma);
  }
}
