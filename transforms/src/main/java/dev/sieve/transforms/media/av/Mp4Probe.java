package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.IOException;

/**
 * Probes an ISO base media / QuickTime object: MP4, MOV, M4A (and 3GP, reported as {@code mp4}).
 *
 * <p>Algorithm. Walks the top-level boxes (32-bit size, size 1 = 64-bit largesize, size 0 = to the end of the
 * object) by reading only each box header and jumping over the body, so {@code mdat} is never read. The container is
 * {@code mov} when the {@code ftyp} major brand is {@code "qt  "} or there is no {@code ftyp}, {@code m4a} for the
 * brands {@code M4A } and {@code M4B }, else {@code mp4}. The {@code moov} box is fetched whole wherever it is and
 * parsed: {@code mvhd} (time scale, duration: ffprobe's format duration), and for each {@code trak}: {@code tkhd}
 * (display matrix, giving the clockwise rotation {@code atan2(b, a)}, which ffprobe shows negated as side data),
 * {@code mdhd}, {@code hdlr} ({@code vide}/{@code soun}), and in {@code stbl}: {@code stsd} (sample entry fourcc to
 * ffprobe's codec name; {@code esds} object type for {@code mp4a}/{@code mp4v}; coded width/height; channels and
 * sample rate, refined by the AAC AudioSpecificConfig, {@code dOps}, {@code dfLa}, {@code alac} or {@code dac3} as
 * ffprobe's decoders report them), {@code stts} (frame rate = samples × time scale / total delta, ffprobe's
 * avg_frame_rate) and {@code stco}/{@code co64}. The first {@code vide} and first {@code soun} track win. When
 * {@code mvhd} has no duration, the longest track gives it. Fragmented files ({@code mvex} in {@code moov}): as
 * ffprobe, the duration is the latest track end over the {@code moov} samples plus every {@code moof}'s {@code trun}
 * durations (from {@code tfdt} when present), walked up to {@value #MAX_BOXES} top-level boxes; beyond that it is
 * unknown.
 *
 * <p>Reads: box headers (inside the caller's head for the usual {@code ftyp}, {@code moov}, {@code mdat} layout); a
 * {@code moov} past the head costs one read of its size plus the next box header. While {@code moov} is still
 * missing, a header past the head is read together with everything up to the end of the object when that rest is at
 * most {@value #TAIL_FETCH} bytes, so a file with {@code moov} at the end costs the head plus one read. Each
 * {@code moof} of a fragmented file costs at most one read.
 *
 * <p>Corrupt: a top-level box that runs past the end of the object (the usual sign of a cut file), a box header
 * that is cut off or declares fewer bytes than its header, no {@code moov} box, a {@code moov} over
 * {@value #MOOV_CAP} bytes, and a {@code vide}/{@code soun} track whose chunk offsets ({@code stco}/{@code co64})
 * point at or past the end of the object (a file with {@code moov} first, cut inside an {@code mdat} of size 0).
 * Inside {@code moov} ffmpeg's leniency is kept: a child box that overruns its parent is clamped, and unreadable
 * fields are skipped.
 */
final class Mp4Probe {
  static final int MOOV_CAP = 16 * 1024 * 1024;
  private static final int MOOF_CAP = 4 * 1024 * 1024;
  private static final int TAIL_FETCH = 1024 * 1024;
  private static final int MAX_BOXES = 256;
  private static final int MAX_TRACKS = 64;
  /** Full-bandwidth channels of each AC-3 audio coding mode (acmod). */
  private static final int[] AC3_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};
  private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
      11025, 8000, 7350};

  private Mp4Probe() {}

  /**
   * Whether the head starts with an {@code ftyp} box of a non-image brand or a top-level {@code moov}, {@code mdat},
   * {@code free}, {@code skip}, {@code wide} or {@code pnot} box.
   */
  static boolean sniff(byte[] head) {
    if (head == null || head.length < 12) {
      return false;
    }
    long size = Bytes.be32u(head, 0);
    String type = Bytes.ascii(head, 4, 4);
    if (type.equals("ftyp")) {
      if (size < 12 || head.length < 12) {
        return false;
      }
      switch (Bytes.ascii(head, 8, 4)) {
        case "avif", "avis", "heic", "heix", "mif1", "msf1", "heim", "heis", "hevc", "hevx":
          return false;
        default:
          return true;
      }
    }
    boolean sized = size >= 8 || size == 1 || size == 0 && type.equals("mdat");
    return sized && switch (type) {
      case "moov", "mdat", "free", "skip", "wide", "pnot" -> true;
      default -> false;
    };
  }

  static AvInfo probe(RangeReader r) throws IOException {
    long length = r.length();
    String container = "mov";
    Movie movie = null;
    long off = 0;
    for (int boxes = 0; off < length; boxes++) {
      if (boxes == MAX_BOXES) {
        if (movie != null && movie.fragmented) {
          movie.fragmentsComplete = false;
        }
        break;
      }
      long rest = length - off;
      // still looking for moov: a short rest is most likely moov itself, so fetch it with the header
      byte[] h = r.bytes(off, 16, movie == null && rest <= TAIL_FETCH ? (int) rest : RangeReader.MIN_FETCH);
      if (h.length < 8) {
        throw new BadMedia("the box header at byte " + off + " is cut off: the object ends at " + length);
      }
      String type = Bytes.ascii(h, 4, 4);
      long size = Bytes.be32u(h, 0);
      int header = 8;
      if (size == 1) {
        if (h.length < 16) {
          throw new BadMedia("the box header at byte " + off + " is cut off: the object ends at " + length);
        }
        size = Bytes.be64(h, 8);
        header = 16;
      } else if (size == 0) {
        size = rest;
      }
      if (!isFourcc(type)) {
        if (movie == null) {
          throw new BadMedia("no moov box: no box at byte " + off);
        }
        break; // trailing bytes after a complete file, as ffmpeg ignores them
      }
      if (size < header) {
        throw new BadMedia("box '" + type + "' at byte " + off + " declares " + size + " bytes");
      }
      if (size > rest) {
        throw new BadMedia("box '" + type + "' declares " + size + " bytes at offset " + off + ", the object ends at "
            + length + (movie == null ? " (no moov box before it)" : ""));
      }
      if (type.equals("ftyp") && off + header + 4 <= length) {
        container = containerOf(Bytes.ascii(r.exactly(off + header, 4, "ftyp"), 0, 4));
      } else if (type.equals("moov") && movie == null) {
        if (size > MOOV_CAP) {
          throw new BadMedia("moov box of " + size + " bytes exceeds the cap of " + MOOV_CAP + " bytes");
        }
        movie = Movie.parse(readBox(r, off, (int) size), header);
      } else if (type.equals("moof") && movie != null && movie.fragmented) {
        if (size > MOOF_CAP) {
          throw new BadMedia("moof box of " + size + " bytes exceeds the cap of " + MOOF_CAP + " bytes");
        }
        movie.fragment(readBox(r, off, (int) size), header);
      }
      off += size;
    }
    BadMedia.check(movie != null, "no moov box");
    movie.checkChunks(length);
    movie.mp3Channels(r);
    return movie.info(AvInfo.builder(container)).build(length);
  }

  private static String containerOf(String brand) {
    return switch (brand) {
      case "qt  " -> "mov";
      case "M4A ", "M4B " -> "m4a";
      default -> "mp4";
    };
  }

  private static boolean isFourcc(String type) {
    for (int i = 0; i < 4; i++) {
      char c = type.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** A whole top-level box, plus (when it comes in the same read) the next box header for the walk. */
  private static byte[] readBox(RangeReader r, long off, int size) throws IOException {
    if (size <= RangeReader.MAX_READ - 16) {
      byte[] b = r.bytes(off, size + 16);
      BadMedia.check(b.length >= size, "box at byte %d is cut off", off);
      return b.length == size ? b : java.util.Arrays.copyOf(b, size);
    }
    byte[] b = new byte[size];
    for (int done = 0; done < size; ) {
      byte[] part = r.bytes(off + done, Math.min(size - done, RangeReader.MAX_READ));
      if (part.length == 0) {
        throw new BadMedia("box at byte " + off + " is cut off");
      }
      System.arraycopy(part, 0, b, done, part.length);
      done += part.length;
    }
    return b;
  }

  // ---- boxes inside a byte array ----

  /** The end of the box at {@code i}, clamped to {@code to} as ffmpeg does; -1 when no box header fits there. */
  private static int end(byte[] b, int i, int to) {
    if (i < 0 || to - i < 8) {
      return -1;
    }
    long size = Bytes.be32u(b, i);
    if (size == 1) {
      if (to - i < 16) {
        return -1;
      }
      size = Bytes.be64(b, i + 8);
      if (size < 16) {
        return -1;
      }
    } else if (size == 0) {
      size = to - i;
    } else if (size < 8) {
      return -1;
    }
    return i + (int) Math.min(size, to - i);
  }

  /** Where the body of the box at {@code i} starts. */
  private static int body(byte[] b, int i) {
    return Bytes.be32(b, i) == 1 ? i + 16 : i + 8;
  }

  /** The first child box of type {@code type} among the boxes in {@code [from, to)}, or -1. */
  private static int child(byte[] b, int from, int to, String type) {
    for (int i = from; ; ) {
      int e = end(b, i, to);
      if (e < 0) {
        return -1;
      }
      if (Bytes.ascii(b, i + 4, 4).equals(type)) {
        return i;
      }
      i = e;
    }
  }

  /** The child box at a path of types below the box at {@code i}, or -1. */
  private static int path(byte[] b, int i, int to, String... types) {
    int at = i;
    int end = to;
    for (String t : types) {
      if (at < 0) {
        return -1;
      }
      int e = end(b, at, end);
      at = child(b, body(b, at), e, t);
      end = e;
    }
    return at;
  }

  // ---- the movie ----

  /** What moov (and the fragments) say. */
  private static final class Movie {
    long timescale;
    long duration;
    boolean fragmented;
    boolean fragmentsComplete = true;
    Track[] tracks = new Track[0];

    static Movie parse(byte[] moov, int header) {
      Movie m = new Movie();
      int to = end(moov, 0, moov.length);
      int mvhd = child(moov, header, to, "mvhd");
      if (mvhd >= 0) {
        int p = body(moov, mvhd);
        int e = end(moov, mvhd, to);
        boolean v1 = moov[p] == 1;
        if (p + (v1 ? 32 : 20) <= e) {
          m.timescale = Bytes.be32u(moov, p + (v1 ? 20 : 12));
          m.duration = v1 ? Bytes.be64(moov, p + 24) : Bytes.be32u(moov, p + 16);
          if (!v1 && m.duration == 0xFFFFFFFFL || m.duration < 0) {
            m.duration = 0;
          }
        }
      }
      int n = 0;
      Track[] tracks = new Track[4];
      for (int i = header; ; ) {
        int e = end(moov, i, to);
        if (e < 0 || n == MAX_TRACKS) {
          break;
        }
        if (Bytes.ascii(moov, i + 4, 4).equals("trak")) {
          if (n == tracks.length) {
            tracks = java.util.Arrays.copyOf(tracks, n * 2);
          }
          tracks[n++] = Track.parse(moov, i, e);
        }
        i = e;
      }
      m.tracks = java.util.Arrays.copyOf(tracks, n);
      int mvex = child(moov, header, to, "mvex");
      m.fragmented = mvex >= 0;
      if (mvex >= 0) {
        int mvexEnd = end(moov, mvex, to);
        for (int i = body(moov, mvex); ; ) {
          int e = end(moov, i, mvexEnd);
          if (e < 0) {
            break;
          }
          int p = body(moov, i);
          Track t = Bytes.ascii(moov, i + 4, 4).equals("trex") && p + 16 <= e ? m.track(Bytes.be32(moov, p + 4)) : null;
          if (t != null) {
            t.defaultDuration = Bytes.be32u(moov, p + 12);
          }
          i = e;
        }
      }
      return m;
    }

    Track track(int id) {
      for (Track t : tracks) {
        if (t.id == id) {
          return t;
        }
      }
      return null;
    }

    /** Adds one moof's sample durations to its tracks' ends. */
    void fragment(byte[] moof, int header) {
      int to = end(moof, 0, moof.length);
      for (int i = header; ; ) {
        int e = end(moof, i, to);
        if (e < 0) {
          return;
        }
        if (Bytes.ascii(moof, i + 4, 4).equals("traf")) {
          traf(moof, i, e);
        }
        i = e;
      }
    }

    private void traf(byte[] b, int at, int to) {
      int tfhd = child(b, body(b, at), to, "tfhd");
      if (tfhd < 0 || body(b, tfhd) + 8 > end(b, tfhd, to)) {
        return;
      }
      int p = body(b, tfhd);
      int flags = Bytes.be24(b, p + 1);
      Track t = track(Bytes.be32(b, p + 4));
      if (t == null) {
        return;
      }
      long defaultDuration = t.defaultDuration;
      int q = p + 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
      if ((flags & 0x08) != 0 && q + 4 <= end(b, tfhd, to)) {
        defaultDuration = Bytes.be32u(b, q);
      }
      long time = t.fragmentEnd;
      int tfdt = child(b, body(b, at), to, "tfdt");
      if (tfdt >= 0) {
        int d = body(b, tfdt);
        int e = end(b, tfdt, to);
        if (b[d] == 1 && d + 12 <= e) {
          time = Bytes.be64(b, d + 4);
        } else if (d + 8 <= e) {
          time = Bytes.be32u(b, d + 4);
        }
      }
      for (int i = body(b, at); ; ) {
        int e = end(b, i, to);
        if (e < 0) {
          break;
        }
        if (Bytes.ascii(b, i + 4, 4).equals("trun")) {
          time += trunDuration(b, body(b, i), e, defaultDuration);
        }
        i = e;
      }
      t.fragmentEnd = Math.max(t.fragmentEnd, time);
    }

    private static long trunDuration(byte[] b, int p, int to, long defaultDuration) {
      if (p + 8 > to) {
        return 0;
      }
      int flags = Bytes.be24(b, p + 1);
      long count = Bytes.be32u(b, p + 4);
      int q = p + 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
      if ((flags & 0x100) == 0) {
        return count * defaultDuration;
      }
      int entry = 4 * Integer.bitCount(flags & 0xF00);
      long sum = 0;
      for (long k = 0; k < count && q + 4 <= to; k++, q += entry) {
        sum += Bytes.be32u(b, q);
      }
      return sum;
    }

    void checkChunks(long length) {
      for (Track t : tracks) {
        if (t.selfContained && (t.video || t.audio) && t.maxChunk >= length) {
          throw new BadMedia("a chunk of track " + t.id + " starts at byte " + t.maxChunk
              + ", past the end of the object at " + length);
        }
      }
    }

    /**
     * MP3 sample entries say 2 channels whatever the stream holds (ffmpeg's muxer writes 2); ffprobe reports the
     * frame header's channel mode, so the first frame header of the first audio track is read (one small read).
     */
    void mp3Channels(RangeReader r) throws IOException {
      for (Track t : tracks) {
        if (t.audio) {
          if ("mp3".equals(t.codec) && t.firstChunk >= 0) {
            byte[] h = r.bytes(t.firstChunk, 4);
            if (h.length == 4 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0) {
              t.channels = (h[3] & 0xC0) == 0xC0 ? 1 : 2;
            }
          }
          return;
        }
      }
    }

    AvInfo.Builder info(AvInfo.Builder b) {
      for (Track t : tracks) {
        if (t.video && !b.hasVideo()) {
          b.video(t.codec, t.width, t.height).rotation(t.rotation);
          if (t.fps > 0) {
            b.fps(t.fps);
          }
        } else if (t.audio && !b.hasAudio()) {
          b.audio(t.codec, t.rate, t.channels);
        }
      }
      if (fragmented) {
        double longest = Double.NaN;
        for (Track t : tracks) {
          if (t.timescale > 0 && fragmentsComplete) {
            double end = (double) Math.max(t.fragmentEnd, t.duration) / t.timescale;
            longest = Double.isNaN(longest) ? end : Math.max(longest, end);
          }
        }
        return b.duration(longest);
      }
      if (duration > 0 && timescale > 0) {
        return b.duration((double) duration / timescale);
      }
      double longest = Double.NaN;
      for (Track t : tracks) {
        if (t.duration > 0 && t.timescale > 0) {
          double d = (double) t.duration / t.timescale;
          longest = Double.isNaN(longest) ? d : Math.max(longest, d);
        }
      }
      return b.duration(longest);
    }
  }

  // ---- one track ----

  private static final class Track {
    int id;
    boolean video;
    boolean audio;
    String codec;
    int width;
    int height;
    int rotation;
    double fps = Double.NaN;
    int rate;
    int channels;
    long timescale;
    long duration;
    long firstChunk = -1;
    long maxChunk = -1;
    boolean selfContained = true;
    long defaultDuration;
    long fragmentEnd;

    static Track parse(byte[] b, int trak, int to) {
      Track t = new Track();
      int tkhd = child(b, body(b, trak), to, "tkhd");
      int tkhdWidth = 0;
      int tkhdHeight = 0;
      if (tkhd >= 0) {
        int p = body(b, tkhd);
        boolean v1 = b[p] == 1;
        int matrix = p + (v1 ? 52 : 40);
        if (matrix + 44 <= end(b, tkhd, to)) {
          t.id = Bytes.be32(b, p + (v1 ? 20 : 12));
          int a = Bytes.be32(b, matrix);
          int c = Bytes.be32(b, matrix + 4);
          if (a != 0 || c != 0) {
            t.rotation = (int) Math.round(Math.toDegrees(Math.atan2(c, a)));
          }
          tkhdWidth = Bytes.be32(b, matrix + 36) >>> 16;
          tkhdHeight = Bytes.be32(b, matrix + 40) >>> 16;
        }
      }
      int mdia = child(b, body(b, trak), to, "mdia");
      if (mdia < 0) {
        return t;
      }
      int mdiaEnd = end(b, mdia, to);
      int mdhd = child(b, body(b, mdia), mdiaEnd, "mdhd");
      if (mdhd >= 0) {
        int p = body(b, mdhd);
        boolean v1 = b[p] == 1;
        if (p + (v1 ? 32 : 20) <= end(b, mdhd, mdiaEnd)) {
          t.timescale = Bytes.be32u(b, p + (v1 ? 20 : 12));
          t.duration = v1 ? Math.max(0, Bytes.be64(b, p + 24)) : Bytes.be32u(b, p + 16);
          if (!v1 && t.duration == 0xFFFFFFFFL) {
            t.duration = 0;
          }
        }
      }
      int hdlr = child(b, body(b, mdia), mdiaEnd, "hdlr");
      if (hdlr >= 0 && body(b, hdlr) + 12 <= end(b, hdlr, mdiaEnd)) {
        String handler = Bytes.ascii(b, body(b, hdlr) + 8, 4);
        t.video = handler.equals("vide");
        t.audio = handler.equals("soun");
      }
      int minf = child(b, body(b, mdia), mdiaEnd, "minf");
      int stbl = path(b, minf, mdiaEnd, "stbl");
      if (stbl < 0) {
        return t;
      }
      int minfEnd = end(b, minf, mdiaEnd);
      int stblEnd = end(b, stbl, minfEnd);
      t.dref(b, path(b, minf, mdiaEnd, "dinf", "dref"), minfEnd);
      int stsd = child(b, body(b, stbl), stblEnd, "stsd");
      if (stsd >= 0) {
        int entry = body(b, stsd) + 8;
        int entryEnd = end(b, entry, end(b, stsd, stblEnd));
        if (entryEnd >= 0 && t.video) {
          t.visual(b, entry, entryEnd);
          if (t.width == 0 || t.height == 0) {
            t.width = tkhdWidth;
            t.height = tkhdHeight;
          }
        } else if (entryEnd >= 0 && t.audio) {
          t.sound(b, entry, entryEnd);
        }
      }
      t.stts(b, child(b, body(b, stbl), stblEnd, "stts"), stblEnd);
      t.chunks(b, child(b, body(b, stbl), stblEnd, "stco"), stblEnd, 4);
      t.chunks(b, child(b, body(b, stbl), stblEnd, "co64"), stblEnd, 8);
      return t;
    }

    private void dref(byte[] b, int dref, int to) {
      int entry = dref < 0 ? -1 : body(b, dref) + 8;
      if (entry >= 0 && entry + 12 <= end(b, dref, to)) {
        selfContained = (Bytes.be24(b, entry + 9) & 1) != 0;
      }
    }

    private void visual(byte[] b, int e, int to) {
      String fourcc = Bytes.ascii(b, e + 4, 4);
      codec = switch (fourcc) {
        case "avc1", "avc3" -> "h264";
        case "hvc1", "hev1", "dvh1", "dvhe" -> "hevc";
        case "vp09" -> "vp9";
        case "vp08" -> "vp8";
        case "av01" -> "av1";
        case "mp4v" -> "mpeg4";
        case "mjpa", "jpeg", "AVDJ" -> "mjpeg";
        case "apch", "apcn", "apcs", "apco", "ap4h", "ap4x" -> "prores";
        case "s263", "h263" -> "h263";
        case "png " -> "png";
        default -> Bytes.printable(fourcc).trim();
      };
      if (e + 86 > to) {
        return;
      }
      width = Bytes.be16(b, e + 32);
      height = Bytes.be16(b, e + 34);
      if (fourcc.equals("mp4v")) {
        int oti = esdsObjectType(b, child(b, e + 86, to, "esds"), to);
        if (oti >= 0x60 && oti <= 0x65) {
          codec = "mpeg2video";
        } else if (oti == 0x6A) {
          codec = "mpeg1video";
        } else if (oti == 0x6C) {
          codec = "mjpeg";
        }
      }
    }

    private void sound(byte[] b, int e, int to) {
      String fourcc = Bytes.ascii(b, e + 4, 4);
      if (e + 36 > to) {
        codec = Bytes.printable(fourcc).trim();
        return;
      }
      int version = Bytes.be16(b, e + 16);
      channels = Bytes.be16(b, e + 24);
      int bits = Bytes.be16(b, e + 26);
      rate = (int) (Bytes.be32u(b, e + 32) >>> 16);
      int children = e + 36;
      int lpcmFlags = 0;
      if (version == 1) {
        children = e + 52;
      } else if (version == 2 && e + 72 <= to) {
        rate = (int) Double.longBitsToDouble(Bytes.be64(b, e + 40));
        channels = Bytes.be32(b, e + 48);
        bits = Bytes.be32(b, e + 56);
        lpcmFlags = Bytes.be32(b, e + 60);
        children = e + 72;
      }
      if (rate <= 0) {
        rate = (int) Math.min(timescale, Integer.MAX_VALUE);
      }
      codec = switch (fourcc) {
        case "mp4a" -> mp4a(b, child(b, children, to, "esds"), to);
        case "Opus" -> opus(b, child(b, children, to, "dOps"), to);
        case "fLaC" -> flac(b, child(b, children, to, "dfLa"), to);
        case "alac" -> alac(b, child(b, children, to, "alac"), to);
        case "ac-3" -> ac3(b, child(b, children, to, "dac3"), to);
        case "ec-3" -> eac3(b, child(b, children, to, "dec3"), to);
        case ".mp3" -> "mp3";
        case "sowt" -> pcm(bits, false);
        case "twos" -> pcm(bits, true);
        case "lpcm" -> lpcm(bits, lpcmFlags);
        case "in24" -> littleEndian(b, children, to) ? "pcm_s24le" : "pcm_s24be";
        case "in32" -> littleEndian(b, children, to) ? "pcm_s32le" : "pcm_s32be";
        case "fl32" -> littleEndian(b, children, to) ? "pcm_f32le" : "pcm_f32be";
        case "fl64" -> littleEndian(b, children, to) ? "pcm_f64le" : "pcm_f64be";
        case "raw " -> "pcm_u8";
        case "ulaw" -> "pcm_mulaw";
        case "alaw" -> "pcm_alaw";
        case "samr" -> amr(8000);
        case "sawb" -> amr(16000);
        case "ima4" -> "adpcm_ima_qt";
        default -> Bytes.printable(fourcc).trim();
      };
    }

    /** AMR is mono at a fixed rate whatever the sample entry says (3GPP writes 2 channels), as ffmpeg sets it. */
    private String amr(int fixedRate) {
      rate = fixedRate;
      channels = 1;
      return fixedRate == 8000 ? "amr_nb" : "amr_wb";
    }

    private static String pcm(int bits, boolean bigEndian) {
      return switch (bits) {
        case 8 -> "pcm_s8";
        case 24 -> bigEndian ? "pcm_s24be" : "pcm_s24le";
        case 32 -> bigEndian ? "pcm_s32be" : "pcm_s32le";
        default -> bigEndian ? "pcm_s16be" : "pcm_s16le";
      };
    }

    /** ffmpeg's ff_mov_get_lpcm_codec_id: flag 1 float, 2 big-endian, 4 signed. */
    private static String lpcm(int bits, int flags) {
      boolean be = (flags & 2) != 0;
      if ((flags & 1) != 0) {
        return bits == 64 ? (be ? "pcm_f64be" : "pcm_f64le") : (be ? "pcm_f32be" : "pcm_f32le");
      }
      if (bits == 8) {
        return (flags & 4) != 0 ? "pcm_s8" : "pcm_u8";
      }
      return "pcm_s" + bits + (be ? "be" : "le");
    }

    private String mp4a(byte[] b, int esds, int to) {
      int[] info = new int[3];
      int oti = esds(b, esds, to, info);
      if (oti == 0x69 || oti == 0x6B) {
        return "mp3";
      }
      if (oti == 0xA5) {
        return "ac3";
      }
      if (oti == 0xA6) {
        return "eac3";
      }
      if (oti == 0xA9) {
        return "dts";
      }
      if (oti == 0xDD) {
        return "vorbis";
      }
      if (info[0] > 0) {
        rate = info[0];
      }
      if (info[1] > 0) {
        channels = info[1];
      }
      return "aac";
    }

    private String opus(byte[] b, int dops, int to) {
      rate = 48000;
      if (dops >= 0 && body(b, dops) + 2 <= end(b, dops, to)) {
        channels = Bytes.u8(b, body(b, dops) + 1);
      }
      return "opus";
    }

    private String flac(byte[] b, int dfla, int to) {
      int p = dfla < 0 ? -1 : body(b, dfla) + 8; // version/flags, block header, then STREAMINFO
      if (p >= 0 && p + 18 <= end(b, dfla, to)) {
        rate = (Bytes.u8(b, p + 10) << 12) | (Bytes.u8(b, p + 11) << 4) | (Bytes.u8(b, p + 12) >> 4);
        channels = ((b[p + 12] >> 1) & 7) + 1;
      }
      return "flac";
    }

    private String alac(byte[] b, int alac, int to) {
      int p = alac < 0 ? -1 : body(b, alac) + 4; // version/flags, then ALACSpecificConfig
      if (p >= 0 && p + 24 <= end(b, alac, to)) {
        channels = Bytes.u8(b, p + 9);
        rate = Bytes.be32(b, p + 20);
      }
      return "alac";
    }

    private String ac3(byte[] b, int dac3, int to) {
      if (dac3 >= 0 && body(b, dac3) + 3 <= end(b, dac3, to)) {
        int v = Bytes.be24(b, body(b, dac3));
        channels = AC3_CHANNELS[(v >> 11) & 7] + ((v >> 10) & 1);
      }
      return "ac3";
    }

    /** Channels of the first independent substream of a dec3 box (acmod, lfeon). */
    private String eac3(byte[] b, int dec3, int to) {
      if (dec3 >= 0 && body(b, dec3) + 4 <= end(b, dec3, to)) {
        int v = Bytes.be32(b, body(b, dec3));
        channels = AC3_CHANNELS[(v >> 1) & 7] + (v & 1);
      }
      return "eac3";
    }

    /** Whether an {@code enda} box (directly or inside {@code wave}) flags QuickTime PCM as little-endian. */
    private static boolean littleEndian(byte[] b, int children, int to) {
      int enda = child(b, children, to, "enda");
      int wave = child(b, children, to, "wave");
      if (enda < 0 && wave >= 0) {
        enda = child(b, body(b, wave), end(b, wave, to), "enda");
      }
      return enda >= 0 && body(b, enda) + 2 <= end(b, enda, to) && b[body(b, enda) + 1] != 0;
    }

    private static int esdsObjectType(byte[] b, int esds, int to) {
      return esds(b, esds, to, new int[3]);
    }

    /**
     * The objectTypeIndication of an esds box (-1 when absent); fills {@code info} with the sample rate and channel
     * count of an AAC AudioSpecificConfig when there is one.
     */
    private static int esds(byte[] b, int esds, int to, int[] info) {
      if (esds < 0) {
        return -1;
      }
      int e = end(b, esds, to);
      int p = body(b, esds) + 4;
      int oti = -1;
      while (p + 2 <= e) {
        int tag = Bytes.u8(b, p++);
        int len = 0;
        for (int k = 0; k < 4 && p < e; k++) {
          int v = Bytes.u8(b, p++);
          len = (len << 7) | (v & 0x7F);
          if (v < 0x80) {
            break;
          }
        }
        if (tag == 3) { // ES_Descriptor: ES_ID, flags, optional fields, then nested descriptors
          if (p + 3 > e) {
            return oti;
          }
          int flags = Bytes.u8(b, p + 2);
          p += 3;
          if ((flags & 0x80) != 0) {
            p += 2;
          }
          if ((flags & 0x40) != 0 && p < e) {
            p += 1 + Bytes.u8(b, p);
          }
          if ((flags & 0x20) != 0) {
            p += 2;
          }
        } else if (tag == 4) { // DecoderConfigDescriptor, then the DecoderSpecificInfo
          if (p + 13 > e) {
            return oti;
          }
          oti = Bytes.u8(b, p);
          p += 13;
        } else if (tag == 5) {
          audioSpecificConfig(b, p, Math.min(e, p + len), info);
          return oti;
        } else {
          return oti;
        }
      }
      return oti;
    }

    /** Sample rate (the SBR extension rate when signalled) and channels of an AAC AudioSpecificConfig. */
    private static void audioSpecificConfig(byte[] b, int p, int to, int[] info) {
      long bits = 0;
      for (int k = 0; k < 8; k++) {
        bits = (bits << 8) | (p + k < to ? Bytes.u8(b, p + k) : 0);
      }
      int type = field(bits, 0, 5);
      int pos = 5;
      if (type == 31) {
        type = 32 + field(bits, pos, 6);
        pos += 6;
      }
      int rate = aacRate(bits, pos);
      pos += field(bits, pos, 4) == 15 ? 28 : 4;
      int config = field(bits, pos, 4);
      pos += 4;
      if (type == 5 || type == 29) {
        int extension = aacRate(bits, pos);
        rate = extension > 0 ? extension : rate;
      }
      int[] configChannels = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8};
      info[0] = rate;
      info[1] = config < configChannels.length ? configChannels[config] : 0;
    }

    /** A sampling frequency index (or its explicit 24-bit rate) at bit {@code pos}; 0 when unknown. */
    private static int aacRate(long bits, int pos) {
      int index = field(bits, pos, 4);
      if (index == 15) {
        return field(bits, pos + 4, 24);
      }
      return index < AAC_RATES.length ? AAC_RATES[index] : 0;
    }

    /** {@code n} bits at bit {@code pos} of the first 64 bits; 0 past them. */
    private static int field(long bits, int pos, int n) {
      return pos + n > 64 ? 0 : (int) ((bits >>> (64 - pos - n)) & ((1L << n) - 1));
    }

    private void stts(byte[] b, int stts, int to) {
      if (stts < 0 || !video || timescale <= 0) {
        return;
      }
      int e = end(b, stts, to);
      int p = body(b, stts);
      if (p + 8 > e) {
        return;
      }
      long entries = Bytes.be32u(b, p + 4);
      long samples = 0;
      long delta = 0;
      for (int q = p + 8; entries > 0 && q + 8 <= e; q += 8, entries--) {
        long count = Bytes.be32u(b, q);
        samples += count;
        delta += count * Bytes.be32u(b, q + 4);
      }
      if (samples > 0 && delta > 0) {
        fps = (double) samples * timescale / delta;
      }
    }

    private void chunks(byte[] b, int box, int to, int width) {
      if (box < 0) {
        return;
      }
      int e = end(b, box, to);
      int p = body(b, box);
      if (p + 8 > e) {
        return;
      }
      long entries = Bytes.be32u(b, p + 4);
      for (int q = p + 8; entries > 0 && q + width <= e; q += width, entries--) {
        long chunk = width == 4 ? Bytes.be32u(b, q) : Bytes.be64(b, q);
        firstChunk = firstChunk < 0 ? chunk : firstChunk;
        maxChunk = Math.max(maxChunk, chunk);
      }
    }
  }
}
