package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.media.BytesSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mp3ProbeTest {

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = Mp3ProbeTest.class.getResourceAsStream("/media/av/" + name)) {
      assertNotNull(in, "missing fixture " + name);
      return in.readAllBytes();
    }
  }

  static AvInfo probe(BytesSource src, byte[] data) throws IOException {
    return Mp3Probe.probe(new RangeReader(src, Arrays.copyOf(data, Math.min(65536, data.length))));
  }

  static AvInfo probe(byte[] data) throws IOException {
    return probe(new BytesSource(data), data);
  }

  /** Expected values are ffprobe's (format mp3; codec_name, sample_rate, channels, format duration). */
  @ParameterizedTest
  @CsvSource({
    "mp3-cbr.mp3, mp3, 44100, 1, 1.044898", // Info tag: 40 frames
    "mp3-cbr-noxing.mp3, mp3, 22050, 2, 1.071", // no tag: bytes * 8 / 32 kb/s
    "mp3-vbr.mp3, mp3, 44100, 1, 2.037551", // Xing tag: 78 frames
    "mp3-layer2.mp2, mp2, 32000, 1, 1.008",
    "mp3-id3.mp3, mp3, 44100, 1, 1.044898",
  })
  void soundFixturesMatchFfprobe(String name, String codec, int rate, int channels, double duration)
      throws IOException {
    byte[] data = fixture(name);
    assertTrue(Mp3Probe.sniff(data), name);
    assertFalse(FlacProbe.sniff(data), name);
    AvInfo info = probe(data);
    assertEquals("mp3", info.container());
    assertEquals(codec, info.audioCodec());
    assertEquals(rate, info.sampleRate());
    assertEquals(channels, info.channels());
    assertEquals(duration, info.duration(), 5e-7);
  }

  @Test
  void aLargeId3TagIsSkippedWithOneRangeRead() throws IOException {
    byte[] data = fixture("mp3-id3.mp3"); // an 80 KiB tag, then the frames of mp3-cbr.mp3
    BytesSource src = new BytesSource(data);
    probe(src, data);
    assertEquals(1, src.reads());
    assertEquals(data.length - 81920, src.bytesRead());
  }

  @Test
  void truncatedFilesAreCorrupt() throws IOException {
    BadMedia xing = assertThrows(BadMedia.class, () -> probe(fixture("mp3-truncated.mp3")));
    assertEquals("the MPEG audio header declares 15188 bytes of frames, the object has 8980", xing.getMessage());
    byte[] cutFrame = fixture("mp3-cut-frame.mp3");
    assertTrue(Mp3Probe.sniff(cutFrame), "an ID3 tag and a frame running past the head sniff as MP3");
    BadMedia frame = assertThrows(BadMedia.class, () -> probe(cutFrame));
    assertEquals("the first MPEG audio frame at byte 20 needs 208 bytes, the object ends at 120", frame.getMessage());
    byte[] tagOnly = Arrays.copyOf(fixture("mp3-id3.mp3"), 50_000);
    BadMedia tag = assertThrows(BadMedia.class, () -> probe(tagOnly));
    assertEquals("the ID3v2 tag at byte 0 declares 81920 bytes, the object ends at 50000", tag.getMessage());
  }

  @Test
  void everyCutOfAVbrFileIsCorrupt() throws IOException {
    byte[] data = fixture("mp3-vbr.mp3");
    for (int n = 10; n < data.length; n += 11) {
      byte[] cut = Arrays.copyOf(data, n);
      assertThrows(BadMedia.class, () -> probe(cut), "cut at " + n);
    }
  }

  @Test
  void zeroedHeaderRandomBytesAndTextDoNotSniff() throws IOException {
    assertFalse(Mp3Probe.sniff(fixture("mp3-header-zeroed.mp3")));
    assertFalse(Mp3Probe.sniff("Hello, this is plain text and not an MPEG audio frame at all.\n"
        .getBytes(StandardCharsets.US_ASCII)));
    Random rnd = new Random(7);
    byte[] head = new byte[4096];
    for (int i = 0; i < 20_000; i++) {
      rnd.nextBytes(head);
      if (i % 2 == 0) {
        head[0] = (byte) 0xFF; // at least a sync byte
        head[1] = (byte) (0xE0 | head[1]);
      }
      assertFalse(Mp3Probe.sniff(head), "random buffer " + i);
    }
  }

  @Test
  void frameLengthsFollowTheStandard() {
    assertEquals(417, Mp3Probe.frameLength(0xFFFB9000)); // MPEG-1 L3 128 kb/s 44.1 kHz
    assertEquals(418, Mp3Probe.frameLength(0xFFFB9200)); // padded
    assertEquals(208, Mp3Probe.frameLength(0xFFF38000)); // MPEG-2 L3 64 kb/s 22.05 kHz: 72 * 64000 / 22050
    assertEquals(384, Mp3Probe.frameLength(0xFFFD8400)); // MPEG-1 L2 128 kb/s 48 kHz: 144 * 128000 / 48000
    assertEquals(-1, Mp3Probe.frameLength(0xFFFBF000)); // bit rate index 15
    assertEquals(-1, Mp3Probe.frameLength(0xFFFB0000)); // free format
    assertEquals(-1, Mp3Probe.frameLength(0xFFFB9C00)); // sample rate index 3
    assertEquals(-1, Mp3Probe.frameLength(0xFFEB9000)); // reserved version
  }

  @Test
  void hostileBytesAfterATagNeverThrowAnythingElse() throws IOException {
    Random rnd = new Random(11);
    for (int i = 0; i < 3000; i++) {
      byte[] data = new byte[10 + rnd.nextInt(3000)];
      rnd.nextBytes(data);
      if (i % 3 == 0) {
        System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, (byte) rnd.nextInt(128)}, 0, data, 0, 10);
      }
      for (int k = 0; k < 20; k++) {
        int p = rnd.nextInt(data.length - 1);
        data[p] = (byte) 0xFF;
        data[p + 1] = (byte) 0xFB;
      }
      try {
        probe(data);
      } catch (BadMedia expected) {
        // fine
      }
    }
  }
}
