package dev.sieve.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.media.av.AvInfo;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AvChecksTest {
  private static final AvChecks.Declared NONE = new AvChecks.Declared(null, null, null, null, null, null, null);
  /** A 10 s 1280x720 30 fps h264 + 48 kHz stereo aac MP4 at 2 Mbit/s. */
  private static final AvInfo MP4 = new AvInfo("mp4", 10.0, "h264", 1280, 720, 30, 0, "aac", 48_000, 2, 2_000_000);
  /** A 3 s 16 kHz mono FLAC. */
  private static final AvInfo FLAC = new AvInfo("flac", 3.0, null, 0, 0, Double.NaN, 0, "flac", 16_000, 1, 400_000);

  /** Everything off but the given overrides, via a small builder over the long record. */
  private static final class S {
    Set<String> containers = Set.of();
    Set<String> videoCodecs = Set.of();
    Set<String> audioCodecs = Set.of();
    long minBytes;
    long maxBytes;
    boolean video;
    boolean audio;
    double minDur;
    double maxDur;
    int minRate;
    int minCh;
    int maxCh;
    int minSide;
    int maxSide;
    double minAspect;
    double maxAspect;
    double minFps;
    double maxFps;
    long minBitrate;
    long maxBitrate;
    boolean declared = true;
    int captionChars;
    int captionWords;
    Set<String> languages = Set.of();

    AvChecks build() {
      return new AvChecks(new AvChecks.Settings(containers, videoCodecs, audioCodecs, minBytes, maxBytes, video,
          audio, minDur, maxDur, minRate, minCh, maxCh, minSide, maxSide, minAspect, maxAspect, minFps, maxFps,
          minBitrate, maxBitrate, declared, 0.01, new AvChecks.Caption(captionChars, captionWords, languages, 0.65)));
    }
  }

  private static String reason(AvChecks c, AvInfo info) {
    Verdict v = c.check(info, 1_000, NONE, false, null);
    return v.kept() ? null : v.reason();
  }

  @Test
  void everyRuleRejectsWithItsCode() {
    S s = new S();
    s.containers = Set.of("MKV", "video/mp4");
    assertEquals("format_not_allowed", reason(s.build(), FLAC));
    assertEquals(null, reason(s.build(), MP4));
    s = new S();
    s.maxBytes = 999;
    assertEquals("bytes_out_of_range", reason(s.build(), MP4));
    s = new S();
    s.video = true;
    assertEquals("no_video_stream", reason(s.build(), FLAC));
    s = new S();
    s.audio = true;
    assertEquals("no_audio_stream", reason(s.build(),
        new AvInfo("webm", 1, "vp9", 64, 48, 25, 0, null, 0, 0, 1000)));
    s = new S();
    s.videoCodecs = Set.of("HEVC", "av1");
    assertEquals("codec_not_allowed", reason(s.build(), MP4));
    assertEquals(null, reason(s.build(), FLAC), "no video stream: the video codec list does not apply");
    s = new S();
    s.audioCodecs = Set.of("opus");
    Verdict v = s.build().check(MP4, 1, NONE, false, null);
    assertEquals("codec_not_allowed", v.reason());
    assertEquals("audio codec aac is not in [opus]", v.detail());
    s = new S();
    s.minDur = 5;
    s.maxDur = 60;
    assertEquals("duration_out_of_range", reason(s.build(), FLAC));
    assertEquals(null, reason(s.build(), MP4));
    Verdict unknown = s.build().check(new AvInfo("webm", Double.NaN, "vp8", 64, 48, 25, 0, null, 0, 0, 0), 1, NONE,
        false, null);
    assertEquals("duration_out_of_range", unknown.reason());
    assertEquals("the object declares no duration, allowed 5 .. 60 s", unknown.detail());
    s = new S();
    s.minRate = 22_050;
    assertEquals("low_sample_rate", reason(s.build(), FLAC));
    assertEquals("16000 Hz < 22050 Hz", s.build().check(FLAC, 1, NONE, false, null).detail());
    s = new S();
    s.minCh = 2;
    assertEquals("channels_out_of_range", reason(s.build(), FLAC));
    s = new S();
    s.minSide = 1080;
    assertEquals("resolution", reason(s.build(), MP4));
    assertEquals(null, reason(s.build(), FLAC), "audio only: no video limits");
    s = new S();
    s.maxSide = 1279;
    assertEquals("resolution", reason(s.build(), MP4));
    s = new S();
    s.minAspect = 9.0 / 21;
    s.maxAspect = 1.7;
    assertEquals("aspect_ratio", reason(s.build(), MP4), "16:9 = 1.78 > 1.7");
    s = new S();
    s.minFps = 48;
    assertEquals("fps_out_of_range", reason(s.build(), MP4));
    s = new S();
    s.maxBitrate = 1_000_000;
    assertEquals("bitrate_out_of_range", reason(s.build(), MP4));
    s = new S();
    s.captionChars = 5;
    s.captionWords = 2;
    assertEquals("bad_caption", s.build().check(MP4, 1, NONE, true, "hello").reason());
    assertTrue(s.build().check(MP4, 1, NONE, true, "hello there").kept());
    assertTrue(s.build().check(MP4, 1, NONE, false, null).kept(), "no caption column: not checked");
    s = new S();
    s.languages = Set.of("EN");
    assertTrue(s.build().check(MP4, 1, NONE, true, "a cyclist crossing an old stone bridge at sunset").kept());
    Verdict german = s.build().check(MP4, 1, NONE, true, "Ein Radfahrer fährt über eine alte Steinbrücke bei "
        + "Sonnenuntergang");
    assertEquals("language_not_allowed", german.reason());
    assertTrue(german.detail().startsWith("caption language de ("), german.detail());
    assertEquals("bad_caption", s.build().check(MP4, 1, NONE, true, "   ").reason(), "blank: nothing to identify");
  }

  @Test
  void theFirstFailingRuleDecides() {
    S s = new S();
    s.containers = Set.of("mp4");
    s.video = true;
    s.minDur = 5;
    // FLAC fails the container, the video stream and the duration; the container is checked first.
    assertEquals("format_not_allowed", reason(s.build(), FLAC));
    s.containers = Set.of();
    assertEquals("no_video_stream", reason(s.build(), FLAC));
  }

  @Test
  void rotatedVideoIsCheckedAsDisplayed() {
    // A phone video: 1920x1080 coded, rotated 90 degrees: displayed (and reported) 1080x1920.
    AvInfo portrait = AvInfo.builder("mov").video("h264", 1920, 1080).rotation(90).duration(4).build(1_000_000);
    assertEquals(1080, portrait.width());
    assertEquals(1920, portrait.height());
    S s = new S();
    s.minAspect = 1.0;
    Verdict v = s.build().check(portrait, 1, NONE, false, null);
    assertEquals("aspect_ratio", v.reason());
    assertTrue(v.detail().startsWith("1080x1920: width / height 0.563"), v.detail());
  }

  @Test
  void declaredMismatchNamesEveryDifferingFieldAndToleratesSmallDurationDifferences() {
    AvChecks c = new S().build();
    AvChecks.Declared same = new AvChecks.Declared("video/quicktime", 10.04, 1280L, 720L, 48_000L, 2L, 1_000L);
    assertTrue(c.check(MP4, 1_000, same, false, null).kept(), "mov and mp4 are one family; 0.04 s is within 0.05");
    AvChecks.Declared off = new AvChecks.Declared("mkv", 10.2, 1280L, 721L, 44_100L, 2L, null);
    Verdict v = c.check(MP4, 1_000, off, false, null);
    assertEquals("declared_mismatch", v.reason());
    assertEquals("format declared mkv, is mp4; duration declared 10.2 s, is 10 s; height declared 721, is 720; "
        + "sample rate declared 44100, is 48000", v.detail());
    AvInfo hour = new AvInfo("flac", 3600, null, 0, 0, Double.NaN, 0, "flac", 16_000, 1, 1);
    assertTrue(c.check(hour, 1, new AvChecks.Declared("audio/x-flac", 3630.0, null, null, null, null, null), false,
        null).kept(), "1% of an hour is 36 s");
    S off2 = new S();
    off2.declared = false;
    assertTrue(off2.build().check(MP4, 1, off, false, null).kept());
  }

  @Test
  void containerNamesAreCanonical() {
    assertEquals("matroska", AvChecks.canonicalContainer("video/x-matroska"));
    assertEquals("matroska", AvChecks.canonicalContainer("MKA"));
    assertEquals("ogg", AvChecks.canonicalContainer("opus"));
    assertEquals("aiff", AvChecks.canonicalContainer("audio/x-aiff"));
    assertEquals("mp3", AvChecks.canonicalContainer("audio/mpeg"));
    assertEquals("wav", AvChecks.canonicalContainer("audio/x-wav"));
    assertEquals("wav", AvChecks.canonicalContainer("audio/wave"));
    assertEquals("mov", AvChecks.canonicalContainer("video/quicktime"));
    assertEquals("avi", AvChecks.canonicalContainer("video/x-msvideo"));
    assertEquals("flac", AvChecks.canonicalContainer("audio/x-flac"));
    assertEquals("webm", AvChecks.canonicalContainer("video/webm"));
  }

  @Test
  void badLimitsFailFastNamingTheValue() {
    S s = new S();
    s.minDur = 10;
    s.maxDur = 5;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::build);
    assertEquals("max duration 5 < min duration 10", e.getMessage());
    S neg = new S();
    neg.minRate = -1;
    assertThrows(IllegalArgumentException.class, neg::build);
  }
}
