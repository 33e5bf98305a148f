package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads an MPEG audio elementary stream (MP3, and MPEG-1/2/2.5 Layer I and II, which ffprobe also calls container
 * {@code mp3}) without decoding it.
 *
 * <p>Algorithm: skip any ID3v2 tags in front (10-byte header, syncsafe size, plus 10 for a footer; several may follow
 * each other); if {@code fLaC} follows them the object is a tagged FLAC and goes to {@link FlacProbe}. Then find the
 * first frame: scan up to {@value #SCAN} bytes for a valid frame header (sync, version, layer, bit rate index 1..14,
 * sample rate index 0..2) whose computed frame length leads to a second header with the same version, layer, sample
 * rate and mode ({@link #SAME_STREAM}), or to the end of the object, an ID3v1 {@code TAG} or an {@code APETAGEX}
 * footer (a one-frame file). That frame gives codec ({@code mp1}, {@code mp2}, {@code mp3}), sample rate and channels.
 * Its body may hold a Xing/Info tag (at 9, 17 or 32 bytes after the header) or a VBRI tag (32 bytes after it) with
 * the frame count and stream bytes. (ffmpeg looks for these tags only right after the ID3v2 tags, not after junk
 * bytes; this probe looks in the first confirmed frame wherever it is.) The duration is then as ffprobe reports it:
 *
 * <ul>
 *   <li>frame count known: frames × samples per frame / sample rate (the LAME encoder delay and padding are not
 *       subtracted: ffprobe reports them as a start time instead). Like ffmpeg, the count is ignored when the object
 *       is more than 1/16 larger than the tag's byte count (a concatenated file);
 *   <li>otherwise: (object length − offset of the first audio frame) × 8 / bit rate, the bit rate being the mean over
 *       the first {@value #RATE_FRAMES} frames, as ffprobe's parser averages them (for CBR: the bit rate). An ID3v1 or
 *       APE tag at the end is not subtracted, as ffprobe does not.
 * </ul>
 *
 * <p>What it reads: the ID3v2 headers (a 16 KiB range read past a tag larger than the caller's head), then a window of
 * {@value #FIRST_WINDOW} bytes at the first frame, widened to {@value #SCAN} bytes only when no frame is found in it;
 * the bit rate average uses only frames in the head or that window. Never the object's end.
 *
 * <p>Corrupt: an ID3v2 tag larger than the object; no frame header in the scanned window; a first frame that runs past
 * the end of the object; a Xing/Info/VBRI byte count larger than what follows the first frame's start (a truncated
 * file).
 */
final class Mp3Probe {
  /** How far past the tags the first frame is searched, as ffmpeg's resync does. */
  static final int SCAN = 64 * 1024;
  /** The first, cheap window: most files have their first frame right after the tags. */
  static final int FIRST_WINDOW = 8 * 1024;
  /** Frames whose bit rates are averaged for the duration of a file without a frame count. */
  static final int RATE_FRAMES = 53;
  /**
   * Header bits that must agree between consecutive frames: sync, version, layer, sample rate (plus mono or not). Looser
   * than ffmpeg's resync mask, which also compares the flags, because a Xing/Info frame often differs from the audio
   * frames in its "original" bit.
   */
  static final int SAME_STREAM = 0xFFFE0C00;
  private static final int MAX_FRAME = 2881;
  private static final int MAX_TAGS = 16;

  private static final int[][] KBPS = {
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 Layer I
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 Layer II
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 Layer III
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 Layer I
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 Layer II and III
  };
  private static final int[] RATES = {44100, 48000, 32000};

  private Mp3Probe() {}

  /**
   * Whether {@code head} starts like an MPEG audio stream: either ID3v2 tags followed by a confirmed frame (or running
   * past the head, so the probe decides), or a frame at offset 0 followed by a second matching frame header. A
   * tagged FLAC is not accepted.
   */
  static boolean sniff(byte[] head) {
    long end = id3v2End(head);
    if (end == 0) {
      return confirmed(head, 0);
    }
    if (end + 4 > head.length) {
      return true;
    }
    int pos = (int) end;
    if (Bytes.ascii(head, pos, 4).equals("fLaC")) {
      return false;
    }
    while (pos < head.length - 4 && head[pos] == 0) {
      pos++;
    }
    int len = frameLength(Bytes.be32(head, pos));
    return len > 0 && (pos + len + 4 > head.length || confirmed(head, pos));
  }

  static AvInfo probe(RangeReader r) throws IOException {
    long start = tagsEnd(r, 0);
    if (start + 4 <= r.length() && Bytes.ascii(r.bytes(start, 4), 0, 4).equals("fLaC")) {
      return FlacProbe.probe(r);
    }
    byte[] window = r.bytes(start, FIRST_WINDOW);
    int at = firstFrame(r, window, start);
    if (at < 0 && window.length == FIRST_WINDOW) {
      window = r.bytes(start, SCAN + MAX_FRAME);
      at = firstFrame(r, window, start);
    }
    BadMedia.check(at >= 0, "no MPEG audio frame in the %d bytes after byte %d", Math.min(window.length, SCAN), start);
    long pos = start + at;
    int header = Bytes.be32(window, at);
    int len = frameLength(header);
    BadMedia.check(pos + len <= r.length(), "the first MPEG audio frame at byte %d needs %d bytes, the object ends at %d",
        pos, len, r.length());

    int layer = 4 - ((header >> 17) & 3);
    int rate = sampleRate(header);
    int samplesPerFrame = samplesPerFrame(header);
    AvInfo.Builder b = AvInfo.builder("mp3").audio("mp" + layer, rate, mono(header) ? 1 : 2);

    long[] tag = layer == 3 ? vbrTag(r.exactly(pos, len, "MPEG audio frame"), header) : new long[2];
    long frames = tag[0];
    long bytes = tag[1];
    if (frames > 0 || bytes > 0) {
      BadMedia.check(bytes <= r.length() - pos, "the MPEG audio header declares %d bytes of frames, the object has %d",
          bytes, r.length() - pos);
      long rest = r.length() - pos - 4;
      if (bytes > 0 && rest > bytes && rest - bytes > bytes >> 4) {
        frames = 0; // a concatenated file, as ffmpeg judges it: the count covers only the first part
      }
      if (frames > 0) {
        return b.duration((double) frames * samplesPerFrame / rate).build(r.length());
      }
      pos += len; // ffmpeg skips the tag frame; the bit rate comes from the audio frames after it
    }
    long bitrate = meanBitrate(r, pos);
    if (bitrate > 0) {
      b.duration((r.length() - pos) * 8.0 / bitrate);
    }
    return b.build(r.length());
  }

  /**
   * The offset just past the ID3v2 tags starting at {@code pos} (ffmpeg skips consecutive tags); {@code pos} itself
   * when there is no tag there.
   */
  static long tagsEnd(RangeReader r, long pos) throws IOException {
    for (int i = 0; i < MAX_TAGS && pos < r.length(); i++) {
      long size = id3v2End(r.bytes(pos, 10));
      if (size == 0) {
        break;
      }
      BadMedia.check(pos + size <= r.length(), "the ID3v2 tag at byte %d declares %d bytes, the object ends at %d", pos,
          size, r.length());
      pos += size;
    }
    return pos;
  }

  /**
   * Where the ID3v2 tags at the start of {@code b} end (possibly past the end of {@code b}); 0 when {@code b} does not
   * start with a valid tag header ({@code ID3}, version and revision not 0xFF, a syncsafe size).
   */
  static long id3v2End(byte[] b) {
    long end = 0;
    for (int i = 0; i < MAX_TAGS && end + 10 <= b.length; i++) {
      int p = (int) end;
      boolean tag = b[p] == 'I' && b[p + 1] == 'D' && b[p + 2] == '3' && Bytes.u8(b, p + 3) != 0xFF
          && Bytes.u8(b, p + 4) != 0xFF && ((b[p + 6] | b[p + 7] | b[p + 8] | b[p + 9]) & 0x80) == 0;
      if (!tag) {
        break;
      }
      long size = (b[p + 6] << 21) | (b[p + 7] << 14) | (b[p + 8] << 7) | b[p + 9];
      end += 10 + size + ((b[p + 5] & 0x10) != 0 ? 10 : 0);
    }
    return end;
  }

  /** The frame length in bytes of the MPEG audio frame header {@code h}, or -1 when {@code h} is no valid header. */
  static int frameLength(int h) {
    int version = (h >> 19) & 3;
    int layer = (h >> 17) & 3;
    int rateIndex = (h >> 12) & 15;
    if ((h & 0xFFE00000) != 0xFFE00000 || version == 1 || layer == 0 || rateIndex == 0 || rateIndex == 15
        || ((h >> 10) & 3) == 3) {
      return -1;
    }
    int kbps = KBPS[version == 3 ? 3 - layer : (layer == 3 ? 3 : 4)][rateIndex];
    int rate = sampleRate(h);
    int pad = (h >> 9) & 1;
    if (layer == 3) {
      return (12 * kbps * 1000 / rate + pad) * 4;
    }
    return (layer == 1 && version != 3 ? 72 : 144) * kbps * 1000 / rate + pad;
  }

  private static int sampleRate(int h) {
    int version = (h >> 19) & 3;
    return RATES[(h >> 10) & 3] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
  }

  private static int samplesPerFrame(int h) {
    int layer = (h >> 17) & 3;
    return layer == 3 ? 384 : layer == 2 || ((h >> 19) & 3) == 3 ? 1152 : 576;
  }

  private static int bitrate(int h) {
    int version = (h >> 19) & 3;
    int layer = (h >> 17) & 3;
    return KBPS[version == 3 ? 3 - layer : (layer == 3 ? 3 : 4)][(h >> 12) & 15] * 1000;
  }

  /** Whether a frame at {@code pos} in {@code b} is followed by a matching frame header, both inside {@code b}. */
  private static boolean confirmed(byte[] b, int pos) {
    if (pos + 4 > b.length) {
      return false;
    }
    int h = Bytes.be32(b, pos);
    int len = frameLength(h);
    return len > 0 && pos + len + 4 <= b.length && sameStream(h, Bytes.be32(b, pos + len));
  }

  private static boolean sameStream(int h, int next) {
    return frameLength(next) > 0 && (h & SAME_STREAM) == (next & SAME_STREAM) && mono(h) == mono(next);
  }

  private static boolean mono(int h) {
    return ((h >> 6) & 3) == 3;
  }

  /**
   * The index in {@code window} (which starts at {@code base}) of the first frame header confirmed by what follows its
   * frame: a matching header, the end of the object, or an end tag. A header whose frame runs past the end counts too
   * (the caller reports the cut). -1 when there is none.
   */
  private static int firstFrame(RangeReader r, byte[] window, long base) throws IOException {
    int limit = Math.min(window.length - 4, SCAN);
    for (int i = 0; i <= limit; i++) {
      int len = window[i] == (byte) 0xFF ? frameLength(Bytes.be32(window, i)) : -1;
      if (len < 0) {
        continue;
      }
      long next = base + i + len;
      if (next >= r.length()) {
        return i;
      }
      byte[] follow = i + len + 8 <= window.length ? Arrays.copyOfRange(window, i + len, i + len + 8)
          : r.bytes(next, 8);
      if (follow.length >= 4 && sameStream(Bytes.be32(window, i), Bytes.be32(follow, 0))
          || follow.length >= 3 && Bytes.ascii(follow, 0, 3).equals("TAG") && next + 128 == r.length()
          || follow.length == 8 && Bytes.ascii(follow, 0, 8).equals("APETAGEX")) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The mean bit rate of the consecutive frames from {@code pos} on, over at most {@value #RATE_FRAMES} frames and
   * only what the head (or the block already read) holds; 0 when there is no frame.
   */
  private static long meanBitrate(RangeReader r, long pos) throws IOException {
    long inHead = r.headLength() - pos;
    int want = (int) Math.min(RATE_FRAMES * (long) MAX_FRAME / 2, Math.max(inHead, FIRST_WINDOW));
    byte[] b = r.bytes(pos, want);
    long sum = 0;
    int n = 0;
    int first = 0;
    for (int p = 0; n < RATE_FRAMES && p + 4 <= b.length; n++) {
      int h = Bytes.be32(b, p);
      int len = frameLength(h);
      if (len < 0 || n > 0 && !sameStream(first, h)) {
        break;
      }
      first = n == 0 ? h : first;
      sum += bitrate(h);
      p += len;
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * The frame count and byte count of a Layer III frame's Xing/Info tag or VBRI tag (VBRI wins, as in ffmpeg); zeros
   * for what the frame does not declare.
   */
  private static long[] vbrTag(byte[] frame, int header) {
    long frames = 0;
    long bytes = 0;
    boolean mpeg1 = ((header >> 19) & 3) == 3;
    int xing = 4 + (mpeg1 ? (mono(header) ? 17 : 32) : (mono(header) ? 9 : 17));
    String id = xing + 8 <= frame.length ? Bytes.ascii(frame, xing, 4) : "";
    if (id.equals("Xing") || id.equals("Info")) {
      int flags = Bytes.be32(frame, xing + 4);
      int field = xing + 8;
      if ((flags & 1) != 0 && field + 4 <= frame.length) {
        frames = Bytes.be32u(frame, field);
        field += 4;
      }
      if ((flags & 2) != 0 && field + 4 <= frame.length) {
        bytes = Bytes.be32u(frame, field);
      }
    }
    if (frame.length >= 54 && Bytes.ascii(frame, 36, 4).equals("VBRI") && Bytes.be16(frame, 40) == 1) {
      bytes = Bytes.be32u(frame, 46);
      frames = Bytes.be32u(frame, 50);
    }
    return new long[] {frames, bytes};
  }
}
