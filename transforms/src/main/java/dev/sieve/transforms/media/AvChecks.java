package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.media.av.AvInfo;
import dev.sieve.transforms.text.Whitespace;
import dev.sieve.transforms.text.lang.LanguageIdentifier;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The audio and video manifest's filters over what a probe found and what the row declared, in this order; the
 * first that fails decides:
 *
 * <ol>
 *   <li>{@code format_not_allowed}: the container is not an allowed one;
 *   <li>{@code bytes_out_of_range};
 *   <li>{@code no_video_stream} / {@code no_audio_stream}: a required stream is missing;
 *   <li>{@code codec_not_allowed}: the first video or audio stream's codec is not an allowed one;
 *   <li>{@code duration_out_of_range} (an unknown duration fails a set limit);
 *   <li>{@code low_sample_rate}, {@code channels_out_of_range} (first audio stream);
 *   <li>{@code resolution} (displayed shorter side below the minimum, longer side above the maximum),
 *       {@code aspect_ratio} (displayed width / height outside the range), {@code fps_out_of_range} (an unknown
 *       rate fails a set limit) — video only;
 *   <li>{@code bitrate_out_of_range} (overall bit rate);
 *   <li>{@code declared_mismatch}: every declared field that differs is named; a duration differs when it is off by
 *       more than {@code max(0.05 s, durationTolerance × probed)};
 *   <li>{@code bad_caption}: the caption / transcript is missing or shorter than the minimum characters or words;
 *       {@code language_not_allowed}: its language is not an allowed one ({@link Caption}).
 * </ol>
 *
 * A limit of 0 (or an empty list) turns its check off; a declared value that is null is not compared. Declared
 * containers compare by family ({@code mp4}, {@code m4a}, {@code mov} are one; {@code matroska}, {@code webm} are
 * one) after {@link #canonicalContainer} (file extensions and MIME types are understood). Pure, immutable and
 * thread-safe.
 */
public final class AvChecks implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The limits; 0 or empty disables a check. Codec and container names are as ffprobe prints them. */
  public record Settings(Set<String> allowedContainers, Set<String> allowedVideoCodecs,
      Set<String> allowedAudioCodecs, long minBytes, long maxBytes, boolean requireVideo, boolean requireAudio,
      double minDuration, double maxDuration, int minSampleRate, int minChannels, int maxChannels, int minSide,
      int maxSide, double minAspect, double maxAspect, double minFps, double maxFps, long minBitrate,
      long maxBitrate, boolean checkDeclared, double durationTolerance, Caption caption) implements Serializable {
    public Settings {
      allowedContainers = canonical(allowedContainers, "allowedContainers");
      allowedVideoCodecs = lower(allowedVideoCodecs, "allowedVideoCodecs");
      allowedAudioCodecs = lower(allowedAudioCodecs, "allowedAudioCodecs");
      range("bytes", minBytes, maxBytes);
      range("duration", minDuration, maxDuration);
      range("channels", minChannels, maxChannels);
      range("side", minSide, maxSide);
      range("aspect", minAspect, maxAspect);
      range("fps", minFps, maxFps);
      range("bitrate", minBitrate, maxBitrate);
      Preconditions.checkArgument(minSampleRate >= 0, "min sample rate must be >= 0, got %s", minSampleRate);
      Preconditions.checkArgument(durationTolerance >= 0 && durationTolerance < 1,
          "duration tolerance must be in [0, 1), got %s", durationTolerance);
      Preconditions.checkNotNull(caption, "caption");
    }

    private static void range(String what, double min, double max) {
      Preconditions.checkArgument(min >= 0 && max >= 0, "%s limits must be >= 0, got %s / %s", what, num(min),
          num(max));
      Preconditions.checkArgument(max == 0 || max >= min, "max %s %s < min %s %s", what, num(max), what, num(min));
    }

    private static Set<String> lower(Set<String> names, String what) {
      List<String> out = new ArrayList<>();
      for (String n : Preconditions.checkNotNull(names, what)) {
        out.add(n.trim().toLowerCase(Locale.ROOT));
      }
      return Set.copyOf(out);
    }

    private static Set<String> canonical(Set<String> names, String what) {
      List<String> out = new ArrayList<>();
      for (String n : Preconditions.checkNotNull(names, what)) {
        out.add(canonicalContainer(n));
      }
      return Set.copyOf(out);
    }
  }

  /**
   * The caption / transcript rules: at least {@code minChars} characters and {@code minWords} words after whitespace
   * is collapsed ({@code bad_caption}), and, when {@code languages} is not empty, a language among them identified
   * with at least {@code languageThreshold} probability by the text job's {@link LanguageIdentifier}
   * ({@code language_not_allowed}).
   */
  public record Caption(int minChars, int minWords, Set<String> languages, double languageThreshold)
      implements Serializable {
    public Caption {
      Preconditions.checkArgument(minChars >= 0 && minWords >= 0, "caption limits must be >= 0, got %s / %s",
          minChars, minWords);
      Preconditions.checkArgument(languageThreshold >= 0 && languageThreshold <= 1,
          "caption language threshold must be in [0, 1], got %s", languageThreshold);
      languages = Settings.lower(languages, "languages");
    }

    /** No caption rules. */
    public static Caption none() {
      return new Caption(0, 0, Set.of(), 0);
    }

    boolean any() {
      return minChars > 0 || minWords > 0 || !languages.isEmpty();
    }
  }

  /** What the row declared; null fields are not compared. */
  public record Declared(String format, Double duration, Long width, Long height, Long sampleRate, Long channels,
      Long bytes) implements Serializable {}

  /** Reads the first 2,000 characters of a caption, as the text job's language filter does by default. */
  private static final LanguageIdentifier LANGUAGES = new LanguageIdentifier(2_000);

  private final Settings settings;

  public AvChecks(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /**
   * A container name as the probe reports it: lower-cased, a MIME type's subtype taken, and file extensions mapped
   * ({@code mkv}, {@code mka} → matroska; {@code oga}, {@code ogv}, {@code opus} → ogg; {@code aif}, {@code aifc} →
   * aiff; {@code m4v} → mp4; {@code qt}, {@code quicktime} → mov; {@code mpeg}, {@code mpga} → mp3; {@code wave},
   * {@code x-wav} → wav; {@code x-flac} → flac).
   */
  public static String canonicalContainer(String f) {
    if (f == null) {
      return null;
    }
    String s = f.trim().toLowerCase(Locale.ROOT);
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(slash + 1);
    }
    if (s.startsWith("x-") && !s.equals("x-matroska")) {
      s = s.substring(2);
    }
    return switch (s) {
      case "mkv", "mka", "mk3d", "x-matroska" -> "matroska";
      case "oga", "ogv", "opus", "vorbis" -> "ogg";
      case "aif", "aifc", "aiff-c" -> "aiff";
      case "m4v", "mp4v" -> "mp4";
      case "qt", "quicktime" -> "mov";
      case "mpeg", "mpga", "mpeg3", "mp3" -> "mp3";
      case "wave", "vnd.wave" -> "wav";
      case "m4b" -> "m4a";
      case "msvideo", "avi", "vnd.avi" -> "avi";
      default -> s;
    };
  }

  /** The family a container belongs to for declared-format comparison. */
  private static String family(String container) {
    return switch (container) {
      case "mp4", "m4a", "mov" -> "mp4";
      case "webm" -> "matroska";
      default -> container;
    };
  }

  /**
   * @param info what the probe found
   * @param bytes the object's size
   * @param declared what the manifest row declared (null: nothing)
   * @param captionPresent whether the manifest has a caption / transcript column at all
   */
  public Verdict check(AvInfo info, long bytes, Declared declared, boolean captionPresent, String caption) {
    Settings s = settings;
    if (!s.allowedContainers().isEmpty() && !s.allowedContainers().contains(info.container())) {
      return Verdict.reject(ReasonCodes.FORMAT_NOT_ALLOWED, info.container() + " is not in "
          + s.allowedContainers());
    }
    if ((s.minBytes() > 0 && bytes < s.minBytes()) || (s.maxBytes() > 0 && bytes > s.maxBytes())) {
      return Verdict.reject(ReasonCodes.BYTES_OUT_OF_RANGE, bytes + " bytes, allowed " + s.minBytes() + " .. "
          + (s.maxBytes() == 0 ? "any" : s.maxBytes()));
    }
    if (s.requireVideo() && !info.hasVideo()) {
      return Verdict.reject(ReasonCodes.NO_VIDEO_STREAM, "the " + info.container() + " object has no video stream");
    }
    if (s.requireAudio() && !info.hasAudio()) {
      return Verdict.reject(ReasonCodes.NO_AUDIO_STREAM, "the " + info.container() + " object has no audio stream");
    }
    if (info.hasVideo() && !s.allowedVideoCodecs().isEmpty() && !s.allowedVideoCodecs().contains(info.videoCodec())) {
      return Verdict.reject(ReasonCodes.CODEC_NOT_ALLOWED, "video codec " + info.videoCodec() + " is not in "
          + s.allowedVideoCodecs());
    }
    if (info.hasAudio() && !s.allowedAudioCodecs().isEmpty() && !s.allowedAudioCodecs().contains(info.audioCodec())) {
      return Verdict.reject(ReasonCodes.CODEC_NOT_ALLOWED, "audio codec " + info.audioCodec() + " is not in "
          + s.allowedAudioCodecs());
    }
    Verdict v = duration(info.duration());
    if (v == null) {
      v = audio(info);
    }
    if (v == null && info.hasVideo()) {
      v = video(info);
    }
    if (v == null && ((s.minBitrate() > 0 && info.bitrate() < s.minBitrate())
        || (s.maxBitrate() > 0 && info.bitrate() > s.maxBitrate()))) {
      v = Verdict.reject(ReasonCodes.BITRATE_OUT_OF_RANGE, info.bitrate() + " bit/s, allowed " + s.minBitrate()
          + " .. " + (s.maxBitrate() == 0 ? "any" : s.maxBitrate()));
    }
    if (v == null && s.checkDeclared() && declared != null) {
      v = declared(info, bytes, declared);
    }
    if (v == null && captionPresent && s.caption().any()) {
      v = caption(caption);
    }
    return v == null ? Verdict.pass() : v;
  }

  private Verdict caption(String caption) {
    Caption rules = settings.caption();
    String c = caption == null ? "" : Whitespace.collapse(caption);
    if (c.isEmpty()) {
      return Verdict.reject(ReasonCodes.BAD_CAPTION, "no caption or transcript");
    }
    int chars = c.codePointCount(0, c.length());
    int words = c.split(" ").length;
    if (chars < rules.minChars() || words < rules.minWords()) {
      return Verdict.reject(ReasonCodes.BAD_CAPTION, "caption has " + chars + " chars and " + words
          + " words; needs " + rules.minChars() + " and " + rules.minWords());
    }
    if (!rules.languages().isEmpty()) {
      LanguageIdentifier.Result lang = LANGUAGES.identify(c);
      if (!rules.languages().contains(lang.lang()) || lang.score() < rules.languageThreshold()) {
        return Verdict.reject(ReasonCodes.LANGUAGE_NOT_ALLOWED, "caption language " + lang.lang() + " ("
            + num(lang.score()) + ") is not one of " + rules.languages() + " at >= "
            + num(rules.languageThreshold()));
      }
    }
    return null;
  }

  private Verdict duration(double d) {
    Settings s = settings;
    if (s.minDuration() == 0 && s.maxDuration() == 0) {
      return null;
    }
    String allowed = ", allowed " + num(s.minDuration()) + " .. "
        + (s.maxDuration() == 0 ? "any" : num(s.maxDuration())) + " s";
    if (Double.isNaN(d)) {
      return Verdict.reject(ReasonCodes.DURATION_OUT_OF_RANGE, "the object declares no duration" + allowed);
    }
    if (d < s.minDuration() || (s.maxDuration() > 0 && d > s.maxDuration())) {
      return Verdict.reject(ReasonCodes.DURATION_OUT_OF_RANGE, num(d) + " s" + allowed);
    }
    return null;
  }

  private Verdict audio(AvInfo info) {
    Settings s = settings;
    if (!info.hasAudio()) {
      return null;
    }
    if (s.minSampleRate() > 0 && info.sampleRate() < s.minSampleRate()) {
      return Verdict.reject(ReasonCodes.LOW_SAMPLE_RATE, (info.sampleRate() == 0 ? "unknown" : info.sampleRate()
          + " Hz") + " < " + s.minSampleRate() + " Hz");
    }
    if ((s.minChannels() > 0 && info.channels() < s.minChannels())
        || (s.maxChannels() > 0 && info.channels() > s.maxChannels())) {
      return Verdict.reject(ReasonCodes.CHANNELS_OUT_OF_RANGE, info.channels() + " channels, allowed "
          + s.minChannels() + " .. " + (s.maxChannels() == 0 ? "any" : s.maxChannels()));
    }
    return null;
  }

  private Verdict video(AvInfo info) {
    Settings s = settings;
    int w = info.width();
    int h = info.height();
    int shorter = Math.min(w, h);
    int longer = Math.max(w, h);
    if ((s.minSide() > 0 && shorter < s.minSide()) || (s.maxSide() > 0 && longer > s.maxSide())) {
      return Verdict.reject(ReasonCodes.RESOLUTION, w + "x" + h + " (displayed), allowed sides " + s.minSide()
          + " .. " + (s.maxSide() == 0 ? "any" : s.maxSide()));
    }
    if ((s.minAspect() > 0 || s.maxAspect() > 0) && h > 0) {
      double aspect = (double) w / h;
      if (aspect < s.minAspect() || (s.maxAspect() > 0 && aspect > s.maxAspect())) {
        return Verdict.reject(ReasonCodes.ASPECT_RATIO, w + "x" + h + ": width / height " + num(aspect)
            + ", allowed " + num(s.minAspect()) + " .. " + (s.maxAspect() == 0 ? "any" : num(s.maxAspect())));
      }
    }
    if (s.minFps() > 0 || s.maxFps() > 0) {
      double f = info.fps();
      if (Double.isNaN(f) || f < s.minFps() || (s.maxFps() > 0 && f > s.maxFps())) {
        return Verdict.reject(ReasonCodes.FPS_OUT_OF_RANGE, (Double.isNaN(f) ? "unknown" : num(f)) + " fps, allowed "
            + num(s.minFps()) + " .. " + (s.maxFps() == 0 ? "any" : num(s.maxFps())));
      }
    }
    return null;
  }

  private Verdict declared(AvInfo info, long bytes, Declared d) {
    List<String> diff = new ArrayList<>();
    if (d.format() != null && !family(canonicalContainer(d.format())).equals(family(info.container()))) {
      diff.add("format declared " + d.format() + ", is " + info.container());
    }
    if (d.duration() != null) {
      double p = info.duration();
      if (Double.isNaN(p)) {
        diff.add("duration declared " + num(d.duration()) + " s, the object declares none");
      } else if (Math.abs(d.duration() - p) > Math.max(0.05, settings.durationTolerance() * p)) {
        diff.add("duration declared " + num(d.duration()) + " s, is " + num(p) + " s");
      }
    }
    if (d.width() != null && d.width() != info.width()) {
      diff.add("width declared " + d.width() + ", is " + info.width());
    }
    if (d.height() != null && d.height() != info.height()) {
      diff.add("height declared " + d.height() + ", is " + info.height());
    }
    if (d.sampleRate() != null && d.sampleRate() != info.sampleRate()) {
      diff.add("sample rate declared " + d.sampleRate() + ", is " + info.sampleRate());
    }
    if (d.channels() != null && d.channels() != info.channels()) {
      diff.add("channels declared " + d.channels() + ", is " + info.channels());
    }
    if (d.bytes() != null && d.bytes() != bytes) {
      diff.add("bytes declared " + d.bytes() + ", is " + bytes);
    }
    return diff.isEmpty() ? null : Verdict.reject(ReasonCodes.DECLARED_MISMATCH, String.join("; ", diff));
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
  }
}
