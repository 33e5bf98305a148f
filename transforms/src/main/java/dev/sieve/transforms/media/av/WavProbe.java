package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads the header of a WAV (RIFF/WAVE, RF64, BW64; container {@code wav}) or AIFF/AIFF-C (container {@code aiff})
 * file without decoding it.
 *
 * <p><b>WAV</b>: the chunks after {@code WAVE} are walked by their 8-byte headers (little-endian sizes, odd sizes
 * padded) until {@code data} once {@code fmt } was seen. {@code fmt } gives the format tag (for
 * {@code WAVE_FORMAT_EXTENSIBLE}, the tag inside a sub-format GUID of the standard base, with the valid bits per
 * sample), channels, sample rate, byte rate and bits per sample; the codec name is ffmpeg's for that tag and bit
 * depth ({@code pcm_s16le}, {@code pcm_f32le}, {@code adpcm_ima_wav}, ...). {@code fact} gives a sample count. RF64
 * and BW64 take the 64-bit RIFF and data sizes from {@code ds64}. The duration follows ffmpeg's wav demuxer: for codecs
 * with a fixed bit count per sample (PCM, A-law, ...) data bytes × 8 / (channels × bits); else the {@code fact} count;
 * else data bytes × 8 / (channels × bits) when ffmpeg knows nominal bits (4 for ADPCM); else (object length − data
 * start) / byte rate. A data size of 0 or 0xFFFFFFFF (a WAV written to a pipe) means "to the end of the object":
 * ffmpeg then takes (object length − data start) / byte rate, and so does this probe.
 *
 * <p><b>AIFF</b>: the chunks after {@code AIFF}/{@code AIFC} are walked (big-endian sizes) until both {@code COMM} and
 * {@code SSND} were seen. {@code COMM} gives channels, sample frames, sample size and the 80-bit extended sample rate,
 * and in AIFF-C the compression type ({@code NONE}/{@code twos}: PCM by sample size, {@code sowt}, {@code fl32},
 * {@code ulaw}, {@code ima4}, ...). Duration = frames × samples per frame (64 for {@code ima4}, 1 for PCM) / rate.
 *
 * <p>What it reads: the chunk headers and the small {@code fmt }/{@code ds64}/{@code fact}/{@code COMM} bodies, which
 * sit in the caller's head unless a large chunk (a LIST, an embedded picture) lies in front of them; each chunk header
 * past the head costs one 16 KiB range read. Never the sample data and never the object's end.
 *
 * <p>Corrupt: no format chunk, or no data chunk, before the object ends; a chunk header cut off; a data/SSND chunk or
 * the RIFF/FORM size declaring more bytes than the object has (one missing pad byte is tolerated); zero channels or
 * sample rate; an SSND chunk smaller than its 8-byte header (an AIFF written to a pipe, which ffprobe rejects too);
 * more than {@value #MAX_CHUNKS} chunks before the data.
 */
final class WavProbe {
  private static final int MAX_CHUNKS = 512;
  private static final long UNSET = 0xFFFFFFFFL;
  /** The last 12 bytes of the KSDATAFORMAT sub-format GUIDs whose first 4 bytes are a WAV format tag. */
  private static final byte[] BASE_GUID = {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
      (byte) 0x9B, 0x71};

  private WavProbe() {}

  /** Whether {@code head} starts with {@code RIFF}, {@code RF64} or {@code BW64} and {@code WAVE}, or is an AIFF. */
  static boolean sniff(byte[] head) {
    if (head.length < 12) {
      return false;
    }
    String riff = Bytes.ascii(head, 0, 4);
    String form = Bytes.ascii(head, 8, 4);
    return (riff.equals("RIFF") || riff.equals("RF64") || riff.equals("BW64")) && form.equals("WAVE")
        || riff.equals("FORM") && (form.equals("AIFF") || form.equals("AIFC"));
  }

  static AvInfo probe(RangeReader r) throws IOException {
    byte[] h = r.exactly(0, 12, "RIFF header");
    return Bytes.ascii(h, 0, 4).equals("FORM") ? aiff(r, h) : wav(r, h);
  }

  private static AvInfo wav(RangeReader r, byte[] h) throws IOException {
    boolean rf64 = !Bytes.ascii(h, 0, 4).equals("RIFF");
    long riffSize = Bytes.le32u(h, 4);
    byte[] fmt = null;
    long samples = 0;
    long dataStart = -1;
    long dataSize = 0;
    long dataSize64 = 0;
    long pos = 12;
    for (int i = 0; i < MAX_CHUNKS && dataStart < 0; i++) {
      byte[] c = chunkHeader(r, pos, "WAV");
      if (c == null) {
        break;
      }
      String id = Bytes.ascii(c, 0, 4);
      long size = Bytes.le32u(c, 4);
      long body = pos + 8;
      if (id.equals("fmt ")) {
        BadMedia.check(size >= 14, "WAV fmt chunk of %d bytes is too short", size);
        fmt = r.exactly(body, (int) Math.min(size, 40), "WAV fmt chunk");
      } else if (id.equals("ds64") && rf64 && size >= 24) {
        byte[] d = r.exactly(body, 24, "RF64 ds64 chunk");
        riffSize = Bytes.le64(d, 0);
        dataSize64 = Bytes.le64(d, 8);
      } else if (id.equals("fact") && size >= 4) {
        samples = Bytes.le32u(r.exactly(body, 4, "WAV fact chunk"), 0);
      } else if (id.equals("data")) {
        dataSize = rf64 && size == UNSET ? dataSize64 : size;
        if (fmt != null) {
          dataStart = body;
        }
      }
      pos = body + size + (size & 1);
    }
    BadMedia.check(fmt != null, "no WAV fmt chunk before byte %d (the object ends at %d)", pos, r.length());
    BadMedia.check(dataStart >= 0, "no WAV data chunk before byte %d (the object ends at %d)", pos, r.length());
    boolean streamed = dataSize == 0 || !rf64 && dataSize == UNSET;
    if (!streamed) {
      BadMedia.check(dataStart + dataSize <= r.length(), "the WAV data chunk at byte %d declares %d bytes, the object "
          + "ends at %d", dataStart - 8, dataSize, r.length());
      BadMedia.check(riffSize == UNSET || riffSize + 8 <= r.length() + 1, "the RIFF header declares %d bytes, the "
          + "object has %d", riffSize + 8, r.length());
    }

    int tag = Bytes.le16(fmt, 0);
    int channels = Bytes.le16(fmt, 2);
    int rate = Bytes.le32(fmt, 4);
    long byteRate = Bytes.le32u(fmt, 8);
    int bits = fmt.length >= 16 ? Bytes.le16(fmt, 14) : 8;
    if (tag == 0xFFFE && fmt.length >= 40 && Bytes.le16(fmt, 16) >= 22) {
      int valid = Bytes.le16(fmt, 18);
      bits = valid > 0 ? valid : bits;
      boolean standard = true;
      for (int k = 0; k < BASE_GUID.length; k++) {
        standard &= fmt[28 + k] == BASE_GUID[k];
      }
      tag = standard ? Bytes.le16(fmt, 24) : -1;
    }
    BadMedia.check(channels > 0 && rate > 0, "WAV fmt declares %d channels at %d Hz", channels, rate);
    String codec = wavCodec(tag, bits);
    AvInfo.Builder b = AvInfo.builder("wav").audio(codec, rate, channels);

    // ffmpeg's wav demuxer: a fixed bit count per sample beats the fact count, which beats nominal bits; a stream
    // without sizes, or a codec without bits, is timed by the byte rate over everything after the data start.
    int codecBits = codecBits(codec);
    boolean nominal = codec != null && (codec.equals("adpcm_ima_wav") || codec.equals("adpcm_ms")
        || codec.equals("adpcm_swf"));
    long frames = samples;
    if (streamed) {
      frames = 0;
    } else if (codecBits > 0 && (!nominal || samples == 0)) {
      frames = dataSize * 8 / ((long) channels * codecBits);
    }
    if (frames > 0) {
      b.duration((double) frames / rate);
    } else if (byteRate > 0 && (streamed || codecBits == 0)) {
      b.duration((double) (r.length() - dataStart) / byteRate);
    }
    return b.build(r.length());
  }

  private static AvInfo aiff(RangeReader r, byte[] h) throws IOException {
    boolean aifc = Bytes.ascii(h, 8, 4).equals("AIFC");
    long formSize = Bytes.be32u(h, 4);
    byte[] comm = null;
    boolean sound = false;
    long pos = 12;
    for (int i = 0; i < MAX_CHUNKS && (comm == null || !sound); i++) {
      byte[] c = chunkHeader(r, pos, "AIFF");
      if (c == null) {
        break;
      }
      String id = Bytes.ascii(c, 0, 4);
      long size = Bytes.be32u(c, 4);
      long body = pos + 8;
      if (id.equals("COMM")) {
        BadMedia.check(size >= 18, "AIFF COMM chunk of %d bytes is too short", size);
        comm = r.exactly(body, (int) Math.min(size, 22), "AIFF COMM chunk");
      } else if (id.equals("SSND")) {
        BadMedia.check(size >= 8, "AIFF SSND chunk of %d bytes is smaller than its header", size);
        BadMedia.check(body + size <= r.length(), "the AIFF SSND chunk at byte %d declares %d bytes, the object ends "
            + "at %d", pos, size, r.length());
        sound = true;
      }
      pos = body + size + (size & 1);
    }
    BadMedia.check(comm != null, "no AIFF COMM chunk before byte %d (the object ends at %d)", pos, r.length());
    BadMedia.check(sound, "no AIFF SSND chunk before byte %d (the object ends at %d)", pos, r.length());
    BadMedia.check(formSize + 8 <= r.length() + 1, "the FORM header declares %d bytes, the object has %d",
        formSize + 8, r.length());

    int channels = Bytes.be16(comm, 0);
    long frames = Bytes.be32u(comm, 2);
    int bits = Bytes.be16(comm, 6);
    int rate = extendedRate(comm, 8);
    BadMedia.check(channels > 0 && rate > 0, "AIFF COMM declares %d channels at %d Hz", channels, rate);
    String compression = aifc && comm.length >= 22 ? Bytes.ascii(comm, 18, 4).toUpperCase(Locale.ROOT)
        : "NONE";
    String codec = aiffCodec(compression, bits);
    AvInfo.Builder b = AvInfo.builder("aiff").audio(codec, rate, channels);
    int perFrame = aiffSamplesPerFrame(compression);
    if (perFrame > 0) {
      b.duration((double) frames * perFrame / rate);
    }
    return b.build(r.length());
  }

  /** The 8-byte chunk header at {@code pos}; null at the end of the object; corrupt when cut or past the end. */
  private static byte[] chunkHeader(RangeReader r, long pos, String format) throws IOException {
    if (pos == r.length() || pos == r.length() - 1) {
      return null; // the end, possibly after a missing pad byte
    }
    BadMedia.check(pos < r.length(), "a %s chunk runs to byte %d, the object ends at %d", format, pos, r.length());
    return r.exactly(pos, 8, format + " chunk header");
  }

  /** An 80-bit IEEE extended sample rate, rounded to an integer as ffmpeg does; 0 when negative or out of range. */
  private static int extendedRate(byte[] b, int i) {
    int exp = Bytes.be16(b, i) - 16383 - 63;
    if (exp < -63 || exp > 0) {
      return 0;
    }
    long m = Bytes.be64(b, i + 2);
    double mantissa = (m >>> 1) * 2.0 + (m & 1);
    long rate = Math.round(Math.scalb(mantissa, exp));
    return rate <= Integer.MAX_VALUE ? (int) rate : 0;
  }

  /** ffmpeg's codec for a WAV format tag (after resolving EXTENSIBLE) and bits per sample; null when unknown. */
  static String wavCodec(int tag, int bits) {
    switch (tag) {
      case 0x0001:
        return pcm(bits);
      case 0x0003:
        return bits == 32 ? "pcm_f32le" : bits == 64 ? "pcm_f64le" : null;
      case 0x0006:
        return "pcm_alaw";
      case 0x0007:
      case 0x6C75:
        return "pcm_mulaw";
      case 0x0002:
        return "adpcm_ms";
      case 0x0011:
      case 0x0069:
        return bits == 8 ? "pcm_zork" : "adpcm_ima_wav";
      case 0x0010:
      case 0x0017:
        return "adpcm_ima_oki";
      case 0x0020:
        return "adpcm_yamaha";
      case 0x0022:
      case 0x1501:
        return "truespeech";
      case 0x0031:
      case 0x1500:
        return "gsm_ms";
      case 0x0038:
      case 0x0057:
        return "amr_nb";
      case 0x0058:
        return "amr_wb";
      case 0x0042:
      case 0xA100:
        return "g723_1";
      case 0x0045:
      case 0x0064:
        return "adpcm_g726";
      case 0x0050:
        return "mp2";
      case 0x0055:
        return "mp3";
      case 0x0061:
        return "adpcm_ima_dk4";
      case 0x0062:
        return "adpcm_ima_dk3";
      case 0x00FF:
      case 0x1600:
      case 0x1610:
      case 0x4143:
      case 0x706D:
      case 0xA106:
        return "aac";
      case 0x1602:
        return "aac_latm";
      case 0x0160:
        return "wmav1";
      case 0x0161:
        return "wmav2";
      case 0x0162:
        return "wmapro";
      case 0x0163:
        return "wmalossless";
      case 0x0200:
        return "adpcm_ct";
      case 0x0270:
        return "atrac3";
      case 0x028F:
        return "adpcm_g722";
      case 0x2000:
        return "ac3";
      case 0x2001:
        return "dts";
      case 0xA109:
        return "speex";
      case 0xF1AC:
        return "flac";
      case 0x5346:
        return "adpcm_swf";
      default:
        return null;
    }
  }

  /** ffmpeg's integer PCM codec for a bit depth: unsigned at 8 bits and below, signed above. */
  private static String pcm(int bits) {
    switch ((bits + 7) >> 3) {
      case 1:
        return "pcm_u8";
      case 2:
        return "pcm_s16le";
      case 3:
        return "pcm_s24le";
      case 4:
        return "pcm_s32le";
      case 8:
        return "pcm_s64le";
      default:
        return null;
    }
  }

  /** Bits per sample as ffmpeg's av_get_bits_per_sample knows them for the WAV codecs above; 0 when unknown. */
  private static int codecBits(String codec) {
    if (codec == null) {
      return 0;
    }
    switch (codec) {
      case "pcm_u8":
      case "pcm_alaw":
      case "pcm_mulaw":
      case "pcm_zork":
        return 8;
      case "pcm_s16le":
        return 16;
      case "pcm_s24le":
        return 24;
      case "pcm_s32le":
      case "pcm_f32le":
        return 32;
      case "pcm_s64le":
      case "pcm_f64le":
        return 64;
      case "adpcm_ima_wav":
      case "adpcm_ms":
      case "adpcm_swf":
      case "adpcm_ima_oki":
      case "adpcm_yamaha":
      case "adpcm_ct":
      case "adpcm_g722":
        return 4;
      default:
        return 0;
    }
  }

  /** ffmpeg's codec for an (upper-cased) AIFF-C compression type and sample size; null when unknown. */
  private static String aiffCodec(String compression, int bits) {
    switch (compression) {
      case "NONE":
      case "TWOS":
        return bits <= 8 ? "pcm_s8" : bits <= 16 ? "pcm_s16be" : bits <= 24 ? "pcm_s24be" : bits <= 32 ? "pcm_s32be"
            : null;
      case "SOWT":
        return "pcm_s16le";
      case "RAW ":
        return "pcm_u8";
      case "FL32":
        return "pcm_f32be";
      case "FL64":
        return "pcm_f64be";
      case "ALAW":
        return "pcm_alaw";
      case "ULAW":
        return "pcm_mulaw";
      case "IN24":
        return "pcm_s24be";
      case "IN32":
        return "pcm_s32be";
      case "IMA4":
        return "adpcm_ima_qt";
      case "MAC3":
        return "mace3";
      case "MAC6":
        return "mace6";
      case "GSM ":
        return "gsm";
      case "G722":
        return "adpcm_g722";
      case "G726":
        return "adpcm_g726le";
      case "QDMC":
        return "qdmc";
      case "QDM2":
        return "qdm2";
      case "QCLP":
        return "qcelp";
      case "SDX2":
        return "sdx2_dpcm";
      case "CBD2":
        return "cbd2_dpcm";
      case "ADP4":
        return "adpcm_ima_ws";
      default:
        return null;
    }
  }

  /** Samples per COMM sample frame as ffmpeg counts them; 0 when the duration needs more than COMM (QDM2 ...). */
  private static int aiffSamplesPerFrame(String compression) {
    switch (compression) {
      case "IMA4":
        return 64;
      case "MAC3":
      case "MAC6":
        return 6;
      case "GSM ":
        return 160;
      case "G722":
      case "ADP4":
        return 2;
      case "QDMC":
      case "QDM2":
      case "QCLP":
        return 0;
      default:
        return 1;
    }
  }
}
