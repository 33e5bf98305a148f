package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.media.BytesSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fixtures from make-mkv-avi.sh (expected values from ffprobe 5.1) plus hand-built EBML for the odd structures. */
class MatroskaProbeTest {

  @Test
  void readsMatroskaWithVideoAndAudio() throws IOException {
    AvInfo info = probe(fixture("mkv-basic.mkv"));
    assertEquals("matroska", info.container());
    assertEquals(0.5, info.duration(), 1e-9);
    assertEquals("mpeg4", info.videoCodec());
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    assertEquals(10.0, info.fps(), 1e-9);
    assertEquals(0, info.rotation());
    assertEquals("flac", info.audioCodec());
    assertEquals(8000, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void readsWebmAndReportsOpusAt48kHz() throws IOException {
    AvInfo info = probe(fixture("webm-vp9-opus.webm"));
    assertEquals("webm", info.container());
    assertEquals(0.508, info.duration(), 1e-9);
    assertEquals("vp9", info.videoCodec());
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    assertEquals(10.0, info.fps(), 1e-9);
    assertEquals("opus", info.audioCodec());
    assertEquals(48000, info.sampleRate()); // the track declares 8000, the input rate
    assertEquals(1, info.channels());
  }

  @Test
  void liveWebmHasNoDuration() throws IOException {
    AvInfo info = probe(fixture("webm-live.webm"));
    assertEquals("webm", info.container());
    assertTrue(Double.isNaN(info.duration()), "ffprobe reports N/A");
    assertEquals("vp9", info.videoCodec());
    assertEquals("opus", info.audioCodec());
    assertEquals(0, info.bitrate());
  }

  @Test
  void livePcmDurationIsEstimatedFromTheBitRate() throws IOException {
    AvInfo info = probe(fixture("mkv-live-pcm.mka"));
    assertEquals("pcm_s16le", info.audioCodec());
    assertEquals(0.603, info.duration(), 0.05); // ffprobe: 0.603
  }

  @Test
  void readsAudioOnlyMatroska() throws IOException {
    AvInfo info = probe(fixture("mkv-audio-only.mka"));
    assertEquals("matroska", info.container());
    assertEquals(0.723, info.duration(), 1e-9);
    assertFalse(info.hasVideo());
    assertTrue(Double.isNaN(info.fps()));
    assertEquals("vorbis", info.audioCodec());
    assertEquals(22050, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void fixturesNeedNothingBeyondTheHead() throws IOException {
    for (String name : new String[] {"mkv-basic.mkv", "webm-vp9-opus.webm", "webm-live.webm", "mkv-audio-only.mka"}) {
      byte[] data = fixture(name);
      BytesSource src = new BytesSource(data);
      MatroskaProbe.probe(new RangeReader(src, Arrays.copyOf(data, Math.min(65536, data.length))));
      assertEquals(0, src.reads(), name);
    }
  }

  @Test
  void readsFromTheSourceWithoutAHead() throws IOException {
    BytesSource src = new BytesSource(fixture("mkv-basic.mkv"));
    AvInfo info = MatroskaProbe.probe(new RangeReader(src, new byte[0]));
    assertEquals("mpeg4", info.videoCodec());
    assertEquals(1, src.reads());
  }

  @Test
  void truncatedSegmentIsCorrupt() throws IOException {
    BadMedia e = assertThrows(BadMedia.class, () -> probe(fixture("mkv-truncated.mkv")));
    assertTrue(e.getMessage().contains("Segment declares"), e.getMessage());
  }

  @Test
  void truncatedLiveStreamIsCorruptWhenTracksIsCutOff() throws IOException {
    BadMedia e = assertThrows(BadMedia.class, () -> probe(fixture("webm-live-truncated.webm")));
    assertTrue(e.getMessage().contains("Tracks"), e.getMessage());
  }

  @Test
  void sniffRejectsZeroedAndEmptyHeads() throws IOException {
    assertTrue(MatroskaProbe.sniff(fixture("mkv-basic.mkv")));
    assertFalse(MatroskaProbe.sniff(fixture("mkv-zeroed.mkv")));
    assertFalse(MatroskaProbe.sniff(fixture("mkv-empty.mkv")));
    assertThrows(BadMedia.class, () -> probe(fixture("mkv-empty.mkv")));
  }

  // ---- hand-built files ---------------------------------------------------------------------------------------

  @Test
  void findsTracksAfterTheClustersThroughTheSeekHead() throws IOException {
    byte[] info = info(1_000_000, f64(0x4489, 2500));
    byte[] cluster = el(0x1F43B675, new byte[200_000]);
    byte[] tracks = tracks(video("V_MPEG4/ISO/AVC", 320, 240, 40_000_000L));
    byte[] seekHead = seekHead(0x1549A966, 0, 0); // measured first: its size does not depend on the positions
    int infoAt = seekHead.length;
    int tracksAt = infoAt + info.length + cluster.length;
    seekHead = seekHead(0x1549A966, infoAt, tracksAt);
    byte[] file = matroska("matroska", seekHead, info, cluster, tracks);

    BytesSource src = new BytesSource(file);
    AvInfo got = MatroskaProbe.probe(new RangeReader(src, Arrays.copyOf(file, 65536)));
    assertEquals(2.5, got.duration(), 1e-9);
    assertEquals("h264", got.videoCodec());
    assertEquals(320, got.width());
    assertEquals(240, got.height());
    assertEquals(25.0, got.fps(), 1e-9);
    assertEquals(1, src.reads());
  }

  @Test
  void missingTracksIsCorrupt() {
    byte[] file = matroska("webm", info(1_000_000, f64(0x4489, 1000)), el(0x1F43B675, new byte[10]));
    BadMedia e = assertThrows(BadMedia.class, () -> probe(file));
    assertTrue(e.getMessage().contains("no Tracks"), e.getMessage());
  }

  @Test
  void readsFloat32DurationInTimecodeScaleUnits() throws IOException {
    byte[] file = matroska("matroska", info(1_000, f32(0x4489, 1_500_000f)),
        tracks(audio("A_AAC/MPEG4/LC", 44100, 2, 0)));
    AvInfo got = probe(file);
    assertEquals(1.5, got.duration(), 1e-9);
    assertEquals("aac", got.audioCodec());
    assertEquals(44100, got.sampleRate());
    assertEquals(2, got.channels());
  }

  @Test
  void namesPcmByBitDepthAndVfwAndAcmByTheirHeaders() throws IOException {
    assertEquals("pcm_s24le", probe(matroska("matroska", info(1_000_000),
        tracks(audio("A_PCM/INT/LIT", 48000, 2, 24)))).audioCodec());
    assertEquals("pcm_f64le", probe(matroska("matroska", info(1_000_000),
        tracks(audio("A_PCM/FLOAT/IEEE", 48000, 2, 64)))).audioCodec());

    byte[] bitmapInfo = new byte[40];
    ByteBuffer.wrap(bitmapInfo).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 40).putInt(4, 64).putInt(8, 48)
        .put(16, "XVID".getBytes(StandardCharsets.ISO_8859_1));
    byte[] waveFormat = new byte[18];
    ByteBuffer.wrap(waveFormat).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 0x55)
        .putShort(2, (short) 2).putInt(4, 44100);
    AvInfo got = probe(matroska("matroska", info(1_000_000), tracks(
        el(0xAE, uint(0x83, 1), str(0x86, "V_MS/VFW/FOURCC"), el(0x63A2, bitmapInfo),
            el(0xE0, uint(0xB0, 64), uint(0xBA, 48))),
        el(0xAE, uint(0x83, 2), str(0x86, "A_MS/ACM"), el(0x63A2, waveFormat),
            el(0xE1, f64(0xB5, 44100), uint(0x9F, 2))))));
    assertEquals("mpeg4", got.videoCodec());
    assertEquals("mp3", got.audioCodec());
  }

  @Test
  void unknownCodecIdIsUnknown() throws IOException {
    AvInfo got = probe(matroska("matroska", info(1_000_000), tracks(video("V_NEWTHING", 8, 8, 0))));
    assertEquals("unknown", got.videoCodec());
    assertTrue(Double.isNaN(got.fps()));
    assertTrue(Double.isNaN(got.duration()));
  }

  @Test
  void otherDocTypesAreCorrupt() {
    BadMedia e = assertThrows(BadMedia.class,
        () -> probe(matroska("mka3d", info(1_000_000), tracks(video("V_VP8", 8, 8, 0)))));
    assertTrue(e.getMessage().contains("DocType"), e.getMessage());
  }

  @Test
  void hostileSizesAreCorruptNotAllocated() {
    // Tracks declaring 2^40 bytes inside an unknown-size Segment.
    byte[] hugeTracks = concat(new byte[] {0x16, 0x54, (byte) 0xAE, 0x6B, 0x01, 0, 0, 0x01, 0, 0, 0, 0},
        new byte[100]);
    byte[] file = concat(ebmlHeader("matroska"), new byte[] {0x18, 0x53, (byte) 0x80, 0x67, (byte) 0xFF},
        info(1_000_000), hugeTracks);
    BadMedia e = assertThrows(BadMedia.class, () -> probe(file));
    assertTrue(e.getMessage().contains("past the end"), e.getMessage());

    // An unknown size on Info.
    byte[] unknownInfo = concat(ebmlHeader("matroska"), new byte[] {0x18, 0x53, (byte) 0x80, 0x67, (byte) 0xFF},
        new byte[] {0x15, 0x49, (byte) 0xA9, 0x66, (byte) 0xFF}, new byte[20]);
    assertThrows(BadMedia.class, () -> probe(unknownInfo));

    // A zero byte where a variable-length integer starts.
    byte[] badVint = concat(ebmlHeader("matroska"), new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x00}, new byte[20]);
    assertThrows(BadMedia.class, () -> probe(badVint));
  }

  @Test
  void stopsWalkingAfterABoundedNumberOfElements() {
    byte[][] voids = new byte[MatroskaProbe.MAX_TOP_LEVEL + 10][];
    Arrays.fill(voids, el(0xEC, new byte[4]));
    byte[][] children = Arrays.copyOf(voids, voids.length + 2);
    children[voids.length] = info(1_000_000);
    children[voids.length + 1] = tracks(video("V_VP9", 8, 8, 0));
    BadMedia e = assertThrows(BadMedia.class, () -> probe(matroska("webm", children)));
    assertTrue(e.getMessage().contains("no Info"), e.getMessage());
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private byte[] fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/media/av/" + name)) {
      assertTrue(in != null, name);
      return in.readAllBytes();
    }
  }

  private static AvInfo probe(byte[] data) throws IOException {
    return MatroskaProbe.probe(new RangeReader(new BytesSource(data), Arrays.copyOf(data, Math.min(65536,
        data.length))));
  }

  private static byte[] matroska(String docType, byte[]... segmentChildren) {
    return concat(ebmlHeader(docType), el(0x18538067, segmentChildren));
  }

  private static byte[] ebmlHeader(String docType) {
    return el(0x1A45DFA3, uint(0x4286, 1), uint(0x42F7, 1), uint(0x42F2, 4), uint(0x42F3, 8), str(0x4282, docType));
  }

  private static byte[] info(long timecodeScale, byte[]... more) {
    byte[][] children = Arrays.copyOf(more, more.length + 1);
    children[more.length] = uint(0x2AD7B1, timecodeScale);
    return el(0x1549A966, children);
  }

  private static byte[] seekHead(int firstId, long firstAt, long tracksAt) {
    return el(0x114D9B74, el(0x4DBB, el(0x53AB, idBytes(firstId)), uint(0x53AC, firstAt)),
        el(0x4DBB, el(0x53AB, idBytes(0x1654AE6B)), uint(0x53AC, tracksAt)));
  }

  private static byte[] tracks(byte[]... entries) {
    return el(0x1654AE6B, entries);
  }

  private static byte[] video(String codecId, int width, int height, long defaultDuration) {
    return el(0xAE, uint(0xD7, 1), uint(0x83, 1), str(0x86, codecId), uint(0x23E383, defaultDuration),
        el(0xE0, uint(0xB0, width), uint(0xBA, height)));
  }

  private static byte[] audio(String codecId, double rate, int channels, int bitDepth) {
    return el(0xAE, uint(0xD7, 2), uint(0x83, 2), str(0x86, codecId),
        el(0xE1, f64(0xB5, rate), uint(0x9F, channels), uint(0x6264, bitDepth)));
  }

  /** An element with an 8-byte size field, so its length does not depend on its content's values. */
  private static byte[] el(int id, byte[]... children) {
    byte[] body = concat(children);
    ByteBuffer size = ByteBuffer.allocate(8).putLong(body.length);
    size.put(0, (byte) 0x01);
    return concat(idBytes(id), size.array(), body);
  }

  private static byte[] uint(int id, long value) {
    return el(id, ByteBuffer.allocate(8).putLong(value).array());
  }

  private static byte[] f64(int id, double value) {
    return el(id, ByteBuffer.allocate(8).putDouble(value).array());
  }

  private static byte[] f32(int id, float value) {
    return el(id, ByteBuffer.allocate(4).putFloat(value).array());
  }

  private static byte[] str(int id, String value) {
    return el(id, value.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] idBytes(int id) {
    int n = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (id >>> (8 * (n - 1 - i)));
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void helperBuildsWhatTheProbeReads() throws IOException {
    AvInfo got = probe(matroska("webm", info(1_000_000, f64(0x4489, 750)), tracks(video("V_VP8", 16, 8, 0))));
    assertEquals("webm", got.container());
    assertEquals(0.75, got.duration(), 1e-9);
    assertNull(got.audioCodec());
  }
}
