package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.media.BytesSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fixtures from make-ogg-mp4.sh; expected values are ffprobe's. */
class Mp4ProbeTest {
  private static final double EPS = 1e-6;

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = Mp4ProbeTest.class.getResourceAsStream("/media/av/" + name)) {
      return in.readAllBytes();
    }
  }

  private static AvInfo probe(byte[] data) throws IOException {
    return probe(new BytesSource(data), data);
  }

  private static AvInfo probe(BytesSource src, byte[] data) throws IOException {
    byte[] head = Arrays.copyOf(data, Math.min(65536, data.length));
    assertTrue(Mp4Probe.sniff(head));
    return Mp4Probe.probe(new RangeReader(src, head));
  }

  private static void assertH264Aac(AvInfo info) {
    assertEquals("mp4", info.container());
    assertEquals(1.0, info.duration(), EPS);
    assertEquals("h264", info.videoCodec());
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    assertEquals(10.0, info.fps(), EPS);
    assertEquals(0, info.rotation());
    assertEquals("aac", info.audioCodec());
    assertEquals(22050, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void faststart() throws IOException {
    byte[] data = fixture("mp4-faststart.mp4");
    BytesSource src = new BytesSource(data);
    assertH264Aac(probe(src, data));
    assertEquals(0, src.reads());
  }

  @Test
  void moovAtTheEnd() throws IOException {
    assertH264Aac(probe(fixture("mp4-moov-end.mp4")));
  }

  @Test
  void rotatedClockwise() throws IOException {
    AvInfo info = probe(fixture("mp4-rotated.mp4")); // ffprobe: side data rotation -90
    assertEquals(90, info.rotation());
    assertEquals(48, info.width());
    assertEquals(64, info.height());
  }

  @Test
  void videoOnly() throws IOException {
    AvInfo info = probe(fixture("mp4-no-audio.mp4"));
    assertEquals("h264", info.videoCodec());
    assertEquals(1.0, info.duration(), EPS);
    assertFalse(info.hasAudio());
  }

  @Test
  void quickTimeWithPcm() throws IOException {
    AvInfo info = probe(fixture("mov-basic.mov"));
    assertEquals("mov", info.container());
    assertEquals(1.0, info.duration(), EPS);
    assertEquals("h264", info.videoCodec());
    assertEquals("pcm_s16le", info.audioCodec());
    assertEquals(8000, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void m4a() throws IOException {
    AvInfo info = probe(fixture("m4a-aac.m4a"));
    assertEquals("m4a", info.container());
    assertEquals(1.0, info.duration(), EPS);
    assertFalse(info.hasVideo());
    assertEquals("aac", info.audioCodec());
    assertEquals(22050, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void cutInsideMdatWithMoovAtTheEnd() throws IOException {
    BadMedia e = assertThrows(BadMedia.class, () -> probe(fixture("mp4-truncated.mp4")));
    assertEquals("box 'mdat' declares 6730 bytes at offset 40, the object ends at 4183 (no moov box before it)",
        e.getMessage());
  }

  @Test
  void cutInsideMdatWithMoovFirst() throws IOException {
    BadMedia e = assertThrows(BadMedia.class, () -> probe(fixture("mp4-truncated-faststart.mp4")));
    assertEquals("box 'mdat' declares 6730 bytes at offset 1636, the object ends at 6274", e.getMessage());
  }

  @Test
  void chunksPastTheEndOfAnMdatOfSizeZero() throws IOException {
    byte[] data = fixture("mp4-faststart.mp4");
    Arrays.fill(data, 1636, 1640, (byte) 0); // mdat size 0: "to the end of the object"
    BadMedia e = assertThrows(BadMedia.class, () -> probe(Arrays.copyOf(data, 1636 + 200)));
    assertTrue(e.getMessage().startsWith("a chunk of track "), e.getMessage());
    assertH264Aac(probe(data)); // uncut, size 0 is fine
  }

  @Test
  void sniffing() throws IOException {
    assertFalse(Mp4Probe.sniff(fixture("mp4-header-zeroed.mp4")));
    assertFalse(Mp4Probe.sniff(fixture("mp4-empty.mp4")));
    assertFalse(Mp4Probe.sniff(box("ftyp", "avif\0\0\0\0mif1".getBytes(StandardCharsets.ISO_8859_1))));
    assertFalse(Mp4Probe.sniff(box("ftyp", "heic\0\0\0\0mif1".getBytes(StandardCharsets.ISO_8859_1))));
    assertTrue(Mp4Probe.sniff(box("ftyp", "isom\0\0\0\0isom".getBytes(StandardCharsets.ISO_8859_1))));
    assertTrue(Mp4Probe.sniff(box("wide", new byte[8])));
    assertFalse(Mp4Probe.sniff(box("moof", new byte[8])));
  }

  @Test
  void noMoov() {
    byte[] data = concat(box("ftyp", "isom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)), box("mdat", new byte[100]));
    BadMedia e = assertThrows(BadMedia.class, () -> probe(data));
    assertEquals("no moov box", e.getMessage());
  }

  @Test
  void boxSmallerThanItsHeader() {
    byte[] data = concat(box("ftyp", "isom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)), new byte[] {0, 0, 0, 4,
        'f', 'r', 'e', 'e', 0, 0, 0, 0});
    BadMedia e = assertThrows(BadMedia.class, () -> probe(data));
    assertEquals("box 'free' at byte 16 declares 4 bytes", e.getMessage());
  }

  @Test
  void moovOverTheCap() {
    byte[] data = new byte[Mp4Probe.MOOV_CAP + 100];
    byte[] ftyp = box("ftyp", "isom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
    System.arraycopy(ftyp, 0, data, 0, ftyp.length);
    writeHeader(data, ftyp.length, Mp4Probe.MOOV_CAP + 1, "moov");
    BadMedia e = assertThrows(BadMedia.class, () -> probe(data));
    assertTrue(e.getMessage().startsWith("moov box of 16777217 bytes exceeds the cap"), e.getMessage());
  }

  @Test
  void largeObjectWithMoovAtTheEndCostsOneRead() throws IOException {
    byte[] small = fixture("mp4-moov-end.mp4"); // ftyp 32, free 8, mdat 6730 at 40, moov at 6770
    int moovAt = 6770;
    assertEquals("moov", new String(small, moovAt + 4, 4, StandardCharsets.ISO_8859_1));
    int grow = 30_000_000;
    byte[] data = new byte[small.length + grow];
    System.arraycopy(small, 0, data, 0, moovAt);
    System.arraycopy(small, moovAt, data, moovAt + grow, small.length - moovAt);
    writeHeader(data, 40, 6730 + grow, "mdat");
    BytesSource src = new BytesSource(data);
    assertH264Aac(probe(src, data));
    assertEquals(1, src.reads());
    assertEquals(small.length - moovAt, src.bytesRead());
  }

  @Test
  void corruptedOrCutFixturesGiveBadMediaOrAnAnswer() throws IOException {
    Random random = new Random(42);
    for (String name : new String[] {"mp4-faststart.mp4", "mp4-moov-end.mp4", "mov-basic.mov", "m4a-aac.m4a"}) {
      byte[] data = fixture(name);
      for (int n = 12; n < data.length; n += 13) {
        tryProbe(Arrays.copyOf(data, n));
      }
      for (int round = 0; round < 500; round++) {
        byte[] broken = data.clone();
        for (int k = 0; k < 4; k++) {
          broken[random.nextInt(broken.length)] = (byte) random.nextInt(256);
        }
        tryProbe(broken);
      }
    }
  }

  private static void tryProbe(byte[] data) throws IOException {
    if (!Mp4Probe.sniff(Arrays.copyOf(data, Math.min(65536, data.length)))) {
      return;
    }
    try {
      probe(data);
    } catch (BadMedia expected) {
      // fine
    }
  }

  private static byte[] box(String type, byte[] body) {
    byte[] b = new byte[8 + body.length];
    writeHeader(b, 0, b.length, type);
    System.arraycopy(body, 0, b, 8, body.length);
    return b;
  }

  private static void writeHeader(byte[] b, int at, long size, String type) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (size >>> (24 - 8 * i));
      b[at + 4 + i] = (byte) type.charAt(i);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
