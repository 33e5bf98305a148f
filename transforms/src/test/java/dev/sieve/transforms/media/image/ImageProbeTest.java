package dev.sieve.transforms.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sieve.transforms.media.BytesSource;
import dev.sieve.transforms.media.RangeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageProbeTest {
  private static final long CAP = 89_478_485L;
  private static final List<String> VALID = List.of("valid.png", "alpha.png", "valid.jpg", "big-app.jpg", "valid.gif",
      "valid.bmp", "lossy.webp", "lossless.webp", "alpha.webp", "valid.avif", "valid.heic");

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = ImageProbeTest.class.getResourceAsStream("/media/images/" + name)) {
      assertNotNull(in, "missing fixture " + name);
      return in.readAllBytes();
    }
  }

  /** Probes like the caller does: the first 64 KiB as the head, the rest through the source. */
  static ImageProbe.Result probe(BytesSource source, byte[] data, long maxPixels) throws IOException {
    byte[] head = Arrays.copyOf(data, Math.min(ImageProbe.HEAD_BYTES, data.length));
    return ImageProbe.probe(source, head, maxPixels);
  }

  static ImageProbe.Result probe(byte[] data) throws IOException {
    return probe(new BytesSource(data), data, CAP);
  }

  private static void assertReason(ImageProbe.Result r, String format, String reason, String detailFragment) {
    assertEquals(format, r.format(), r.toString());
    assertEquals(reason, r.reason(), r.toString());
    assertTrue(r.detail() != null && r.detail().contains(detailFragment), r.toString());
  }

  @ParameterizedTest
  @CsvSource({
    "valid.png, png, 64, 48",
    "alpha.png, png, 64, 48",
    "valid.jpg, jpeg, 64, 48",
    "big-app.jpg, jpeg, 300, 200",
    "valid.gif, gif, 64, 48",
    "valid.bmp, bmp, 64, 48",
    "lossy.webp, webp, 64, 48",
    "lossless.webp, webp, 64, 48",
    "alpha.webp, webp, 64, 48",
    "valid.avif, avif, 64, 48",
    "valid.heic, heif, 64, 48",
    "png-as.jpg, png, 64, 48",
  })
  void soundFixturesGiveFormatAndSize(String name, String format, int width, int height) throws IOException {
    ImageProbe.Result r = probe(fixture(name));
    assertEquals(new ImageProbe.Result(format, width, height, null, null), r);
    assertTrue(r.ok());
  }

  @ParameterizedTest
  @CsvSource({
    "truncated.png, png, PNG IEND missing: object ends at 3408 bytes",
    "truncated.jpg, jpeg, JPEG EOI (FF D9) missing: object ends at 637 bytes",
    "truncated.gif, gif, GIF trailer 0x3B missing: object ends at 1252 bytes with 0x73",
  })
  void truncatedFixturesAreCorruptWithTheirDeclaredSize(String name, String format, String detail)
      throws IOException {
    ImageProbe.Result r = probe(fixture(name));
    assertEquals(new ImageProbe.Result(format, 64, 48, ImageProbe.CORRUPT_MEDIA, detail), r);
  }

  @Test
  void emptyObject() throws IOException {
    ImageProbe.Result r = probe(fixture("zero.png"));
    assertEquals(ImageProbe.EMPTY_OBJECT, r.reason());
    assertNull(r.format());
  }

  @Test
  void zeroedSignatureAndTextAreUnsupported() throws IOException {
    for (String name : List.of("header-zeroed.png", "not-an-image.txt")) {
      ImageProbe.Result r = probe(fixture(name));
      assertEquals(new ImageProbe.Result(null, 0, 0, ImageProbe.UNSUPPORTED_FORMAT, r.detail()), r, name);
      assertTrue(r.detail().startsWith("no known image signature"), r.detail());
    }
  }

  @Test
  void bombIsCaughtFromTheHeader() throws IOException {
    byte[] data = fixture("bomb.png");
    BytesSource source = new BytesSource(data);
    ImageProbe.Result r = probe(source, data, CAP);
    assertEquals(new ImageProbe.Result("png", 60000, 60000, ImageProbe.PIXEL_BOMB,
        "declares 60000x60000 = 3600000000 px > 89478485"), r);
    assertEquals(0, source.reads());
  }

  @Test
  void pixelCapAppliesToEveryFormat() throws IOException {
    for (String name : VALID) {
      ImageProbe.Result r = probe(new BytesSource(fixture(name)), fixture(name), 1000);
      assertEquals(ImageProbe.PIXEL_BOMB, r.reason(), name + ": " + r);
      assertTrue(r.detail().endsWith("px > 1000"), r.detail());
    }
  }

  @Test
  void bombIsDecidedBeforeTheEndIsChecked() throws IOException {
    // A truncated file over the cap is a bomb: the cap is checked first.
    assertEquals(ImageProbe.PIXEL_BOMB, probe(new BytesSource(fixture("truncated.jpg")), fixture("truncated.jpg"),
        1000).reason());
    // And the tail of a large JPEG is never read once the header says it is too big.
    byte[] data = fixture("big-app.jpg");
    BytesSource source = new BytesSource(data);
    assertEquals(ImageProbe.PIXEL_BOMB, probe(source, data, 1000).reason());
    assertEquals(1, source.reads());
    assertTrue(source.bytesRead() <= ImageProbe.JPEG_FETCH, "read " + source.bytesRead());
  }

  @Test
  void jpegWhoseSofLiesPastTheHeadIsProbedWithTargetedReads() throws IOException {
    byte[] data = fixture("big-app.jpg");
    assertTrue(data.length > ImageProbe.HEAD_BYTES + 4000);
    BytesSource source = new BytesSource(data);
    ImageProbe.Result r = probe(source, data, CAP);
    assertEquals(new ImageProbe.Result("jpeg", 300, 200, null, null), r);
    assertTrue(source.reads() <= 3, "reads " + source.reads());
    assertTrue(source.bytesRead() < data.length / 10, "read " + source.bytesRead() + " of " + data.length);
  }

  @Test
  void pngTailCheckReadsOnlyTheLast12Bytes() throws IOException {
    byte[] big = withTextChunk(fixture("valid.png"), 100_000);
    BytesSource source = new BytesSource(big);
    assertEquals(new ImageProbe.Result("png", 64, 48, null, null), probe(source, big, CAP));
    assertEquals(1, source.reads());
    assertEquals(12, source.bytesRead());

    byte[] cut = Arrays.copyOf(big, 90_000);
    BytesSource cutSource = new BytesSource(cut);
    assertEquals(new ImageProbe.Result("png", 64, 48, ImageProbe.CORRUPT_MEDIA,
        "PNG IEND missing: object ends at 90000 bytes"), probe(cutSource, cut, CAP));
    assertEquals(12, cutSource.bytesRead());
  }

  @Test
  void headMayBeOmitted() throws IOException {
    for (String name : VALID) {
      byte[] data = fixture(name);
      assertEquals(probe(data), ImageProbe.probe(new BytesSource(data), null, CAP), name);
    }
  }

  @Test
  void sourceFailuresPropagate() {
    RangeSource failing = new RangeSource() {
      @Override
      public long length() {
        return 200_000;
      }

      @Override
      public byte[] read(long offset, int len) throws IOException {
        throw new IOException("connection reset");
      }
    };
    assertThrows(IOException.class, () -> ImageProbe.probe(failing, new byte[] {(byte) 0xFF, (byte) 0xD8}, CAP));
  }

  @Test
  void rejectsANonPositiveCap() {
    assertThrows(IllegalArgumentException.class, () -> ImageProbe.probe(new BytesSource(new byte[1]), null, 0));
  }

  // ---------------------------------------------------------------------------------------------------- PNG

  @Test
  void pngCutInsideTheHeaderIsCorrupt() throws IOException {
    byte[] png = fixture("valid.png");
    for (int n : new int[] {4, 8, 20, 32}) {
      assertReason(probe(Arrays.copyOf(png, n)), "png", ImageProbe.CORRUPT_MEDIA, "PNG header cut");
    }
  }

  @Test
  void pngWithZeroedIhdrOrBadCrcIsCorrupt() throws IOException {
    byte[] zeroed = fixture("valid.png");
    Arrays.fill(zeroed, 8, 64, (byte) 0);
    assertReason(probe(zeroed), "png", ImageProbe.CORRUPT_MEDIA, "not a 13-byte IHDR");

    byte[] badCrc = fixture("valid.png");
    badCrc[17] ^= 1; // width changes, CRC no longer matches
    assertReason(probe(badCrc), "png", ImageProbe.CORRUPT_MEDIA, "IHDR CRC mismatch");
  }

  @Test
  void pngZeroWidthIsCorrupt() throws IOException {
    byte[] png = fixture("valid.png");
    ByteBuffer.wrap(png).putInt(16, 0);
    fixIhdrCrc(png);
    ImageProbe.Result r = probe(png);
    assertEquals(ImageProbe.CORRUPT_MEDIA, r.reason());
    assertEquals("png declares 0x48", r.detail());
  }

  // ---------------------------------------------------------------------------------------------------- JPEG

  @Test
  void jpegScanBeforeFrameIsCorrupt() throws IOException {
    byte[] sos = {
      (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, (byte) 0xFF, (byte) 0xD9
    };
    assertReason(probe(sos), "jpeg", ImageProbe.CORRUPT_MEDIA, "SOS at offset 2 before SOF");
    byte[] eoi = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    assertReason(probe(eoi), "jpeg", ImageProbe.CORRUPT_MEDIA, "EOI at offset 2 before SOF");
    assertReason(probe(new byte[] {(byte) 0xFF, (byte) 0xD8}), "jpeg", ImageProbe.CORRUPT_MEDIA, "before SOF");
  }

  @Test
  void jpegSegmentRunningPastTheEndIsCorrupt() throws IOException {
    byte[] jpg = fixture("valid.jpg");
    assertReason(probe(Arrays.copyOf(jpg, 100)), "jpeg", ImageProbe.CORRUPT_MEDIA, "runs past the end");
  }

  @Test
  void jpegWalkStopsAfterTenThousandSegments() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    for (int i = 0; i < 20_000; i++) {
      out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 2}); // empty COM segments
    }
    byte[] data = out.toByteArray();
    BytesSource source = new BytesSource(data);
    assertReason(probe(source, data, CAP), "jpeg", ImageProbe.CORRUPT_MEDIA, "more than 10000 markers");
    assertTrue(source.reads() <= 2, "reads " + source.reads());
  }

  @Test
  void jpegEoiMayBeFollowedByAFewPaddingBytes() throws IOException {
    byte[] jpg = fixture("valid.jpg");
    byte[] padded = Arrays.copyOf(jpg, jpg.length + 16);
    assertTrue(probe(padded).ok());
    byte[] farPadded = Arrays.copyOf(jpg, jpg.length + 64);
    assertEquals(ImageProbe.CORRUPT_MEDIA, probe(farPadded).reason());
  }

  // ---------------------------------------------------------------------------------------------------- GIF, BMP

  @Test
  void gifCutInsideTheHeaderOrWithZeroWidthIsCorrupt() throws IOException {
    byte[] gif = fixture("valid.gif");
    assertReason(probe(Arrays.copyOf(gif, 10)), "gif", ImageProbe.CORRUPT_MEDIA, "GIF header cut");
    gif[6] = 0;
    gif[7] = 0;
    assertReason(probe(gif), "gif", ImageProbe.CORRUPT_MEDIA, "gif declares 0x48");
  }

  @Test
  void bmpSizeFieldMustMatchTheObject() throws IOException {
    byte[] bmp = fixture("valid.bmp");
    ImageProbe.Result r = probe(Arrays.copyOf(bmp, bmp.length - 100));
    assertEquals(new ImageProbe.Result("bmp", 64, 48, ImageProbe.CORRUPT_MEDIA,
        "BMP header declares 9270 bytes, object is 9170"), r);
    assertReason(probe(Arrays.copyOf(bmp, 30)), "bmp", ImageProbe.CORRUPT_MEDIA, "BMP header cut");
  }

  @Test
  void bmpPixelOffsetMustLieInsideTheObject() throws IOException {
    byte[] bmp = fixture("valid.bmp");
    ByteBuffer.wrap(bmp).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(10, bmp.length + 10);
    assertReason(probe(bmp), "bmp", ImageProbe.CORRUPT_MEDIA, "pixel data offset");
  }

  @Test
  void bmpTopDownHeightCounts() throws IOException {
    byte[] bmp = fixture("valid.bmp");
    ByteBuffer.wrap(bmp).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(22, -48);
    assertEquals(new ImageProbe.Result("bmp", 64, 48, null, null), probe(bmp));
  }

  // ---------------------------------------------------------------------------------------------------- WebP

  @Test
  void webpRiffSizeMustMatchTheObject() throws IOException {
    for (String name : List.of("lossy.webp", "lossless.webp", "alpha.webp")) {
      byte[] webp = fixture(name);
      assertReason(probe(Arrays.copyOf(webp, webp.length - 7)), "webp", ImageProbe.CORRUPT_MEDIA,
          "WebP RIFF size declares " + webp.length + " bytes");
      assertTrue(probe(Arrays.copyOf(webp, webp.length + 1)).ok(), name + " with one padding byte");
      assertReason(probe(Arrays.copyOf(webp, 16)), "webp", ImageProbe.CORRUPT_MEDIA, "header cut");
    }
  }

  @Test
  void webpWithAnUnknownFirstChunkIsCorrupt() throws IOException {
    byte[] webp = fixture("lossy.webp");
    webp[15] = 'Q';
    assertReason(probe(webp), "webp", ImageProbe.CORRUPT_MEDIA, "first chunk is 'VP8Q'");
  }

  // ---------------------------------------------------------------------------------------------------- AVIF / HEIF

  @Test
  void bmffMetaPastTheHeadIsFetchedWithARangeRead() throws IOException {
    for (String name : List.of("valid.avif", "valid.heic")) {
      byte[] data = fixture(name);
      int ftypEnd = ByteBuffer.wrap(data).getInt(0);
      byte[] moved = insert(data, ftypEnd, box("free", new byte[100_000]));
      BytesSource source = new BytesSource(moved);
      ImageProbe.Result r = probe(source, moved, CAP);
      assertEquals(64, r.width(), name);
      assertEquals(48, r.height(), name);
      assertTrue(r.ok(), r.toString());
      assertTrue(source.reads() <= 3, "reads " + source.reads());
      assertTrue(source.bytesRead() < 2000, "read " + source.bytesRead());
    }
  }

  @Test
  void bmffLargesizeAndSizeZeroAreWalked() throws IOException {
    byte[] avif = fixture("valid.avif");
    int mdat = topLevelOffset(avif, "mdat");
    int mdatSize = ByteBuffer.wrap(avif).getInt(mdat);

    byte[] toEnd = avif.clone();
    ByteBuffer.wrap(toEnd).putInt(mdat, 0);
    assertEquals(new ImageProbe.Result("avif", 64, 48, null, null), probe(toEnd));

    ByteArrayOutputStream large = new ByteArrayOutputStream();
    large.write(avif, 0, mdat);
    large.writeBytes(ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII))
        .putLong(mdatSize + 8L).array());
    large.write(avif, mdat + 8, avif.length - mdat - 8);
    assertEquals(new ImageProbe.Result("avif", 64, 48, null, null), probe(large.toByteArray()));
  }

  @Test
  void bmffBoxOverflowingTheObjectIsCorrupt() throws IOException {
    for (String name : List.of("valid.avif", "valid.heic")) {
      byte[] data = fixture(name);
      ImageProbe.Result r = probe(Arrays.copyOf(data, data.length - 50));
      assertEquals(ImageProbe.CORRUPT_MEDIA, r.reason(), r.toString());
      assertEquals(64, r.width());
      assertTrue(r.detail().contains("box 'mdat'"), r.detail());
    }
  }

  @Test
  void bmffWithoutAnImageBrandIsUnsupported() throws IOException {
    byte[] mp4 = box("ftyp", "isom\0\0\2\0isomiso2mp41".getBytes(StandardCharsets.ISO_8859_1));
    ImageProbe.Result r = probe(mp4);
    assertEquals(new ImageProbe.Result(null, 0, 0, ImageProbe.UNSUPPORTED_FORMAT,
        "ISO BMFF brand 'isom' is neither AVIF nor HEIF"), r);
  }

  @Test
  void bmffWithoutMetaIsCorrupt() throws IOException {
    byte[] avif = box("ftyp", "avif\0\0\0\0avifmif1".getBytes(StandardCharsets.ISO_8859_1));
    assertReason(probe(avif), "avif", ImageProbe.CORRUPT_MEDIA, "no meta box");
  }

  // ---------------------------------------------------------------------------------------------------- fuzz

  @Test
  void randomMutationsNeverThrow() throws IOException {
    Random random = new Random(20240611L);
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (String name : VALID) {
      seeds.add(fixture(name));
    }
    List<String> reasons = List.of(ImageProbe.CORRUPT_MEDIA, ImageProbe.UNSUPPORTED_FORMAT, ImageProbe.PIXEL_BOMB,
        ImageProbe.EMPTY_OBJECT);
    for (int i = 0; i < 2000; i++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] data = mutate(seed, random);
      BytesSource source = new BytesSource(data);
      ImageProbe.Result r;
      try {
        r = random.nextBoolean() ? probe(source, data, CAP) : ImageProbe.probe(source, null, CAP);
      } catch (RuntimeException e) {
        throw new AssertionError("mutation " + i + " threw", e);
      }
      assertNotNull(r, "mutation " + i);
      if (r.reason() == null) {
        assertNotNull(r.format(), "mutation " + i);
        assertTrue(r.width() > 0 && r.height() > 0, "mutation " + i + ": " + r);
      } else if (!reasons.contains(r.reason())) {
        fail("mutation " + i + ": unknown reason " + r);
      }
      assertTrue(source.bytesRead() <= data.length + ImageProbe.JPEG_FETCH, "mutation " + i + " read too much");
    }
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] d = seed.clone();
    switch (random.nextInt(5)) {
      case 0 -> d = Arrays.copyOf(d, random.nextInt(d.length + 1)); // truncate anywhere
      case 1 -> { // flip a few bytes anywhere
        for (int k = 1 + random.nextInt(8); k > 0 && d.length > 0; k--) {
          d[random.nextInt(d.length)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      case 2 -> { // scribble over the header
        for (int k = 1 + random.nextInt(8); k > 0; k--) {
          d[random.nextInt(Math.min(64, d.length))] = (byte) random.nextInt(256);
        }
      }
      case 3 -> { // plant a huge or zero size somewhere in the first 512 bytes
        int at = random.nextInt(Math.max(1, Math.min(512, d.length) - 4));
        int value = random.nextBoolean() ? 0xFFFFFFFF : random.nextBoolean() ? 0 : 1;
        ByteBuffer.wrap(d).putInt(at, value);
      }
      default -> { // scribble, then truncate
        d[random.nextInt(Math.min(256, d.length))] = (byte) random.nextInt(256);
        d = Arrays.copyOf(d, random.nextInt(d.length + 1));
      }
    }
    return d;
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  /** valid.png with a tEXt chunk of about {@code size} bytes right after IHDR. */
  private static byte[] withTextChunk(byte[] png, int size) {
    byte[] text = new byte[size];
    Arrays.fill(text, (byte) 'x');
    byte[] keyword = "Comment\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(keyword, 0, text, 0, keyword.length);
    return insert(png, 33, pngChunk("tEXt", text));
  }

  private static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 4, 4 + data.length);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  private static void fixIhdrCrc(byte[] png) {
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
  }

  private static byte[] box(String type, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length)
        .put(type.getBytes(StandardCharsets.US_ASCII)).put(payload).array();
  }

  private static byte[] insert(byte[] data, int at, byte[] extra) {
    byte[] out = new byte[data.length + extra.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(data, at, out, at + extra.length, data.length - at);
    return out;
  }

  private static int topLevelOffset(byte[] data, String type) {
    int pos = 0;
    while (pos + 8 <= data.length) {
      if (new String(data, pos + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
        return pos;
      }
      pos += ByteBuffer.wrap(data).getInt(pos);
    }
    throw new AssertionError("no top-level " + type);
  }
}
