package dev.sieve.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.ReasonCodes;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ImageFingerprinterTest {
  private static final long CAP = 89_478_485L;

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ImageFingerprinterTest.class.getResourceAsStream("/media/images/" + name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }

  private static ImageFingerprinter both(long maxDecode) {
    return new ImageFingerprinter(new ImageFingerprinter.Settings(true, true, maxDecode, CAP));
  }

  @Test
  void digestAndHashesOfAWholeObject() throws Exception {
    byte[] data = fixture("big-app.jpg");
    BytesSource source = new BytesSource(data);
    ImageFingerprinter.Result r = both(1 << 20).fingerprint(source, "jpeg");
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), r.sha256());
    assertNotNull(r.phash());
    assertNotNull(r.dhash());
    assertNull(r.reason());
    assertNull(r.skipped());
    assertEquals(data.length, source.bytesRead());
  }

  @Test
  void objectsOverTheDecodeLimitGetTheirDigestOnly() throws IOException {
    byte[] data = fixture("big-app.jpg");
    ImageFingerprinter.Result r = both(1000).fingerprint(new BytesSource(data), "jpeg");
    assertEquals(64, r.sha256().length());
    assertNull(r.phash());
    assertTrue(r.skipped().contains("larger than 1000 bytes"), r.skipped());
    assertNull(r.reason());
  }

  @Test
  void formatsWithoutADecoderAreSkippedNotRejected() throws IOException {
    ImageFingerprinter.Result r = both(1 << 20).fingerprint(new BytesSource(fixture("valid.avif")), "avif");
    assertNotNull(r.sha256());
    assertNull(r.phash());
    assertEquals("no decoder for avif", r.skipped());
    assertNull(r.reason());
  }

  @Test
  void perceptualOnlyReadsNothingWhenThereIsNothingToDecode() throws IOException {
    ImageFingerprinter p = new ImageFingerprinter(new ImageFingerprinter.Settings(false, true, 1 << 20, CAP));
    BytesSource source = new BytesSource(fixture("valid.heic"));
    ImageFingerprinter.Result r = p.fingerprint(source, "heif");
    assertNull(r.sha256());
    assertEquals(0, source.bytesRead());
  }

  @Test
  void anObjectThatDoesNotDecodeIsCorrupt() throws IOException {
    // The PNG signature is intact but the IHDR is garbage from byte 16 on.
    byte[] data = fixture("valid.png");
    for (int i = 16; i < data.length; i++) {
      data[i] = (byte) 0xA5;
    }
    ImageFingerprinter.Result r = both(1 << 20).fingerprint(new BytesSource(data), "png");
    assertEquals(ReasonCodes.CORRUPT_MEDIA, r.reason());
    assertTrue(r.detail().startsWith("does not decode"), r.detail());
    assertNotNull(r.sha256());
  }

  @Test
  void anObjectShorterThanListedFails() {
    RangeSource shrunk = new RangeSource() {
      @Override
      public long length() {
        return 5000;
      }

      @Override
      public byte[] read(long offset, int len) {
        return offset < 100 ? new byte[100] : new byte[0];
      }
    };
    IOException e = assertThrows(IOException.class, () -> both(1 << 20).fingerprint(shrunk, "png"));
    assertTrue(e.getMessage().contains("ended at byte 100 of the 5000"), e.getMessage());
  }

  @Test
  void settingsNameTheBadValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ImageFingerprinter.Settings(true, true, 0, CAP));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }
}
