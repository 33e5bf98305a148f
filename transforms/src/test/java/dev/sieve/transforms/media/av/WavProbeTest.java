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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WavProbeTest {

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = WavProbeTest.class.getResourceAsStream("/media/av/" + name)) {
      assertNotNull(in, "missing fixture " + name);
      return in.readAllBytes();
    }
  }

  static AvInfo probe(BytesSource src, byte[] data) throws IOException {
    return WavProbe.probe(new RangeReader(src, Arrays.copyOf(data, Math.min(65536, data.length))));
  }

  static AvInfo probe(byte[] data) throws IOException {
    return probe(new BytesSource(data), data);
  }

  /** Expected values are ffprobe's (format_name, codec_name, sample_rate, channels, format duration). */
  @ParameterizedTest
  @CsvSource({
    "wav-pcm16.wav, wav, pcm_s16le, 8000, 1, 0.5",
    "wav-float-stereo.wav, wav, pcm_f32le, 8000, 2, 0.3",
    "wav-extensible.wav, wav, pcm_s24le, 8000, 1, 0.5",
    "wav-ima-adpcm.wav, wav, adpcm_ima_wav, 8000, 1, 1.0205",
    "wav-rf64.wav, wav, pcm_s16le, 8000, 1, 0.5",
    "wav-streamed.wav, wav, pcm_u8, 8000, 1, 0.5",
    "aiff-pcm.aiff, aiff, pcm_s16be, 8000, 1, 0.5",
    "aiff-float.aifc, aiff, pcm_f32be, 11025, 2, 0.2",
  })
  void soundFixturesMatchFfprobe(String name, String container, String codec, int rate, int channels, double duration)
      throws IOException {
    byte[] data = fixture(name);
    assertTrue(WavProbe.sniff(data), name);
    BytesSource src = new BytesSource(data);
    AvInfo info = probe(src, data);
    assertEquals(container, info.container());
    assertEquals(codec, info.audioCodec());
    assertEquals(rate, info.sampleRate());
    assertEquals(channels, info.channels());
    assertEquals(duration, info.duration(), 1e-6);
    assertFalse(info.hasVideo());
    assertEquals(0, src.reads(), "everything is in the head");
  }

  @ParameterizedTest
  @CsvSource({
    "wav-truncated.wav, 'the WAV data chunk at byte 36 declares 8000 bytes, the object ends at 6000'",
    "aiff-truncated.aiff, 'the AIFF SSND chunk at byte 38 declares 8008 bytes, the object ends at 5000'",
  })
  void truncatedFixturesAreCorrupt(String name, String detail) throws IOException {
    byte[] data = fixture(name);
    assertTrue(WavProbe.sniff(data));
    BadMedia e = assertThrows(BadMedia.class, () -> probe(data));
    assertEquals(detail, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"wav-header-zeroed.wav", "aiff-header-zeroed.aiff"})
  void zeroedHeadersDoNotSniff(String name) throws IOException {
    assertFalse(WavProbe.sniff(fixture(name)));
  }

  @Test
  void everyCutOfAWavOrAiffIsCorrupt() throws IOException {
    for (String name : new String[] {"wav-pcm16.wav", "wav-rf64.wav", "aiff-pcm.aiff", "aiff-float.aifc"}) {
      byte[] data = fixture(name);
      for (int n = 12; n < data.length - 1; n += 7) {
        byte[] cut = Arrays.copyOf(data, n);
        assertThrows(BadMedia.class, () -> probe(cut), name + " cut at " + n);
      }
    }
  }

  @Test
  void chunksPastTheHeadAreReachedWithSmallRangeReads() throws IOException {
    byte[] wav = fixture("wav-pcm16.wav");
    int junk = 200_000;
    ByteBuffer big = ByteBuffer.allocate(wav.length + 8 + junk).order(ByteOrder.LITTLE_ENDIAN);
    big.put(wav, 0, 12).put("JUNK".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(junk);
    big.position(big.position() + junk).put(wav, 12, wav.length - 12);
    big.putInt(4, big.capacity() - 8);
    byte[] data = big.array();
    BytesSource src = new BytesSource(data);
    AvInfo info = probe(src, data);
    assertEquals("pcm_s16le", info.audioCodec());
    assertEquals(0.5, info.duration(), 1e-9);
    assertEquals(1, src.reads());
    assertTrue(src.bytesRead() <= RangeReader.MIN_FETCH, "read " + src.bytesRead());
  }

  @Test
  void streamedSizesMeanToTheEndOfTheObject() throws IOException {
    byte[] data = fixture("wav-streamed.wav");
    byte[] longer = Arrays.copyOf(data, data.length + 4000); // more samples arrived
    assertEquals(1.0, probe(longer).duration(), 1e-9);
  }

  @Test
  void hostileSizesAndLoopsEndInBadMedia() throws IOException {
    byte[] wav = fixture("wav-pcm16.wav");
    byte[] huge = wav.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFFFF0);
    assertThrows(BadMedia.class, () -> probe(huge));

    byte[] hugeFmt = wav.clone();
    ByteBuffer.wrap(hugeFmt).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0xFFFFFFF0);
    assertThrows(BadMedia.class, () -> probe(hugeFmt));

    byte[] empties = new byte[12 + 8 * 2000]; // RIFF header, then 2000 empty chunks and no fmt
    System.arraycopy(wav, 0, empties, 0, 12);
    for (int i = 12; i < empties.length; i += 8) {
      System.arraycopy("LIST".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, empties, i, 4);
    }
    assertThrows(BadMedia.class, () -> probe(empties));

    byte[] noChannels = wav.clone();
    noChannels[22] = 0;
    BadMedia e = assertThrows(BadMedia.class, () -> probe(noChannels));
    assertEquals("WAV fmt declares 0 channels at 8000 Hz", e.getMessage());
  }

  @Test
  void randomBytesAfterTheMagicNeverThrowAnythingElse() throws IOException {
    java.util.Random rnd = new java.util.Random(42);
    byte[][] magics = {fixture("wav-pcm16.wav"), fixture("aiff-pcm.aiff")};
    for (int i = 0; i < 2000; i++) {
      byte[] data = new byte[12 + rnd.nextInt(400)];
      rnd.nextBytes(data);
      System.arraycopy(magics[i & 1], 0, data, 0, 12);
      try {
        probe(data);
      } catch (BadMedia expected) {
        // fine: corrupt
      }
    }
  }

  @Test
  void codecNamesFollowFfmpeg() {
    assertEquals("pcm_u8", WavProbe.wavCodec(1, 8));
    assertEquals("pcm_s16le", WavProbe.wavCodec(1, 12));
    assertEquals("pcm_s32le", WavProbe.wavCodec(1, 32));
    assertEquals("pcm_f64le", WavProbe.wavCodec(3, 64));
    assertEquals("pcm_mulaw", WavProbe.wavCodec(7, 8));
    assertEquals("mp3", WavProbe.wavCodec(0x55, 0));
    assertEquals(null, WavProbe.wavCodec(0x1234, 16));
  }
}
