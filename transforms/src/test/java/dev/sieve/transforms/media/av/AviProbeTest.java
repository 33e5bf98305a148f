package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.media.BytesSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fixtures from make-mkv-avi.sh (expected values from ffprobe 5.1) plus hand-built RIFF for the odd structures. */
class AviProbeTest {
  private static final int UNSIZED = 0xFFFFFFFF;

  @Test
  void readsMjpegWithPcm() throws IOException {
    AvInfo info = probe(fixture("avi-mjpeg.avi"));
    assertEquals("avi", info.container());
    assertEquals(0.3, info.duration(), 1e-9);
    assertEquals("mjpeg", info.videoCodec());
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    assertEquals(10.0, info.fps(), 1e-9);
    assertEquals(0, info.rotation());
    assertEquals("pcm_s16le", info.audioCodec());
    assertEquals(8000, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void readsMpeg4WithMp3AndTakesTheLongestStream() throws IOException {
    AvInfo info = probe(fixture("avi-mpeg4.avi"));
    assertEquals(0.7, info.duration(), 1e-9); // 7 video frames; the mp3 stream lasts 0.648 s
    assertEquals("mpeg4", info.videoCodec());
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    assertEquals(10.0, info.fps(), 1e-9);
    assertEquals("mp3", info.audioCodec());
    assertEquals(8000, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void readsRawVideo() throws IOException {
    AvInfo info = probe(fixture("avi-rawvideo.avi"));
    assertEquals(0.4, info.duration(), 1e-9);
    assertEquals("rawvideo", info.videoCodec());
    assertEquals(16, info.width());
    assertEquals(16, info.height());
    assertEquals(5.0, info.fps(), 1e-9);
    assertFalse(info.hasAudio());
  }

  @Test
  void pipedPcmDurationIsEstimatedFromTheByteRate() throws IOException {
    AvInfo info = probe(fixture("avi-pipe.avi"));
    assertEquals(0.502, info.duration(), 1e-9); // as ffprobe: movi bytes over 16000 bytes/s
    assertEquals("pcm_s16le", info.audioCodec());
  }

  @Test
  void fixturesNeedNothingBeyondTheHead() throws IOException {
    for (String name : new String[] {"avi-mjpeg.avi", "avi-mpeg4.avi", "avi-rawvideo.avi", "avi-pipe.avi"}) {
      byte[] data = fixture(name);
      BytesSource src = new BytesSource(data);
      AviProbe.probe(new RangeReader(src, Arrays.copyOf(data, Math.min(65536, data.length))));
      assertEquals(0, src.reads(), name);
    }
  }

  @Test
  void truncatedRiffIsCorrupt() throws IOException {
    BadMedia e = assertThrows(BadMedia.class, () -> probe(fixture("avi-truncated.avi")));
    assertTrue(e.getMessage().contains("RIFF declares"), e.getMessage());
  }

  @Test
  void sniffRejectsAZeroedHead() throws IOException {
    assertTrue(AviProbe.sniff(fixture("avi-mjpeg.avi")));
    assertFalse(AviProbe.sniff(fixture("avi-zeroed.avi")));
    assertFalse(AviProbe.sniff(new byte[0]));
  }

  // ---- hand-built files ---------------------------------------------------------------------------------------

  @Test
  void missingHdrlIsCorrupt() {
    byte[] file = riff(chunk("JUNK", new byte[16]), list("movi", chunk("00dc", new byte[4])));
    BadMedia e = assertThrows(BadMedia.class, () -> probe(file));
    assertTrue(e.getMessage().contains("hdrl"), e.getMessage());
  }

  @Test
  void moviPastTheEndIsCorrupt() {
    byte[] movi = concat(ascii("LIST"), le32(10_000), ascii("movi"), new byte[100]);
    byte[] file = unsizedRiff(hdrl(stream("vids", 1, 25, 50, 0, bitmap("XVID", 32, 32))), movi);
    BadMedia e = assertThrows(BadMedia.class, () -> probe(file));
    assertTrue(e.getMessage().contains("movi"), e.getMessage());
  }

  @Test
  void truncatedOpenDmlExtensionIsCorrupt() throws IOException {
    byte[] first = riff(hdrl(stream("vids", 1, 25, 50, 0, bitmap("MJPG", 32, 32))), list("movi"));
    byte[] avix = concat(ascii("RIFF"), le32(1000), ascii("AVIX"), new byte[50]);
    BadMedia e = assertThrows(BadMedia.class, () -> probe(concat(first, avix)));
    assertTrue(e.getMessage().contains("AVIX"), e.getMessage());

    byte[] whole = concat(first, concat(ascii("RIFF"), le32(54), ascii("AVIX"), new byte[50]));
    assertEquals(2.0, probe(whole).duration(), 1e-9);
  }

  @Test
  void namesCodecsAsFfprobe() throws IOException {
    byte[] extensible = waveFormat(0xFFFE, 6, 48000, 48000 * 18, 24, 22);
    ByteBuffer.wrap(extensible).order(ByteOrder.LITTLE_ENDIAN).putShort(24, (short) 1); // KSDATAFORMAT_SUBTYPE_PCM
    AvInfo got = probe(riff(hdrl(
        stream("vids", 1001, 30000, 300, 0, bitmap("xvid", 320, -240)),
        stream("auds", 18, 48000 * 18, 48000, 18, extensible)), list("movi")));
    assertEquals("mpeg4", got.videoCodec()); // fourccs match ignoring case
    assertEquals(320, got.width());
    assertEquals(240, got.height()); // negative: top-down
    assertEquals(29.97, got.fps(), 0.001);
    assertEquals(10.01, got.duration(), 1e-9);
    assertEquals("pcm_s24le", got.audioCodec());
    assertEquals(6, got.channels());

    assertEquals("h264", probe(riff(hdrl(stream("vids", 1, 25, 1, 0, bitmap("H264", 8, 8))), list("movi")))
        .videoCodec());
    assertEquals("unknown", probe(riff(hdrl(stream("vids", 1, 25, 1, 0, bitmap("ZZZZ", 8, 8))),
        list("movi"))).videoCodec());
    assertEquals("pcm_u8", AviProbe.audioCodec(waveFormat(1, 1, 8000, 8000, 8, 0), 0, 16));
    assertEquals("ac3", AviProbe.audioCodec(waveFormat(0x2000, 6, 48000, 48000, 0, 0), 0, 16));
    assertEquals("pcm_f32le", AviProbe.audioCodec(waveFormat(3, 2, 8000, 64000, 32, 0), 0, 16));
    assertEquals("rawvideo", AviProbe.videoCodec(0));
  }

  @Test
  void zeroScaleFallsBackToTheFramePeriod() throws IOException {
    byte[] avih = new byte[56];
    ByteBuffer.wrap(avih).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 40_000); // 25 fps
    byte[] hdrl = list("hdrl", chunk("avih", avih), list("strl", strh("vids", 0, 0, 100, 0), chunk("strf",
        bitmap("MJPG", 16, 16))));
    AvInfo got = probe(riff(hdrl, list("movi")));
    assertEquals(25.0, got.fps(), 1e-9);
    assertEquals(4.0, got.duration(), 1e-9);
  }

  @Test
  void pipedVideoHasNoDuration() throws IOException {
    // ffmpeg writes placeholder lengths (2^30) when it cannot seek back; ffprobe reports nonsense, the probe NaN.
    AvInfo got = probe(unsizedRiff(hdrl(stream("vids", 1, 10, 1 << 30, 0, bitmap("MJPG", 16, 16))),
        concat(ascii("LIST"), le32(UNSIZED), ascii("movi"), new byte[64])));
    assertTrue(Double.isNaN(got.duration()));
    assertEquals("mjpeg", got.videoCodec());
  }

  @Test
  void zeroSizeChunksEndInBoundedTime() {
    byte[][] junk = new byte[AviProbe.MAX_CHUNKS + 5][];
    Arrays.fill(junk, chunk("JUNK", new byte[0]));
    byte[] file = riff(concat(junk), hdrl(stream("vids", 1, 25, 1, 0, bitmap("MJPG", 8, 8))), list("movi"));
    assertThrows(BadMedia.class, () -> probe(file));
  }

  @Test
  void hostileSizesAreCorruptNotAllocated() {
    byte[] hugeHdrl = concat(ascii("LIST"), le32(0x7FFFFFF0), ascii("hdrl"), new byte[64]);
    BadMedia e = assertThrows(BadMedia.class, () -> probe(unsizedRiff(hugeHdrl)));
    assertTrue(e.getMessage().contains("past the end"), e.getMessage());

    byte[] hugeStrf = concat(ascii("strf"), le32(0x7FFFFFF0), new byte[8]);
    byte[] hdrl = list("hdrl", list("strl", strh("vids", 1, 25, 1, 0), hugeStrf));
    assertThrows(BadMedia.class, () -> probe(riff(hdrl, list("movi"))));
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private byte[] fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/media/av/" + name)) {
      assertTrue(in != null, name);
      return in.readAllBytes();
    }
  }

  private static AvInfo probe(byte[] data) throws IOException {
    return AviProbe.probe(new RangeReader(new BytesSource(data), Arrays.copyOf(data, Math.min(65536, data.length))));
  }

  /** A RIFF AVI form. */
  private static byte[] riff(byte[]... chunks) {
    byte[] body = concat(chunks);
    return concat(ascii("RIFF"), le32(body.length + 4), ascii("AVI "), body);
  }

  /** A RIFF AVI form declaring no size, as ffmpeg writes to a pipe. */
  private static byte[] unsizedRiff(byte[]... chunks) {
    return concat(ascii("RIFF"), le32(UNSIZED), ascii("AVI "), concat(chunks));
  }

  private static byte[] hdrl(byte[]... strls) {
    return list("hdrl", chunk("avih", new byte[56]), concat(strls));
  }

  private static byte[] stream(String type, int scale, int rate, int length, int sampleSize, byte[] format) {
    return list("strl", strh(type, scale, rate, length, sampleSize), chunk("strf", format));
  }

  private static byte[] strh(String type, int scale, int rate, int length, int sampleSize) {
    ByteBuffer b = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii(type)).putInt(20, scale).putInt(24, rate).putInt(32, length).putInt(44, sampleSize);
    return chunk("strh", b.array());
  }

  private static byte[] bitmap(String fourcc, int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 40).putInt(4, width).putInt(8, height).putShort(12, (short) 1).putShort(14, (short) 24);
    b.put(16, ascii(fourcc));
    return b.array();
  }

  private static byte[] waveFormat(int tag, int channels, int rate, int byteRate, int bits, int extra) {
    ByteBuffer b = ByteBuffer.allocate(18 + extra).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) tag).putShort(2, (short) channels).putInt(4, rate).putInt(8, byteRate)
        .putShort(12, (short) (channels * bits / 8)).putShort(14, (short) bits).putShort(16, (short) extra);
    return b.array();
  }

  private static byte[] list(String type, byte[]... chunks) {
    byte[] body = concat(chunks);
    return concat(ascii("LIST"), le32(body.length + 4), ascii(type), body);
  }

  private static byte[] chunk(String id, byte[] body) {
    return concat(ascii(id), le32(body.length), body, new byte[body.length & 1]);
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
