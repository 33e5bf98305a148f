package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.media.BytesSource;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher over every container: signatures route to the right parser, anything else is refused with the
 * documented code, and no input — cut at any length, or with bytes flipped anywhere — makes a probe throw, loop or
 * read much.
 */
class AvProbeTest {

  static List<Path> fixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(AvProbeTest.class.getResource("/media/av").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().endsWith(".sh")
          && !p.getFileName().toString().endsWith(".md")).sorted().toList();
    }
  }

  static AvProbe.Result probe(byte[] data) throws IOException {
    return AvProbe.probe(new BytesSource(data), Arrays.copyOf(data, Math.min(65_536, data.length)));
  }

  @Test
  void containersAreRecognizedBySignatureNotByName() throws Exception {
    int probed = 0;
    for (Path f : fixtures()) {
      byte[] data = Files.readAllBytes(f);
      AvProbe.Result r = probe(data);
      String name = f.getFileName().toString();
      if (r.ok()) {
        probed++;
        String family = name.substring(0, name.indexOf('-'));
        String expected = switch (family) {
          case "mkv" -> "matroska";
          case "ogv", "opus" -> "ogg";
          case "aifc" -> "aiff";
          default -> family;
        };
        assertTrue(r.info().container().equals(expected)
            || (expected.equals("mp4") && r.info().container().equals("m4a")), name + ": " + r.info());
      }
    }
    assertTrue(probed >= 20, "sound fixtures probed: " + probed);
  }

  @Test
  void whatIsNotAudioOrVideoIsUnsupportedAndNothingIsEmpty() throws IOException {
    AvProbe.Result text = probe("just some text, not media\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("unsupported_format", text.reason());
    assertTrue(text.detail().startsWith("no known audio or video signature (first bytes 6a75737420"),
        text.detail());
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    assertEquals("unsupported_format", probe(png).reason());
    assertEquals("empty_object", probe(new byte[0]).reason());
    assertEquals("unsupported_format", probe(new byte[1000]).reason(), "zeros");
  }

  /**
   * Every sound fixture cut at many lengths and with bytes flipped: the probe returns a result (sound or refused
   * with a code), never throws, and never reads more than the object plus one read's slack.
   */
  @Test
  void hostileBytesNeverEscapeAsExceptions() throws Exception {
    Random random = new Random(42);
    int cases = 0;
    List<String> codes = List.of("corrupt_media", "unsupported_format", "empty_object");
    for (Path f : fixtures()) {
      byte[] data = Files.readAllBytes(f);
      if (data.length == 0) {
        continue;
      }
      List<byte[]> variants = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        variants.add(Arrays.copyOf(data, random.nextInt(data.length)));
      }
      for (int i = 0; i < 48; i++) {
        byte[] v = data.clone();
        int flips = 1 + random.nextInt(8);
        for (int k = 0; k < flips; k++) {
          v[random.nextInt(v.length)] = (byte) random.nextInt(256);
        }
        variants.add(v);
      }
      for (byte[] v : variants) {
        BytesSource src = new BytesSource(v);
        AvProbe.Result r = AvProbe.probe(src, Arrays.copyOf(v, Math.min(4096, v.length)));
        assertNotNull(r);
        assertTrue(r.ok() || codes.contains(r.reason()), f.getFileName() + ": " + r);
        assertTrue(src.bytesRead() <= v.length + RangeReader.MIN_FETCH, f.getFileName() + " read " + src.bytesRead());
        cases++;
      }
    }
    assertTrue(cases > 1000, "cases: " + cases);
  }
}
