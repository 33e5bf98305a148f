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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fixtures from make-ogg-mp4.sh; expected values are ffprobe's. */
class OggProbeTest {
  private static final double EPS = 1e-6;

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = OggProbeTest.class.getResourceAsStream("/media/av/" + name)) {
      return in.readAllBytes();
    }
  }

  private static AvInfo probe(byte[] data) throws IOException {
    return probe(new BytesSource(data), data);
  }

  private static AvInfo probe(BytesSource src, byte[] data) throws IOException {
    byte[] head = Arrays.copyOf(data, Math.min(65536, data.length));
    assertTrue(OggProbe.sniff(head));
    return OggProbe.probe(new RangeReader(src, head));
  }

  @Test
  void vorbis() throws IOException {
    byte[] data = fixture("ogg-vorbis.ogg");
    BytesSource src = new BytesSource(data);
    AvInfo info = probe(src, data);
    assertEquals("ogg", info.container());
    assertEquals(1.0, info.duration(), EPS);
    assertEquals("vorbis", info.audioCodec());
    assertEquals(22050, info.sampleRate());
    assertEquals(1, info.channels());
    assertFalse(info.hasVideo());
    assertEquals(0, src.reads(), "a small object is all in the head");
  }

  @Test
  void opusDurationIncludesPreSkipLikeFfprobe() throws IOException {
    AvInfo info = probe(fixture("ogg-opus.opus"));
    assertEquals(1.0065, info.duration(), EPS); // last granule 48312 / 48000: ffprobe does not subtract pre-skip
    assertEquals("opus", info.audioCodec());
    assertEquals(48000, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void theoraWithVorbis() throws IOException {
    AvInfo info = probe(fixture("ogv-theora.ogv"));
    assertEquals("ogg", info.container());
    assertEquals(0.5, info.duration(), EPS);
    assertEquals("theora", info.videoCodec());
    assertEquals(64, info.width());
    assertEquals(48, info.height());
    assertEquals(12.0, info.fps(), EPS);
    assertEquals(0, info.rotation());
    assertEquals("vorbis", info.audioCodec());
    assertEquals(22050, info.sampleRate());
    assertEquals(1, info.channels());
  }

  @Test
  void lastPageCutOffIsTruncated() throws IOException {
    BadMedia e = assertThrows(BadMedia.class, () -> probe(fixture("ogg-truncated.ogg")));
    assertEquals("the last Ogg page is cut off: the page at byte 5541 needs 1076 bytes, the object ends at 6587",
        e.getMessage());
  }

  @Test
  void zeroedAndEmptyHeadsAreNotOgg() throws IOException {
    assertFalse(OggProbe.sniff(fixture("ogg-header-zeroed.ogg")));
    assertFalse(OggProbe.sniff(fixture("ogg-empty.ogg")));
  }

  @Test
  void aFinalPageWithABadCrcIsNotTrusted() throws IOException {
    byte[] data = fixture("ogg-vorbis.ogg");
    data[data.length - 1] ^= 0x55; // the final EOS page (granule 22050) no longer checks out
    AvInfo info = probe(data);
    assertEquals(22016 / 22050.0, info.duration(), EPS); // the page before it
  }

  @Test
  void everyCutOfTheFixturesIsBadMediaOrAnAnswer() throws IOException {
    for (String name : new String[] {"ogg-vorbis.ogg", "ogg-opus.opus", "ogv-theora.ogv"}) {
      byte[] data = fixture(name);
      for (int n = 28; n < data.length; n++) {
        byte[] cut = Arrays.copyOf(data, n);
        try {
          probe(cut);
        } catch (BadMedia expected) {
          // fine
        }
      }
    }
  }

  @Test
  void largeObjectReadsHeadAndOneTailWindow() throws IOException {
    byte[] data = syntheticVorbis(600, true);
    BytesSource src = new BytesSource(data);
    AvInfo info = probe(src, data);
    assertEquals(600.0, info.duration(), EPS);
    assertEquals(1, src.reads());
    assertTrue(src.bytesRead() <= 64 * 1024, "read " + src.bytesRead());
    assertTrue(data.length > 2_000_000);
  }

  @Test
  void largeObjectCutInsideItsLastPage() throws IOException {
    byte[] data = syntheticVorbis(600, true);
    BadMedia e = assertThrows(BadMedia.class, () -> probe(Arrays.copyOf(data, data.length - 100)));
    assertTrue(e.getMessage().startsWith("the last Ogg page is cut off"), e.getMessage());
  }

  @Test
  void anObjectEndingOnAPageBoundaryWithoutEosPasses() throws IOException {
    AvInfo info = probe(syntheticVorbis(30, false));
    assertEquals(30.0, info.duration(), EPS);
  }

  @Test
  void aFirstPageWithoutBosIsCorrupt() throws IOException {
    byte[] data = fixture("ogg-vorbis.ogg");
    data[5] = 0;
    assertThrows(BadMedia.class, () -> probe(data));
  }

  @Test
  void noAudioCodecForAnUnknownStream() throws IOException {
    byte[] data = fixture("ogg-vorbis.ogg");
    data[29] = (byte) 'X'; // "\x01vorbis" becomes "\x01Xorbis" (CRC unchecked in the head)
    AvInfo info = probe(data);
    assertNull(info.audioCodec());
    assertTrue(Double.isNaN(info.duration()));
  }

  /**
   * The fixture's two header pages, then {@code seconds} one-second pages of one 4000-byte packet each (granule
   * 22050 × k, the first data page granule 1 so that the stream starts at 0), with valid CRCs; the last page is
   * flagged EOS when {@code eos}.
   */
  private static byte[] syntheticVorbis(int seconds, boolean eos) throws IOException {
    byte[] fixture = fixture("ogg-vorbis.ogg");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(fixture, 0, 3361); // identification page, comment + setup page
    for (int k = 0; k <= seconds; k++) {
      byte[] page = new byte[27 + 16 + 4000];
      System.arraycopy(fixture, 0, page, 0, 14); // capture pattern, version; header type and granule set below
      page[5] = (byte) (k == seconds && eos ? 4 : 0);
      long granule = k == 0 ? 1 : 22050L * k;
      for (int i = 0; i < 8; i++) {
        page[6 + i] = (byte) (granule >>> (8 * i));
      }
      page[18] = (byte) (k + 2); // sequence number; serial 0 as in the fixture
      page[26] = 16;
      Arrays.fill(page, 27, 27 + 15, (byte) 255);
      page[27 + 15] = (byte) (4000 - 15 * 255);
      int crc = OggProbe.crc(page, 0, page.length);
      for (int i = 0; i < 4; i++) {
        page[22 + i] = (byte) (crc >>> (8 * i));
      }
      out.write(page);
    }
    return out.toByteArray();
  }
}
