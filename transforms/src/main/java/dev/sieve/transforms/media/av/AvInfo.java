package dev.sieve.transforms.media.av;

import java.io.Serializable;

/**
 * What an audio or video probe read from an object's headers: the container, the first video stream and the first
 * audio stream. Values nobody declared are 0 (numbers), {@code NaN} (duration, fps) or null (codecs). Codec names
 * follow ffprobe's {@code codec_name} ({@code h264}, {@code hevc}, {@code vp9}, {@code av1}, {@code aac},
 * {@code mp3}, {@code opus}, {@code vorbis}, {@code flac}, {@code pcm_s16le}, ...) so a manifest's allowed codecs
 * read the same as what users see in ffprobe.
 *
 * @param container the container format: wav, aiff, flac, mp3, ogg, mp4, mov, m4a, matroska, webm, avi
 * @param duration seconds, as ffprobe's format duration; NaN when the object does not say
 * @param videoCodec the first video stream's codec; null when there is no video stream
 * @param width the first video stream's displayed width in pixels (after rotation); 0 without video
 * @param height the first video stream's displayed height in pixels (after rotation); 0 without video
 * @param fps the first video stream's frame rate; NaN when unknown or without video
 * @param rotation clockwise display rotation of the video in degrees (0, 90, 180, 270)
 * @param audioCodec the first audio stream's codec; null when there is no audio stream
 * @param sampleRate the first audio stream's sample rate in Hz; 0 when unknown or without audio
 * @param channels the first audio stream's channel count; 0 when unknown or without audio
 * @param bitrate the overall bit rate in bits per second (declared, or bytes × 8 / duration); 0 when unknown
 */
public record AvInfo(String container, double duration, String videoCodec, int width, int height, double fps,
    int rotation, String audioCodec, int sampleRate, int channels, long bitrate) implements Serializable {

  /** Whether the object has a video stream. */
  public boolean hasVideo() {
    return videoCodec != null;
  }

  /** Whether the object has an audio stream. */
  public boolean hasAudio() {
    return audioCodec != null;
  }

  /** A builder starting from the container name, everything else unknown. */
  public static Builder builder(String container) {
    return new Builder(container);
  }

  /** Collects what a parser finds; the first video and the first audio stream win. Not thread-safe. */
  public static final class Builder {
    private String container;
    private double duration = Double.NaN;
    private String videoCodec;
    private int width;
    private int height;
    private double fps = Double.NaN;
    private int rotation;
    private String audioCodec;
    private int sampleRate;
    private int channels;
    private long bitrate;

    private Builder(String container) {
      this.container = container;
    }

    public Builder container(String c) {
      this.container = c;
      return this;
    }

    public Builder duration(double seconds) {
      this.duration = seconds;
      return this;
    }

    public double duration() {
      return duration;
    }

    /** Sets the video stream unless one is set already; width and height as coded (before rotation). */
    public Builder video(String codec, int codedWidth, int codedHeight) {
      if (videoCodec == null) {
        videoCodec = codec == null ? "unknown" : codec;
        width = codedWidth;
        height = codedHeight;
      }
      return this;
    }

    public boolean hasVideo() {
      return videoCodec != null;
    }

    public Builder fps(double f) {
      this.fps = f;
      return this;
    }

    /** Clockwise degrees, normalized to 0, 90, 180 or 270. */
    public Builder rotation(int degrees) {
      this.rotation = Math.floorMod(Math.round(degrees / 90f) * 90, 360);
      return this;
    }

    /** Sets the audio stream unless one is set already. */
    public Builder audio(String codec, int rate, int channelCount) {
      if (audioCodec == null) {
        audioCodec = codec == null ? "unknown" : codec;
        sampleRate = rate;
        channels = channelCount;
      }
      return this;
    }

    public boolean hasAudio() {
      return audioCodec != null;
    }

    public Builder bitrate(long bitsPerSecond) {
      this.bitrate = bitsPerSecond;
      return this;
    }

    /**
     * The info; a rotation of 90 or 270 swaps width and height. A missing bit rate is derived from {@code bytes} and
     * a positive duration.
     */
    public AvInfo build(long bytes) {
      boolean quarter = rotation == 90 || rotation == 270;
      long rate = bitrate;
      if (rate <= 0 && duration > 0 && !Double.isNaN(duration)) {
        rate = Math.round(bytes * 8 / duration);
      }
      return new AvInfo(container, duration, videoCodec, quarter ? height : width, quarter ? width : height, fps,
          rotation, audioCodec, sampleRate, channels, rate);
    }
  }
}
