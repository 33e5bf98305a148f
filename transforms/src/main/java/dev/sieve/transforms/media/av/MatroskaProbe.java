package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.IOException;

/**
 * Reads a Matroska or WebM object's headers: container {@code webm} when the EBML DocType is {@code webm}, else
 * {@code matroska}.
 *
 * <p>Algorithm. Matroska is EBML: every element is a variable-length id, a variable-length size (all value bits
 * one = unknown size, which live streams use for the Segment and Clusters) and a body. The probe reads the EBML header
 * (DocType), finds the Segment, then walks the Segment's top-level children from its start: SeekHead (positions of Info
 * and Tracks relative to the Segment's data start), Info (TimecodeScale, default 1,000,000 ns, and Duration in
 * timecode units, so seconds = Duration × TimecodeScale / 1e9) and Tracks (per TrackEntry: TrackType 1 video / 2 audio,
 * CodecID, DefaultDuration giving fps = 1e9 / DefaultDuration, PixelWidth/PixelHeight, SamplingFrequency or
 * OutputSamplingFrequency, Channels default 1, BitDepth). The walk stops at the first Cluster or after
 * {@value #MAX_TOP_LEVEL} elements; whatever Info or Tracks it has not met by then it reads at the SeekHead's
 * positions (following one further SeekHead the first one points to). It never walks through Clusters.
 *
 * <p>What it reads: the head the caller holds covers the EBML header, SeekHead, Info and Tracks of ordinary files
 * (muxers put them first). Only files whose Info or Tracks sit after the media data cost a range read or two at the
 * SeekHead's positions; skipping large front elements (attachments) costs one read per element header.
 *
 * <p>Duration: a file without a Duration (a live stream written to a pipe) gets NaN, as ffprobe reports none for
 * those either, except when all its tracks are PCM audio: then, as ffprobe, the bytes after the front elements over
 * the PCM bit rate. (ffprobe also estimates from bit rates its decoders find, e.g. mp3 or theora; the probe does not
 * decode and leaves those NaN.) Codec names follow ffmpeg's CodecID table, matched by prefix; {@code V_MS/VFW/FOURCC}
 * and {@code A_MS/ACM} tracks are named from the BITMAPINFOHEADER or WAVEFORMATEX in their CodecPrivate as AVI does.
 * Opus is reported at 48 kHz whatever the track declares, as ffprobe does. Rotation is always 0: ffmpeg neither
 * writes nor reads a display rotation for Matroska (a {@code rotate} tag stays a plain tag).
 *
 * <p>Corrupt ({@link BadMedia}): a DocType other than matroska or webm (some other EBML format), EBML features
 * ffmpeg refuses (ids longer than 4 or sizes longer than 8 bytes), no Segment, a Segment that declares more bytes than
 * the object holds, an element running past its parent or the object's end, an unknown size on anything but a Segment
 * or Cluster, an invalid id or size, a master element over {@value #MAX_BODY} bytes, and a missing Info or Tracks.
 * A live stream (unknown-size Segment) cut inside its Clusters cannot be told from one that simply ended there, so it
 * passes.
 */
final class MatroskaProbe {
  static final int EBML = 0x1A45DFA3;
  private static final int DOC_TYPE = 0x4282;
  private static final int EBML_READ_VERSION = 0x42F7;
  private static final int EBML_MAX_ID_LENGTH = 0x42F2;
  private static final int EBML_MAX_SIZE_LENGTH = 0x42F3;
  private static final int SEGMENT = 0x18538067;
  private static final int SEEK_HEAD = 0x114D9B74;
  private static final int SEEK = 0x4DBB;
  private static final int SEEK_ID = 0x53AB;
  private static final int SEEK_POSITION = 0x53AC;
  private static final int INFO = 0x1549A966;
  private static final int TIMECODE_SCALE = 0x2AD7B1;
  private static final int DURATION = 0x4489;
  private static final int TRACKS = 0x1654AE6B;
  private static final int TRACK_ENTRY = 0xAE;
  private static final int TRACK_TYPE = 0x83;
  private static final int CODEC_ID = 0x86;
  private static final int CODEC_PRIVATE = 0x63A2;
  private static final int DEFAULT_DURATION = 0x23E383;
  private static final int VIDEO = 0xE0;
  private static final int PIXEL_WIDTH = 0xB0;
  private static final int PIXEL_HEIGHT = 0xBA;
  private static final int AUDIO = 0xE1;
  private static final int SAMPLING_FREQUENCY = 0xB5;
  private static final int OUTPUT_SAMPLING_FREQUENCY = 0x78B5;
  private static final int CHANNELS = 0x9F;
  private static final int BIT_DEPTH = 0x6264;
  private static final int CLUSTER = 0x1F43B675;

  private static final int TRACK_VIDEO = 1;
  private static final int TRACK_AUDIO = 2;
  /** An element size whose value bits are all ones. */
  private static final long UNKNOWN = -1;
  /** Top-level elements walked before the first Cluster; more is not a real file's front. */
  static final int MAX_TOP_LEVEL = 64;
  /** The largest EBML header, SeekHead, Info or Tracks body read. */
  static final int MAX_BODY = 1 << 20;

  /**
   * CodecID prefixes and their ffprobe codec names, matched in this order against the start of the CodecID (as
   * ffmpeg does: {@code A_AAC/MPEG4/LC} is aac). PCM ids are refined by BitDepth.
   */
  private static final String[] CODECS = {
    "V_MPEG4/ISO/AVC", "h264", "V_MPEGH/ISO/HEVC", "hevc", "V_MPEG4/ISO/ASP", "mpeg4", "V_MPEG4/ISO/AP", "mpeg4",
    "V_MPEG4/ISO/SP", "mpeg4", "V_MPEG4/MS/V3", "msmpeg4v3", "V_VP8", "vp8", "V_VP9", "vp9", "V_AV1", "av1",
    "V_THEORA", "theora", "V_MJPEG", "mjpeg", "V_MPEG1", "mpeg1video", "V_MPEG2", "mpeg2video", "V_PRORES", "prores",
    "V_FFV1", "ffv1", "V_DIRAC", "dirac", "V_UNCOMPRESSED", "rawvideo", "V_REAL/RV10", "rv10", "V_REAL/RV20", "rv20",
    "V_REAL/RV30", "rv30", "V_REAL/RV40", "rv40",
    "A_AAC", "aac", "A_AC3", "ac3", "A_EAC3", "eac3", "A_DTS", "dts", "A_FLAC", "flac", "A_ALAC", "alac",
    "A_MPEG/L3", "mp3", "A_MPEG/L2", "mp2", "A_MPEG/L1", "mp1", "A_OPUS", "opus", "A_VORBIS", "vorbis",
    "A_TRUEHD", "truehd", "A_MLP", "mlp", "A_TTA1", "tta", "A_WAVPACK4", "wavpack",
    "A_PCM/INT/LIT", "pcm_s16le", "A_PCM/INT/BIG", "pcm_s16be", "A_PCM/FLOAT/IEEE", "pcm_f32le",
  };

  private final RangeReader reader;
  private long segmentStart;
  private long segmentEnd;
  private long infoAt = -1;
  private long tracksAt = -1;
  private long seekHeadAt = -1;
  private byte[] info;
  private byte[] tracks;
  /** Where the walk of the Segment's front stopped: the first Cluster, or the end of the last element read. */
  private long walked;
  /** The summed bit rate of PCM audio tracks, for a file without a Duration; -1 once another track makes it moot. */
  private long pcmBitRate;

  private MatroskaProbe(RangeReader reader) {
    this.reader = reader;
  }

  /** Whether the head starts with the EBML magic. */
  static boolean sniff(byte[] head) {
    return head != null && head.length >= 4 && Bytes.be32(head, 0) == EBML;
  }

  /** Probes an object whose head starts with the EBML magic. */
  static AvInfo probe(RangeReader r) throws IOException {
    return new MatroskaProbe(r).probe();
  }

  private AvInfo probe() throws IOException {
    Element ebml = header(0, "EBML header");
    BadMedia.check(ebml.id == EBML, "no EBML header");
    String docType = docType(body(ebml, "EBML header"));
    AvInfo.Builder b = AvInfo.builder("webm".equals(docType) ? "webm" : "matroska");

    Element segment = segment(ebml.end());
    segmentStart = segment.start;
    segmentEnd = segment.size == UNKNOWN ? reader.length() : segment.end();
    BadMedia.check(segmentEnd <= reader.length(),
        "the Segment declares %d bytes up to byte %d but the object ends at %d", segment.size, segmentEnd,
        reader.length());

    walkFront();
    if (info == null || tracks == null) {
      if (seekHeadAt >= 0) {
        long at = seekHeadAt;
        seekHeadAt = -1;
        Element more = elementAt(at, SEEK_HEAD, "SeekHead");
        seekHead(body(more, "SeekHead"));
      }
      if (info == null && infoAt >= 0) {
        info = body(elementAt(infoAt, INFO, "Info"), "Info");
      }
      if (tracks == null && tracksAt >= 0) {
        tracks = body(elementAt(tracksAt, TRACKS, "Tracks"), "Tracks");
      }
    }
    BadMedia.check(info != null, "no Info element in the Segment");
    BadMedia.check(tracks != null, "no Tracks element in the Segment");
    tracks(tracks, b);
    double seconds = duration(info);
    if (!Double.isNaN(seconds)) {
      b.duration(seconds);
    } else if (pcmBitRate > 0) {
      // As ffmpeg estimates a live PCM stream's duration: the media bytes over the bit rate.
      b.duration((reader.length() - walked) * 8.0 / pcmBitRate);
    }
    return b.build(reader.length());
  }

  /** The Segment after the EBML header, skipping a few top-level elements (Void) in between. */
  private Element segment(long pos) throws IOException {
    for (int n = 0; n < 8 && pos < reader.length(); n++) {
      Element e = header(pos, "top-level element");
      if (e.id == SEGMENT) {
        return e;
      }
      BadMedia.check(e.size != UNKNOWN && e.end() <= reader.length(),
          "element 0x%X at byte %d before the Segment runs past the end", e.id, pos);
      pos = e.end();
    }
    throw new BadMedia("no Segment after the EBML header");
  }

  /** Walks the Segment's children up to the first Cluster, collecting SeekHead positions, Info and Tracks. */
  private void walkFront() throws IOException {
    long pos = segmentStart;
    for (int n = 0; n < MAX_TOP_LEVEL && pos < segmentEnd && (info == null || tracks == null); n++) {
      Element e = header(pos, "Segment child");
      walked = pos;
      if (e.id == CLUSTER) {
        return;
      }
      BadMedia.check(e.size != UNKNOWN, "%s at byte %d has an unknown size", name(e.id), pos);
      BadMedia.check(e.end() <= segmentEnd, "%s at byte %d runs %d bytes past the end of the Segment (byte %d)",
          name(e.id), pos, e.end() - segmentEnd, segmentEnd);
      if (e.id == SEEK_HEAD) {
        seekHead(body(e, "SeekHead"));
      } else if (e.id == INFO && info == null) {
        info = body(e, "Info");
      } else if (e.id == TRACKS && tracks == null) {
        tracks = body(e, "Tracks");
      }
      pos = e.end();
      walked = pos;
    }
  }

  /** Records the positions of Info, Tracks and a further SeekHead that the SeekHead lists. */
  private void seekHead(byte[] body) {
    for (int p = 0; p < body.length; ) {
      Element seek = child(body, p, "SeekHead");
      if (seek.id == SEEK) {
        int id = 0;
        long position = -1;
        int end = (int) seek.end();
        for (int q = (int) seek.start; q < end; ) {
          Element c = child(body, q, end, "Seek");
          if (c.id == SEEK_ID && c.size <= 4) {
            id = (int) uint(body, c);
          } else if (c.id == SEEK_POSITION) {
            position = uint(body, c);
          }
          q = (int) c.end();
        }
        if (position >= 0 && position < segmentEnd - segmentStart) {
          long at = segmentStart + position;
          if (id == INFO && infoAt < 0) {
            infoAt = at;
          } else if (id == TRACKS && tracksAt < 0) {
            tracksAt = at;
          } else if (id == SEEK_HEAD && seekHeadAt < 0 && at != segmentStart) {
            seekHeadAt = at;
          }
        }
      }
      p = (int) seek.end();
    }
  }

  /** The Info's Duration in seconds; NaN without one. */
  private static double duration(byte[] body) {
    long scale = 1_000_000;
    double duration = Double.NaN;
    for (int p = 0; p < body.length; ) {
      Element c = child(body, p, "Info");
      if (c.id == TIMECODE_SCALE) {
        long s = uint(body, c);
        if (s > 0) {
          scale = s;
        }
      } else if (c.id == DURATION) {
        duration = flt(body, c);
      }
      p = (int) c.end();
    }
    return duration > 0 && !Double.isInfinite(duration) ? duration * scale / 1e9 : Double.NaN;
  }

  private void tracks(byte[] body, AvInfo.Builder b) {
    for (int p = 0; p < body.length; ) {
      Element entry = child(body, p, "Tracks");
      if (entry.id == TRACK_ENTRY) {
        track(body, entry, b);
      }
      p = (int) entry.end();
    }
  }

  /** Reads one TrackEntry and hands it to the builder when it is the first video or first audio track. */
  private void track(byte[] body, Element entry, AvInfo.Builder b) {
    long type = 0;
    String codecId = "";
    Element codecPrivate = null;
    long defaultDuration = 0;
    long width = 0;
    long height = 0;
    double rate = 8000;
    double outputRate = 0;
    long channels = 1;
    long bitDepth = 0;
    int end = (int) entry.end();
    for (int p = (int) entry.start; p < end; ) {
      Element c = child(body, p, end, "TrackEntry");
      int cEnd = (int) c.end();
      switch (c.id) {
        case TRACK_TYPE -> type = uint(body, c);
        case CODEC_ID -> codecId = string(body, c);
        case CODEC_PRIVATE -> codecPrivate = c;
        case DEFAULT_DURATION -> defaultDuration = uint(body, c);
        case VIDEO -> {
          for (int q = (int) c.start; q < cEnd; ) {
            Element v = child(body, q, cEnd, "Video");
            if (v.id == PIXEL_WIDTH) {
              width = uint(body, v);
            } else if (v.id == PIXEL_HEIGHT) {
              height = uint(body, v);
            }
            q = (int) v.end();
          }
        }
        case AUDIO -> {
          for (int q = (int) c.start; q < cEnd; ) {
            Element a = child(body, q, cEnd, "Audio");
            switch (a.id) {
              case SAMPLING_FREQUENCY -> rate = flt(body, a);
              case OUTPUT_SAMPLING_FREQUENCY -> outputRate = flt(body, a);
              case CHANNELS -> channels = uint(body, a);
              case BIT_DEPTH -> bitDepth = uint(body, a);
              default -> { }
            }
            q = (int) a.end();
          }
        }
        default -> { }
      }
      p = cEnd;
    }
    String codec = codec(codecId, bitDepth, body, codecPrivate);
    if (type == TRACK_VIDEO) {
      pcmBitRate = -1;
      if (!b.hasVideo()) {
        b.video(codec, clamp(width), clamp(height));
        if (defaultDuration > 0) {
          b.fps(1e9 / defaultDuration);
        }
      }
    } else if (type == TRACK_AUDIO) {
      // Opus always decodes at 48 kHz, which ffprobe reports whatever rate the track declares.
      double hz = "opus".equals(codec) ? 48000 : outputRate > 0 ? outputRate : rate;
      int sampleRate = hz > 0 && hz < Integer.MAX_VALUE ? (int) hz : 0;
      b.audio(codec, sampleRate, clamp(channels));
      int bits = pcmBits(codec);
      pcmBitRate = bits == 0 || pcmBitRate < 0 ? -1 : pcmBitRate + (long) sampleRate * clamp(channels) * bits;
    }
  }

  /** Bits per sample of a PCM codec name; 0 for anything else. */
  private static int pcmBits(String codec) {
    if (codec == null || !codec.startsWith("pcm_")) {
      return 0;
    }
    return switch (codec) {
      case "pcm_u8", "pcm_alaw", "pcm_mulaw" -> 8;
      case "pcm_s16le", "pcm_s16be" -> 16;
      case "pcm_s24le", "pcm_s24be" -> 24;
      case "pcm_s32le", "pcm_s32be", "pcm_f32le" -> 32;
      case "pcm_f64le", "pcm_s64le" -> 64;
      default -> 0;
    };
  }

  /** The ffprobe codec name for a CodecID; VfW and ACM ids name their codec in the CodecPrivate as AVI does. */
  private static String codec(String codecId, long bitDepth, byte[] body, Element codecPrivate) {
    int at = codecPrivate == null ? 0 : (int) codecPrivate.start;
    int size = codecPrivate == null ? 0 : (int) codecPrivate.size;
    if (codecId.equals("V_MS/VFW/FOURCC")) {
      return size >= 20 ? AviProbe.videoCodec(Bytes.le32(body, at + 16)) : null;
    }
    if (codecId.equals("A_MS/ACM")) {
      return AviProbe.audioCodec(body, at, size);
    }
    for (int i = 0; i < CODECS.length; i += 2) {
      if (codecId.startsWith(CODECS[i])) {
        return pcm(CODECS[i + 1], bitDepth);
      }
    }
    return null;
  }

  /** Refines a PCM codec by its BitDepth, as ffmpeg does; other codecs pass through. */
  private static String pcm(String codec, long bitDepth) {
    return switch (codec) {
      case "pcm_s16le" -> bitDepth == 8 ? "pcm_u8" : bitDepth == 24 ? "pcm_s24le"
          : bitDepth == 32 ? "pcm_s32le" : codec;
      case "pcm_s16be" -> bitDepth == 8 ? "pcm_u8" : bitDepth == 24 ? "pcm_s24be"
          : bitDepth == 32 ? "pcm_s32be" : codec;
      case "pcm_f32le" -> bitDepth == 64 ? "pcm_f64le" : codec;
      default -> codec;
    };
  }

  private static String docType(byte[] body) {
    String docType = "matroska";
    for (int p = 0; p < body.length; ) {
      Element c = child(body, p, "EBML header");
      switch (c.id) {
        case DOC_TYPE -> docType = string(body, c);
        case EBML_READ_VERSION -> BadMedia.check(uint(body, c) <= 1, "EBML read version %d", uint(body, c));
        case EBML_MAX_ID_LENGTH -> BadMedia.check(uint(body, c) <= 4, "EBML ids of %d bytes", uint(body, c));
        case EBML_MAX_SIZE_LENGTH -> BadMedia.check(uint(body, c) <= 8, "EBML sizes of %d bytes", uint(body, c));
        default -> { }
      }
      p = (int) c.end();
    }
    BadMedia.check(docType.equals("matroska") || docType.equals("webm"),
        "EBML DocType '%s' is neither matroska nor webm", Bytes.printable(docType));
    return docType;
  }

  /** A top-level element's name, for details. */
  private static String name(int id) {
    return switch (id) {
      case SEEK_HEAD -> "SeekHead";
      case INFO -> "Info";
      case TRACKS -> "Tracks";
      case 0x1C53BB6B -> "Cues";
      case 0x1254C367 -> "Tags";
      case 0x1043A770 -> "Chapters";
      case 0x1941A469 -> "Attachments";
      case 0xEC -> "Void";
      default -> String.format(java.util.Locale.ROOT, "element 0x%X", id);
    };
  }

  // ---- element access -------------------------------------------------------------------------------------------

  /** An element: its id, where its body starts and its size ({@link #UNKNOWN} when unknown). */
  private record Element(int id, long start, long size) {
    long end() {
      return start + size;
    }
  }

  /** The element header at an absolute position. */
  private Element header(long pos, String what) throws IOException {
    byte[] h = reader.bytes(pos, 12);
    BadMedia.check(h.length >= 2, "%s at byte %d is cut off: the object ends at %d", what, pos, reader.length());
    return parse(h, 0, h.length, pos, what);
  }

  /** The element at an absolute position a SeekHead gave, which must be an {@code id} element. */
  private Element elementAt(long pos, int id, String what) throws IOException {
    Element e = header(pos, what);
    BadMedia.check(e.id == id, "the SeekHead points %s at byte %d, which holds element 0x%X", what, pos, e.id);
    BadMedia.check(e.size != UNKNOWN && e.end() <= segmentEnd, "%s at byte %d runs past the end of the Segment",
        what, pos);
    return e;
  }

  /** An element's whole body, read at most {@link #MAX_BODY} bytes. */
  private byte[] body(Element e, String what) throws IOException {
    BadMedia.check(e.size != UNKNOWN, "%s has an unknown size", what);
    BadMedia.check(e.size <= MAX_BODY, "%s declares %d bytes (more than %d)", what, e.size, MAX_BODY);
    return reader.exactly(e.start, (int) e.size, what);
  }

  /** A child element at {@code at} within a body that ends at its length. */
  private static Element child(byte[] body, int at, String parent) {
    return child(body, at, body.length, parent);
  }

  /** A child element at {@code at} that must end by {@code limit} (its parent's end). */
  private static Element child(byte[] body, int at, int limit, String parent) {
    Element c = parse(body, at, limit, 0, parent + " child");
    BadMedia.check(c.size != UNKNOWN && c.end() <= limit, "element 0x%X in %s runs past its parent", c.id, parent);
    return c;
  }

  /**
   * Parses an element header at {@code b[at]} (which must end by {@code limit}); {@code base} is the absolute
   * position of {@code b[0]}, so the result's start is absolute when base is.
   */
  private static Element parse(byte[] b, int at, int limit, long base, String what) {
    int idLength = vintLength(b, at, limit, what, base);
    BadMedia.check(idLength <= 4, "invalid element id at byte %d in %s", base + at, what);
    int id = 0;
    for (int i = 0; i < idLength; i++) {
      id = (id << 8) | Bytes.u8(b, at + i);
    }
    int s = at + idLength;
    int sizeLength = vintLength(b, s, limit, what, base);
    long size = Bytes.u8(b, s) & (0xFF >> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      size = (size << 8) | Bytes.u8(b, s + i);
    }
    if (size == (1L << (7 * sizeLength)) - 1) {
      size = UNKNOWN;
    }
    return new Element(id, base + s + sizeLength, size);
  }

  /** The length (1..8) of the variable-length integer at {@code b[at]}, checked against {@code limit}. */
  private static int vintLength(byte[] b, int at, int limit, String what, long base) {
    BadMedia.check(at < limit, "%s at byte %d is cut off", what, base + at);
    int first = Bytes.u8(b, at);
    BadMedia.check(first != 0, "invalid variable-length integer at byte %d in %s", base + at, what);
    int length = Integer.numberOfLeadingZeros(first) - 23;
    BadMedia.check(at + length <= limit, "%s at byte %d is cut off", what, base + at);
    return length;
  }

  private static long uint(byte[] b, Element e) {
    BadMedia.check(e.size <= 8, "integer element 0x%X of %d bytes", e.id, e.size);
    long v = 0;
    for (int i = 0; i < e.size; i++) {
      v = (v << 8) | Bytes.u8(b, (int) e.start + i);
    }
    return v;
  }

  private static double flt(byte[] b, Element e) {
    int at = (int) e.start;
    if (e.size == 4) {
      return Float.intBitsToFloat(Bytes.be32(b, at));
    }
    if (e.size == 8) {
      return Double.longBitsToDouble(Bytes.be64(b, at));
    }
    BadMedia.check(e.size == 0, "float element 0x%X of %d bytes", e.id, e.size);
    return 0;
  }

  /** A string element up to its first NUL (EBML pads strings with them). */
  private static String string(byte[] b, Element e) {
    int at = (int) e.start;
    int n = 0;
    while (n < e.size && b[at + n] != 0) {
      n++;
    }
    return Bytes.ascii(b, at, n);
  }

  private static int clamp(long v) {
    return (int) Math.min(v, Integer.MAX_VALUE);
  }
}
