package dev.sieve.transforms.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private static final long CAP = 89_478_485L;

  /** Every fixture that decodes is the same 64 x 48 picture, so all their hashes lie close together. */
  @Test
  void everyDecodableFormatGivesTheSamePicture() throws IOException {
    List<String[]> files = List.of(new String[] {"valid.png", "png"}, new String[] {"valid.jpg", "jpeg"},
        new String[] {"valid.gif", "gif"}, new String[] {"valid.bmp", "bmp"}, new String[] {"lossy.webp", "webp"},
        new String[] {"lossless.webp", "webp"}, new String[] {"png-as.jpg", "png"});
    GrayImage reference = ImageDecoder.decode(ImageProbeTest.fixture("valid.png"), "png", CAP);
    long ph = PerceptualHash.phash(reference);
    long dh = PerceptualHash.dhash(reference);
    for (String[] f : files) {
      GrayImage g = ImageDecoder.decode(ImageProbeTest.fixture(f[0]), f[1], CAP);
      assertEquals(64, g.width(), f[0]);
      assertEquals(48, g.height(), f[0]);
      int pd = PerceptualHash.distance(ph, PerceptualHash.phash(g));
      int dd = PerceptualHash.distance(dh, PerceptualHash.dhash(g));
      // GIF's 256-colour palette moves the picture most.
      assertTrue(pd <= 6 && dd <= 8, f[0] + ": pHash " + pd + " bits, dHash " + dd + " bits from the PNG");
    }
  }

  @Test
  void transparencyIsCompositedOntoWhite() throws IOException {
    BufferedImage clear = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
    GrayImage g = ImageDecoder.toGray(clear);
    assertEquals(255f, g.at(3, 3), 1e-3);
    BufferedImage opaque = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
    opaque.setRGB(3, 3, 0xFF000000);
    assertEquals(0f, ImageDecoder.toGray(opaque).at(3, 3), 1e-3);
    // The alpha fixture decodes (RGBA PNG, lossy WebP with alpha).
    assertEquals(64, ImageDecoder.decode(ImageProbeTest.fixture("alpha.png"), "png", CAP).width());
    assertEquals(64, ImageDecoder.decode(ImageProbeTest.fixture("alpha.webp"), "webp", CAP).width());
  }

  @Test
  void largeImagesDecodeSubsampled() throws IOException {
    BufferedImage big = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(big, "png", out);
    GrayImage g = ImageDecoder.decode(out.toByteArray(), "png", CAP);
    // 6 megapixels: every 2nd pixel of every 2nd row, 1500 x 1000.
    assertEquals(2, ImageDecoder.step(3000, 2000));
    assertEquals(1500, g.width());
    assertEquals(1000, g.height());
    assertEquals(1, ImageDecoder.step(1448, 1448));
    // A long thin image is stepped further so the raster stays bounded.
    int k = ImageDecoder.step(60000, 300);
    assertTrue((long) ((60000 + k - 1) / k) * ((300 + k - 1) / k) <= ImageDecoder.MAX_DECODED_PIXELS, "step " + k);
  }

  @Test
  void badBytesFailWithAnIoException() throws IOException {
    assertThrows(IOException.class, () -> ImageDecoder.decode(ImageProbeTest.fixture("header-zeroed.png"), "png",
        CAP));
    assertThrows(IOException.class, () -> ImageDecoder.decode(ImageProbeTest.fixture("not-an-image.txt"), "jpeg",
        CAP));
    assertThrows(IOException.class, () -> ImageDecoder.decode(new byte[0], "gif", CAP));
    IOException bomb = assertThrows(IOException.class,
        () -> ImageDecoder.decode(ImageProbeTest.fixture("bomb.png"), "png", CAP));
    assertTrue(bomb.getMessage().contains("60000x60000"), bomb.getMessage());
  }

  @Test
  void avifAndHeifHaveNoDecoder() {
    assertFalse(ImageDecoder.canDecode("avif"));
    assertFalse(ImageDecoder.canDecode("heif"));
    assertFalse(ImageDecoder.canDecode(null));
    IOException e = assertThrows(IOException.class,
        () -> ImageDecoder.decode(ImageProbeTest.fixture("valid.avif"), "avif", CAP));
    assertTrue(e.getMessage().contains("avif"));
  }
}
