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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlacProbeTest {

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = FlacProbeTest.class.getResourceAsStream("/media/av/" + name)) {
      assertNotNull(in, "missing fixture " + name);
      return in.readAllBytes();
    }
  }

  static AvInfo probe(BytesSource src, byte[] data) throws IOException {
    return FlacProbe.probe(new RangeReader(src, Arrays.copyOf(data, Math.min(65536, data.length))));
  }

  static AvInfo probe(byte[] data) throws IOException {
    return probe(new BytesSource(data), data);
  }

  /** Expected values are ffprobe's: flac, 8000 Hz, mono, 0.576 s. */
  @Test
  void basicFileMatchesFfprobe() throws IOException {
    byte[] data = fixture("flac-basic.flac");
    assertTrue(FlacProbe.sniff(data));
    assertFalse(Mp3Probe.sniff(data));
    BytesSource src = new BytesSource(data);
    AvInfo info = probe(src, data);
    assertEquals(new AvInfo("flac", 0.576, null, 0, 0, Double.NaN, 0, "flac", 8000, 1,
        Math.round(data.length * 8 / 0.576)), info);
    assertEquals(0, src.reads());
  }

  @Test
  void anId3TagInFrontIsSkippedAndTheMp3ProbeHandsOver() throws IOException {
    byte[] data = fixture("flac-id3.flac");
    assertTrue(FlacProbe.sniff(data));
    assertFalse(Mp3Probe.sniff(data), "a tagged FLAC whose fLaC is in the head is FLAC only");
    assertEquals(0.576, probe(data).duration(), 1e-9);
    AvInfo viaMp3 = Mp3Probe.probe(new RangeReader(new BytesSource(data), data));
    assertEquals("flac", viaMp3.container());
    assertEquals(0.576, viaMp3.duration(), 1e-9);
  }

  @Test
  void aStreamWithoutTotalSamplesHasNoDurationLikeFfprobe() throws IOException {
    AvInfo info = probe(fixture("flac-streamed.flac"));
    assertEquals("flac", info.audioCodec());
    assertEquals(8000, info.sampleRate());
    assertTrue(Double.isNaN(info.duration()));
    assertEquals(0, info.bitrate());
  }

  /** Truncated means: a metadata block past the end, no frame after the metadata, or fewer audio bytes than the
   * STREAMINFO's frame count times its smallest frame size. */
  @Test
  void truncatedFilesAreCorrupt() throws IOException {
    BadMedia cutMeta = assertThrows(BadMedia.class, () -> probe(fixture("flac-truncated.flac")));
    assertEquals("FLAC metadata block (type 1) at byte 60 declares 8192 bytes, the object ends at 3000",
        cutMeta.getMessage());
    BadMedia cutAudio = assertThrows(BadMedia.class, () -> probe(fixture("flac-cut-audio.flac")));
    assertEquals("the FLAC STREAMINFO needs at least 11648 bytes of audio frames, the object has 6744 after its "
        + "metadata", cutAudio.getMessage());
    byte[] basic = fixture("flac-basic.flac");
    BadMedia noFrame = assertThrows(BadMedia.class, () -> probe(Arrays.copyOf(basic, 8256)));
    assertEquals("no FLAC audio frame after the metadata at byte 8256 (the object ends at 8256)", noFrame.getMessage());
  }

  @Test
  void everyCutIsCorruptOrStillConsistent() throws IOException {
    byte[] data = fixture("flac-basic.flac");
    for (int n = 4; n < data.length; n += 5) {
      byte[] cut = Arrays.copyOf(data, n);
      if (n < data.length - 300) {
        assertThrows(BadMedia.class, () -> probe(cut), "cut at " + n);
      } else {
        try {
          probe(cut);
        } catch (BadMedia fine) {
          // the last frame's bytes may or may not be needed by the bound
        }
      }
    }
  }

  @Test
  void zeroedHeaderDoesNotSniff() throws IOException {
    byte[] data = fixture("flac-header-zeroed.flac");
    assertFalse(FlacProbe.sniff(data));
    assertFalse(Mp3Probe.sniff(data));
  }

  @Test
  void largeBlocksInFrontCostOneSmallReadEach() throws IOException {
    byte[] flac = fixture("flac-basic.flac");
    int pad = 300_000; // an APPLICATION block between STREAMINFO and the rest
    byte[] data = new byte[flac.length + 4 + pad];
    System.arraycopy(flac, 0, data, 0, 42);
    data[42] = 2;
    data[43] = (byte) (pad >> 16);
    data[44] = (byte) (pad >> 8);
    data[45] = (byte) pad;
    System.arraycopy(flac, 42, data, 46 + pad, flac.length - 42);
    BytesSource src = new BytesSource(data);
    assertEquals(0.576, probe(src, data).duration(), 1e-9);
    assertTrue(src.reads() <= 2 && src.bytesRead() <= 2 * RangeReader.MIN_FETCH, src.bytesRead() + " bytes");
  }

  @Test
  void hostileHeadersEndInBadMedia() throws IOException {
    byte[] flac = fixture("flac-basic.flac");
    byte[] notStreamInfo = flac.clone();
    notStreamInfo[4] = 4;
    assertThrows(BadMedia.class, () -> probe(notStreamInfo));
    byte[] noRate = flac.clone();
    noRate[18] = 0;
    noRate[19] = 0;
    noRate[20] &= 0x0F;
    assertEquals("FLAC STREAMINFO declares a sample rate of 0",
        assertThrows(BadMedia.class, () -> probe(noRate)).getMessage());
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < 2000; i++) {
      byte[] data = new byte[4 + rnd.nextInt(300)];
      rnd.nextBytes(data);
      System.arraycopy(flac, 0, data, 0, 4);
      try {
        probe(data);
      } catch (BadMedia expected) {
        // fine
      }
    }
  }
}
