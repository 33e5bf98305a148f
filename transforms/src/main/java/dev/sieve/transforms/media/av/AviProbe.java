package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an AVI object's headers (container {@code avi}).
 *
 * <p>Algorithm. An AVI is a RIFF form {@code RIFF size "AVI "} whose chunks are, in order, {@code LIST hdrl} (the
 * headers), optional {@code LIST INFO} and {@code JUNK}, {@code LIST movi} (the media) and {@code idx1}; OpenDML files
 * over 1 GiB continue in further {@code RIFF AVIX} forms. The probe walks the first form's chunks up to {@code movi}
 * ({@value #MAX_CHUNKS} at most) and parses {@code hdrl}: {@code avih} (dwMicroSecPerFrame), then per stream a
 * {@code LIST strl} with {@code strh} (fccType vids/auds, dwScale, dwRate, dwLength, dwSampleSize) and {@code strf}
 * (a BITMAPINFOHEADER for video: biWidth, |biHeight|, biCompression; a WAVEFORMATEX for audio: wFormatTag, nChannels,
 * nSamplesPerSec, nAvgBytesPerSec, wBitsPerSample, and the sub-format of WAVE_FORMAT_EXTENSIBLE). fps is the first
 * video stream's dwRate / dwScale.
 *
 * <p>Duration follows ffmpeg's demuxer: every stream with dwSampleSize 0 (video always; VBR audio such as mp3) lasts
 * dwLength × dwScale / dwRate and the longest one is the duration; when there is none (constant-rate audio only:
 * PCM, ADPCM, ...) the duration is the movi data (object length minus movi's start) over the sum of the streams'
 * nAvgBytesPerSec. A stream written to a pipe declares no RIFF size (0 or 0xFFFFFFFF) and placeholder dwLengths;
 * its duration is then only the byte-rate estimate for audio-only files, otherwise NaN (ffprobe reports a
 * meaningless duration scaled from the placeholder there).
 *
 * <p>What it reads: the RIFF header, hdrl and the movi header, all within the head the caller holds for files from
 * common muxers; plus, for objects larger than their first RIFF form (OpenDML), the header of each following form up to
 * {@value #MAX_FORMS} of them, to notice truncation.
 *
 * <p>Corrupt ({@link BadMedia}): a RIFF (or AVIX) size past the object's end, a chunk running past its RIFF form or
 * list, a movi list running past the object's end, no hdrl before movi, no movi, and an hdrl over
 * {@value #MAX_HEADER} bytes.
 */
final class AviProbe {
  /** Chunks walked in the first RIFF form before movi. */
  static final int MAX_CHUNKS = 64;
  /** Further RIFF (AVIX) forms whose headers are checked. */
  static final int MAX_FORMS = 16;
  /** The largest hdrl list read. */
  static final int MAX_HEADER = 1 << 20;
  private static final long UNSIZED = 0xFFFFFFFFL;

  /** ffprobe codec names by upper-cased BITMAPINFOHEADER fourcc (ffmpeg matches fourccs ignoring case). */
  private static final Map<String, String> VIDEO = new HashMap<>();
  /** ffprobe codec names by WAVEFORMATEX format tag; PCM tags are refined by bit depth. */
  private static final Map<Integer, String> AUDIO = new HashMap<>();

  static {
    video("h264", "H264 X264 AVC1 DAVC SMV2 VSSH Q264 V264 GAVC UMSV TSHD");
    video("hevc", "HEVC H265 X265 HVC1 HEV1");
    video("mpeg4", "FMP4 DIVX DX50 XVID MP4S M4S2 DIV1 BLZ0 MP4V UMP4 WV1F SEDG RMP4 3IV2 WAWV FFDS FVFW DCOD MVXM"
        + " PM4V SMP4 DXGM VIDM M4T3 GEOX HDX4 DMK2 DIGI INMC EPHV EM4A M4CC SN40 VSPX ULDX GEOV SIPP XVIX DREX");
    video("msmpeg4v3", "MP43 DIV3 MPG3 DIV4 DIV5 DIV6 DVX3 AP41 COL1 COL0");
    video("msmpeg4v2", "MP42 DIV2");
    video("msmpeg4v1", "MPG4 MP41");
    video("mjpeg", "MJPG LJPG DMB1 MJPA JPGL JPEG IJPG AVRN ACDV QIVG SLMJ CJPG IJLV MVJP AVI1 AVI2 MTSJ ZJPG MMJP");
    video("rawvideo", "RAW DIB I420 IYUV YV12 YV16 YV24 YUY2 YUYV Y422 V422 YUNV UYNV UYNY UYVY VYUY UYV1 2VU1 2VUY"
        + " YUVS YUV2 P422 Y800 Y8 HDYC YVU9 YUV9 Y411 Y41B Y42B NV12 NV21 AUV2 BGRA RGBA");
    video("mpeg1video", "MPG1 PIM1 VCR2");
    video("mpeg2video", "MPG2 MPEG PIM2 DVR MMES LMP2 SLIF EM2V M701 MPGV");
    video("dvvideo", "DVSD DVHD DVH1 DVSL DV25 DV50 CDVC CDVH CDV5 DVC DVCS");
    video("h263", "H263 X263 T263 L263 VX1K ZYGO M263");
    video("h263p", "U263 VIV1");
    video("h263i", "I263");
    video("h261", "H261");
    video("wmv1", "WMV1");
    video("wmv2", "WMV2");
    video("wmv3", "WMV3");
    video("vc1", "WVC1 WMVA");
    video("vp8", "VP80");
    video("vp9", "VP90");
    video("av1", "AV01");
    video("theora", "THEO");
    video("huffyuv", "HFYU");
    video("ffvhuff", "FFVH");
    video("ffv1", "FFV1");
    video("cinepak", "CVID");
    video("msvideo1", "MSVC CRAM WHAM");
    video("msrle", "MRLE");
    video("indeo3", "IV31 IV32");
    video("indeo4", "IV41");
    video("indeo5", "IV50");
    video("vp6", "VP60 VP61 VP62");
    video("vp6f", "VP6F FLV4");
    video("flv1", "FLV1");
    video("tscc", "TSCC");
    video("png", "MPNG PNG1");
    video("jpeg2000", "MJ2C LJ2C LJ2K MJP2");
    video("utvideo", "ULRA ULRG ULY0 ULY2 ULY4 ULH0 ULH2 ULH4");
    video("magicyuv", "MAGY M8RG M8RA M8G0 M8Y0 M8Y2 M8Y4 M8YA");
    video("dnxhd", "AVDN");
    video("cfhd", "CFHD");
    video("zmbv", "ZMBV");
    video("lagarith", "LAGS");
    video("fraps", "FPS1");
    video("snow", "SNOW");

    audio("adpcm_ms", 0x0002);
    audio("pcm_alaw", 0x0006);
    audio("pcm_mulaw", 0x0007);
    audio("wmavoice", 0x000A);
    audio("adpcm_ima_wav", 0x0011, 0x0069);
    audio("adpcm_ima_oki", 0x0017);
    audio("adpcm_yamaha", 0x0020);
    audio("truespeech", 0x0022);
    audio("gsm_ms", 0x0031, 0x0032);
    audio("amr_nb", 0x0038, 0x0057);
    audio("amr_wb", 0x0058);
    audio("g723_1", 0x0042, 0x0111);
    audio("adpcm_g726", 0x0045, 0x0064);
    audio("mp2", 0x0050);
    audio("mp3", 0x0055);
    audio("adpcm_ima_dk4", 0x0061);
    audio("adpcm_ima_dk3", 0x0062);
    audio("g729", 0x0083);
    audio("aac", 0x00FF, 0x1610, 0x4143, 0xA106, 0x706D);
    audio("aac_latm", 0x1602);
    audio("sipr", 0x0130);
    audio("wmav1", 0x0160);
    audio("wmav2", 0x0161);
    audio("wmapro", 0x0162);
    audio("wmalossless", 0x0163);
    audio("adpcm_ct", 0x0200);
    audio("atrac3", 0x0270);
    audio("adpcm_g722", 0x028F);
    audio("ac3", 0x2000);
    audio("dts", 0x2001);
    audio("speex", 0xA109);
    audio("flac", 0xF1AC);
  }

  private static void video(String codec, String fourccs) {
    for (String f : fourccs.split(" ")) {
      VIDEO.put(f, codec);
    }
  }

  private static void audio(String codec, int... tags) {
    for (int t : tags) {
      AUDIO.put(t, codec);
    }
  }

  private final RangeReader reader;
  private final AvInfo.Builder builder = AvInfo.builder("avi");
  private long microSecPerFrame;
  private int avihWidth;
  private int avihHeight;
  private Stream stream;
  /** The longest dwLength-based stream duration; -1 while there is none. */
  private double longest = -1;
  /** Sum of the audio streams' nAvgBytesPerSec × 8. */
  private long bitRate;

  private AviProbe(RangeReader reader) {
    this.reader = reader;
  }

  /** Whether the head starts with {@code RIFF....AVI }. */
  static boolean sniff(byte[] head) {
    return head != null && head.length >= 12 && Bytes.ascii(head, 0, 4).equals("RIFF")
        && Bytes.ascii(head, 8, 4).equals("AVI ");
  }

  /** Probes an object whose head starts with {@code RIFF....AVI }. */
  static AvInfo probe(RangeReader r) throws IOException {
    return new AviProbe(r).probe();
  }

  private AvInfo probe() throws IOException {
    long length = reader.length();
    byte[] h = reader.exactly(0, 12, "RIFF header");
    long riffSize = Bytes.le32u(h, 4);
    boolean unsized = riffSize == 0 || riffSize == UNSIZED;
    long riffEnd = unsized ? length : 8 + riffSize;
    BadMedia.check(riffEnd <= length, "RIFF declares %d bytes up to byte %d but the object ends at %d", riffSize,
        riffEnd, length);

    boolean headers = false;
    long movi = -1;
    long pos = 12;
    for (int n = 0; n < MAX_CHUNKS && movi < 0 && pos + 8 <= riffEnd; n++) {
      byte[] c = reader.exactly(pos, 12, "chunk header");
      String id = Bytes.ascii(c, 0, 4);
      long size = Bytes.le32u(c, 4);
      String list = id.equals("LIST") ? Bytes.ascii(c, 8, 4) : "";
      if (list.equals("movi")) {
        movi = pos + 12;
        BadMedia.check(size == 0 || size == UNSIZED || pos + 8 + size <= length,
            "LIST movi at byte %d declares %d bytes but the object ends at %d", pos, size, length);
        break;
      }
      BadMedia.check(pos + 8 + size <= riffEnd, "chunk %s at byte %d runs %d bytes past the end of the RIFF form",
          Bytes.printable(id), pos, pos + 8 + size - riffEnd);
      if (list.equals("hdrl") && !headers) {
        BadMedia.check(size <= MAX_HEADER, "LIST hdrl declares %d bytes (more than %d)", size, MAX_HEADER);
        byte[] body = reader.exactly(pos + 8, (int) size, "LIST hdrl");
        chunks(body, 4, body.length, 0);
        headers = true;
      }
      pos += 8 + size + (size & 1);
    }
    BadMedia.check(headers, "no LIST hdrl before the media data");
    BadMedia.check(movi >= 0, "no LIST movi in the RIFF form");
    finish(stream);
    if (!unsized) {
      checkExtensions(riffEnd + (riffSize & 1));
    }

    if (longest >= 0 && !unsized) {
      builder.duration(longest);
    } else if (bitRate > 0 && !builder.hasVideo()) {
      builder.duration((length - movi) * 8.0 / bitRate);
    }
    return builder.build(length);
  }

  /** Checks the headers of the RIFF AVIX forms that follow the first one (OpenDML), up to {@link #MAX_FORMS}. */
  private void checkExtensions(long pos) throws IOException {
    for (int n = 0; n < MAX_FORMS && pos + 12 <= reader.length(); n++) {
      byte[] h = reader.bytes(pos, 12);
      if (!Bytes.ascii(h, 0, 4).equals("RIFF") || !Bytes.ascii(h, 8, 4).equals("AVIX")) {
        return;
      }
      long size = Bytes.le32u(h, 4);
      BadMedia.check(pos + 8 + size <= reader.length(),
          "RIFF AVIX at byte %d declares %d bytes but the object ends at %d", pos, size, reader.length());
      pos += 8 + size + (size & 1);
    }
  }

  /** Walks the chunks of {@code b[from..to)}, a list body, entering strl and odml lists. */
  private void chunks(byte[] b, int from, int to, int depth) {
    for (int p = from; p + 8 <= to; ) {
      String id = Bytes.ascii(b, p, 4);
      long size = Bytes.le32u(b, p + 4);
      BadMedia.check(p + 8 + size <= to, "chunk %s in hdrl runs past its list", Bytes.printable(id));
      int body = p + 8;
      int n = (int) size;
      switch (id) {
        case "LIST" -> {
          if (n >= 4 && depth < 2) {
            chunks(b, body + 4, body + n, depth + 1);
          }
        }
        case "avih" -> {
          if (n >= 40) {
            microSecPerFrame = Bytes.le32u(b, body);
            avihWidth = magnitude(Bytes.le32(b, body + 32));
            avihHeight = magnitude(Bytes.le32(b, body + 36));
          }
        }
        case "strh" -> {
          if (n >= 48 && !Bytes.ascii(b, body, 4).equals("pads")) {
            finish(stream);
            stream = new Stream(Bytes.ascii(b, body, 4), Bytes.le32u(b, body + 20), Bytes.le32u(b, body + 24),
                Bytes.le32u(b, body + 32), Bytes.le32u(b, body + 44));
          }
        }
        case "strf" -> {
          if (stream != null && stream.codec == null) {
            format(stream, b, body, n);
          }
        }
        default -> { }
      }
      p = body + n + (n & 1);
    }
  }

  /** One stream's header, kept until its format has been read. */
  private static final class Stream {
    final String type;
    long scale;
    long rate;
    final long frames;
    final long sampleSize;
    String codec;
    int width;
    int height;
    int sampleRate;
    int channels;
    long byteRate;

    Stream(String type, long scale, long rate, long frames, long sampleSize) {
      this.type = type;
      this.scale = scale;
      this.rate = rate;
      this.frames = frames;
      this.sampleSize = sampleSize;
    }

    boolean video() {
      return type.equals("vids") || type.equals("iavs");
    }
  }

  /** Reads a stream's strf: a BITMAPINFOHEADER for video, a WAVEFORMATEX for audio. */
  private static void format(Stream s, byte[] b, int at, int n) {
    if (s.type.equals("vids") && n >= 20) {
      s.codec = videoCodec(Bytes.le32(b, at + 16));
      s.width = magnitude(Bytes.le32(b, at + 4));
      s.height = magnitude(Bytes.le32(b, at + 8)); // negative: a top-down bitmap
    } else if (s.type.equals("auds") && n >= 14) {
      s.codec = audioCodec(b, at, n);
      s.channels = Bytes.le16(b, at + 2);
      s.sampleRate = magnitude(Bytes.le32(b, at + 4));
      s.byteRate = Bytes.le32u(b, at + 8);
    }
  }

  /** |v|, capped at {@link Integer#MAX_VALUE} (a hostile header may hold {@link Integer#MIN_VALUE}). */
  private static int magnitude(int v) {
    return (int) Math.min(Math.abs((long) v), Integer.MAX_VALUE);
  }

  /** Hands a finished stream to the builder and the duration sums. */
  private void finish(Stream s) {
    if (s == null) {
      return;
    }
    if (s.scale == 0 || s.rate == 0) {
      // What ffmpeg assumes for broken headers.
      s.rate = microSecPerFrame > 0 ? 1_000_000 : 25;
      s.scale = microSecPerFrame > 0 ? microSecPerFrame : 1;
    }
    if (s.video()) {
      if (!builder.hasVideo()) {
        boolean typeOne = s.type.equals("iavs");
        builder.video(typeOne ? "dvvideo" : s.codec, s.codec == null ? avihWidth : s.width,
            s.codec == null ? avihHeight : s.height);
        builder.fps((double) s.rate / s.scale);
      }
    } else if (s.type.equals("auds")) {
      builder.audio(s.codec, s.sampleRate, s.channels);
    }
    if (s.video() || s.sampleSize == 0) {
      longest = Math.max(longest, (double) s.frames * s.scale / s.rate);
    }
    bitRate += s.byteRate * 8;
  }

  /** The ffprobe codec name for a BITMAPINFOHEADER biCompression (also used for Matroska's V_MS/VFW/FOURCC). */
  static String videoCodec(int fourcc) {
    return switch (fourcc) {
      case 0, 3 -> "rawvideo"; // BI_RGB, BI_BITFIELDS
      case 1, 2 -> "msrle"; // BI_RLE8, BI_RLE4
      case 4 -> "mpeg4"; // found in some broken files
      default -> {
        char[] text = {(char) (fourcc & 0xFF), (char) ((fourcc >> 8) & 0xFF), (char) ((fourcc >> 16) & 0xFF),
            (char) (fourcc >>> 24)};
        yield VIDEO.get(new String(text).toUpperCase(Locale.ROOT).trim());
      }
    };
  }

  /**
   * The ffprobe codec name for a WAVEFORMATEX of {@code n} bytes at {@code b[at]} (also used for Matroska's
   * A_MS/ACM): its format tag, or for WAVE_FORMAT_EXTENSIBLE the tag its sub-format GUID carries; PCM and IEEE float
   * by wBitsPerSample as ffmpeg names them. Null when unknown.
   */
  static String audioCodec(byte[] b, int at, int n) {
    if (n < 2) {
      return null;
    }
    int tag = Bytes.le16(b, at);
    int bits = n >= 16 ? Bytes.le16(b, at + 14) : 0;
    if (tag == 0xFFFE && n >= 26) {
      tag = Bytes.le16(b, at + 24);
    }
    if (tag == 0x0001) {
      return switch ((bits + 7) / 8) {
        case 1 -> "pcm_u8";
        case 2 -> "pcm_s16le";
        case 3 -> "pcm_s24le";
        case 4 -> "pcm_s32le";
        case 8 -> "pcm_s64le";
        default -> null;
      };
    }
    if (tag == 0x0003) {
      return bits == 64 ? "pcm_f64le" : bits == 32 ? "pcm_f32le" : null;
    }
    return AUDIO.get(tag);
  }
}
