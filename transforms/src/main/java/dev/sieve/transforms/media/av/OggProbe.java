package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes an Ogg object (container {@code ogg}): Vorbis, Opus, FLAC, Speex and Theora logical streams.
 *
 * <p>Algorithm. An Ogg object is a run of pages ({@code "OggS"}, version, header type, 64-bit granule position,
 * serial number, sequence number, CRC, segment table, body). All beginning-of-stream (BOS) pages come first; the
 * first packet of each is the codec's identification header, which gives the codec, channels and sample rate
 * (Opus always decodes at 48 kHz, as ffprobe reports) or the Theora frame size and frame rate. The duration follows
 * ffprobe: for every stream, the granule of its last page in the tail (granule not -1 and not 0) converted to time;
 * the format duration is the latest stream end minus the earliest stream start. A stream starts at 0 except for
 * Vorbis and Theora, whose start ffmpeg derives from the first data page: its granule minus the duration of the
 * packets completed on it (Vorbis packet durations come from the block sizes in the identification header and the
 * mode block flags at the end of the setup header; Theora counts one frame per packet). So a Vorbis file cut with
 * {@code -copyts} measures from its first sample, while an Opus file reports its last granule, pre-skip included,
 * exactly like ffprobe.
 *
 * <p>Reads: the pages at the start (normally inside the caller's head; the walk to the first Vorbis/Theora data page
 * is bounded to the first {@value #HEAD_WALK_LIMIT} bytes), then one read of the last 64 KiB. Only when no page
 * with a usable granule is found there is the window grown fourfold, up to 1 MiB.
 *
 * <p>Corrupt: a first page that is not a BOS page, a header page cut off by the end of the object, an unusable
 * identification header (sample rate 0, no channels), and a truncated object. A page in the tail is trusted only
 * when its capture pattern, version and CRC-32 (polynomial 0x04c11db7, not reflected) check out, so an "OggS" inside
 * packet data is skipped. Truncation rule: a complete Ogg object ends with the last byte of a page, and writers (ffmpeg,
 * libogg) flag the final page end-of-stream (EOS). When the bytes after the last valid page are the start of a page
 * that the object's end cuts off, and that last valid page has no EOS flag, the object is truncated. An object cut
 * exactly at a page boundary cannot be told from a stream that was simply stopped and passes; garbage after the last
 * page (not starting with "OggS") is ignored, as ffmpeg does.
 */
final class OggProbe {
  private static final int HEADER = 27;
  private static final int BOS = 0x02;
  private static final int EOS = 0x04;
  private static final int TAIL = 64 * 1024;
  private static final int MAX_TAIL = 1024 * 1024;
  private static final int HEAD_WALK_LIMIT = 512 * 1024;
  private static final int MAX_STREAMS = 64;
  private static final int MAX_SETUP = 256 * 1024;
  private static final int[] CRC = crcTable();

  private OggProbe() {}

  /** Whether the head starts with an Ogg page. */
  static boolean sniff(byte[] head) {
    return head != null && head.length >= HEADER && isCapture(head, 0) && head[4] == 0;
  }

  static AvInfo probe(RangeReader r) throws IOException {
    List<Stream> streams = readHead(r);
    AvInfo.Builder b = AvInfo.builder("ogg");
    for (Stream s : streams) {
      if (s.video && !b.hasVideo()) {
        b.video(s.codec, s.width, s.height).fps((double) s.fpsNum / s.fpsDen);
      } else if (!s.video && s.codec != null) {
        b.audio(s.codec, s.rate, s.channels);
      }
    }
    readTail(r, streams);
    double start = Double.POSITIVE_INFINITY;
    double end = Double.NEGATIVE_INFINITY;
    for (Stream s : streams) {
      if (s.codec == null) {
        continue;
      }
      start = Math.min(start, s.start);
      if (s.lastGranule > 0) {
        end = Math.max(end, s.seconds(s.lastGranule));
      }
    }
    if (end > Double.NEGATIVE_INFINITY) {
      b.duration(end - start);
    }
    return b.build(r.length());
  }

  // ---- the pages at the start: identification headers and the first data page of Vorbis / Theora ----

  private static List<Stream> readHead(RangeReader r) throws IOException {
    List<Stream> streams = new ArrayList<>();
    boolean inBos = true;
    long off = 0;
    while (off < r.length() && off < HEAD_WALK_LIMIT) {
      byte[] page = readPage(r, off);
      boolean bos = (page[5] & BOS) != 0;
      if (off == 0 && !bos) {
        throw new BadMedia("the first Ogg page is not a beginning-of-stream page");
      }
      if (bos && inBos) {
        if (streams.size() == MAX_STREAMS) {
          throw new BadMedia("more than " + MAX_STREAMS + " Ogg streams");
        }
        streams.add(Stream.identify(page));
      } else {
        inBos = false;
      }
      Stream s = find(streams, Bytes.le32(page, 14));
      if (s != null && !s.startDone) {
        s.feed(page);
      }
      if (!inBos && allStarted(streams)) {
        break;
      }
      off += page.length;
    }
    return streams;
  }

  /** The complete page at {@code off}; a page cut off by the end of the object is corrupt. */
  private static byte[] readPage(RangeReader r, long off) throws IOException {
    byte[] h = r.exactly(off, HEADER, "Ogg page");
    if (!isCapture(h, 0) || h[4] != 0) {
      throw new BadMedia("no Ogg page at byte " + off + " where the previous page ends");
    }
    int segments = Bytes.u8(h, 26);
    byte[] table = r.exactly(off, HEADER + segments, "Ogg page");
    return r.exactly(off, pageSize(table, 0), "Ogg page");
  }

  private static Stream find(List<Stream> streams, int serial) {
    for (Stream s : streams) {
      if (s.serial == serial) {
        return s;
      }
    }
    return null;
  }

  private static boolean allStarted(List<Stream> streams) {
    for (Stream s : streams) {
      if (!s.startDone) {
        return false;
      }
    }
    return true;
  }

  // ---- the tail: last granules and the truncation check ----

  private static void readTail(RangeReader r, List<Stream> streams) throws IOException {
    long length = r.length();
    int window = (int) Math.min(length, TAIL);
    while (true) {
      long from = length - window;
      byte[] b = r.bytes(from, window);
      if (scanTail(b, from, length, streams) || window >= length || window >= MAX_TAIL) {
        return;
      }
      window = (int) Math.min(length, (long) window * 4);
    }
  }

  /**
   * Walks the valid pages in {@code b} (the object's bytes from {@code from} to its end), records each stream's last
   * granule and checks for a cut-off final page. Returns whether any stream got a granule.
   */
  private static boolean scanTail(byte[] b, long from, long length, List<Stream> streams) {
    boolean found = false;
    int lastEnd = -1;
    boolean lastEos = false;
    int i = 0;
    while (i + HEADER <= b.length) {
      int size = isCapture(b, i) && b[i + 4] == 0 ? validPageSize(b, i) : -1;
      if (size < 0) {
        i++;
        continue;
      }
      long granule = Bytes.le64(b, i + 6);
      Stream s = find(streams, Bytes.le32(b, i + 14));
      if (s != null && s.codec != null && granule != -1 && granule != 0) {
        s.lastGranule = granule;
        found = true;
      }
      lastEos = (b[i + 5] & EOS) != 0;
      lastEnd = i + size;
      i = lastEnd;
    }
    if (lastEnd >= 0 && lastEnd < b.length && !lastEos && startsPage(b, lastEnd)) {
      long at = from + lastEnd;
      int rest = b.length - lastEnd;
      String need = rest >= HEADER && rest >= HEADER + Bytes.u8(b, lastEnd + 26)
          ? pageSize(b, lastEnd) + " bytes" : "a complete header";
      throw new BadMedia("the last Ogg page is cut off: the page at byte " + at + " needs " + need
          + ", the object ends at " + length);
    }
    return found;
  }

  /** Whether the bytes from {@code i} to the end begin like a page (capture pattern, version 0) that does not fit. */
  private static boolean startsPage(byte[] b, int i) {
    int rest = b.length - i;
    byte[] capture = {'O', 'g', 'g', 'S', 0};
    for (int k = 0; k < Math.min(rest, capture.length); k++) {
      if (b[i + k] != capture[k]) {
        return false;
      }
    }
    return rest < HEADER || rest < HEADER + Bytes.u8(b, i + 26) || rest < pageSize(b, i);
  }

  /** The size of the page at {@code i} when it lies wholly inside {@code b} and its CRC matches; else -1. */
  private static int validPageSize(byte[] b, int i) {
    if (i + HEADER + Bytes.u8(b, i + 26) > b.length) {
      return -1;
    }
    int size = pageSize(b, i);
    if (i + size > b.length) {
      return -1;
    }
    return crc(b, i, size) == Bytes.le32(b, i + 22) ? size : -1;
  }

  /** The Ogg CRC-32 of the page of {@code size} bytes at {@code i}, its CRC field counted as zero. */
  static int crc(byte[] b, int i, int size) {
    int crc = 0;
    for (int k = 0; k < size; k++) {
      int v = k >= 22 && k < 26 ? 0 : b[i + k] & 0xFF;
      crc = (crc << 8) ^ CRC[((crc >>> 24) ^ v) & 0xFF];
    }
    return crc;
  }

  /** Header, segment table and body length of the page at {@code i}; its segment table must be in {@code b}. */
  private static int pageSize(byte[] b, int i) {
    int segments = Bytes.u8(b, i + 26);
    int size = HEADER + segments;
    for (int k = 0; k < segments; k++) {
      size += Bytes.u8(b, i + HEADER + k);
    }
    return size;
  }

  private static boolean isCapture(byte[] b, int i) {
    return b[i] == 'O' && b[i + 1] == 'g' && b[i + 2] == 'g' && b[i + 3] == 'S';
  }

  private static int[] crcTable() {
    int[] t = new int[256];
    for (int n = 0; n < 256; n++) {
      int c = n << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
      }
      t[n] = c;
    }
    return t;
  }

  // ---- one logical stream ----

  /** A logical stream: its codec parameters, and the packet walk that finds its start time. */
  private static final class Stream {
    final int serial;
    String codec;
    boolean video;
    int rate;
    int channels;
    int width;
    int height;
    long fpsNum;
    long fpsDen;
    int granuleShift;
    boolean oldTheora;
    /** Header packets before the first data packet; the start is searched only for Vorbis and Theora. */
    int headers;
    boolean startDone = true;
    /** Seconds; ffmpeg's stream start_time. */
    double start;
    long lastGranule = -1;

    // Vorbis: block sizes and the mode block flags from the setup header
    int[] blocksize;
    boolean[] modeLong;
    // the packet walk
    int packets;
    boolean inPacket;
    int firstByte;
    ByteArrayOutputStream setup;

    private Stream(int serial) {
      this.serial = serial;
    }

    /** The stream of a BOS page, named by the identification header its first packet holds. */
    static Stream identify(byte[] page) {
      Stream s = new Stream(Bytes.le32(page, 14));
      int p = HEADER + Bytes.u8(page, 26);
      int n = page.length - p;
      if (n >= 30 && page[p] == 1 && Bytes.ascii(page, p + 1, 6).equals("vorbis")) {
        s.audio("vorbis", Bytes.le32(page, p + 12), Bytes.u8(page, p + 11));
        s.blocksize = new int[] {1 << (page[p + 28] & 0x0F), 1 << ((page[p + 28] >> 4) & 0x0F)};
        s.headers = 3;
        s.startDone = false;
        s.setup = new ByteArrayOutputStream();
      } else if (n >= 19 && Bytes.ascii(page, p, 8).equals("OpusHead")) {
        s.audio("opus", 48000, Bytes.u8(page, p + 9));
      } else if (n >= 51 && page[p] == 0x7F && Bytes.ascii(page, p + 1, 4).equals("FLAC")) {
        int rate = (Bytes.u8(page, p + 27) << 12) | (Bytes.u8(page, p + 28) << 4) | (Bytes.u8(page, p + 29) >> 4);
        s.audio("flac", rate, ((page[p + 29] >> 1) & 7) + 1);
      } else if (n >= 80 && Bytes.ascii(page, p, 8).equals("Speex   ")) {
        s.audio("speex", Bytes.le32(page, p + 36), Bytes.le32(page, p + 48));
      } else if (n >= 42 && (page[p] & 0xFF) == 0x80 && Bytes.ascii(page, p + 1, 6).equals("theora")) {
        s.theora(page, p);
      }
      return s;
    }

    private void audio(String name, int sampleRate, int channelCount) {
      if (sampleRate <= 0 || channelCount <= 0) {
        throw new BadMedia("the " + name + " header declares " + sampleRate + " Hz and " + channelCount + " channels");
      }
      codec = name;
      rate = sampleRate;
      channels = channelCount;
    }

    private void theora(byte[] page, int p) {
      int version = Bytes.be24(page, p + 7);
      int frameWidth = Bytes.be16(page, p + 10) << 4;
      int frameHeight = Bytes.be16(page, p + 12) << 4;
      int picWidth = Bytes.be24(page, p + 14);
      int picHeight = Bytes.be24(page, p + 17);
      boolean picFits = picWidth <= frameWidth && picWidth > frameWidth - 16 && picHeight <= frameHeight
          && picHeight > frameHeight - 16;
      codec = "theora";
      video = true;
      width = picFits ? picWidth : frameWidth;
      height = picFits ? picHeight : frameHeight;
      fpsNum = Bytes.be32u(page, p + 22);
      fpsDen = Bytes.be32u(page, p + 26);
      if (fpsNum == 0 || fpsDen == 0) {
        throw new BadMedia("the Theora header declares frame rate " + fpsNum + "/" + fpsDen);
      }
      granuleShift = ((page[p + 40] & 0x03) << 3) | ((page[p + 41] & 0xE0) >> 5);
      oldTheora = version < 0x030201;
      headers = 3;
      startDone = false;
    }

    /** Seconds at a granule position, as ffmpeg's granule-to-pts of this codec. */
    double seconds(long granule) {
      return video ? theoraFrame(granule) * (double) fpsDen / fpsNum : (double) granule / rate;
    }

    private long theoraFrame(long granule) {
      long frame = (granule >>> granuleShift) + (granule & ((1L << granuleShift) - 1));
      return oldTheora ? frame + 1 : frame;
    }

    /**
     * Follows this stream's packets through one of its pages: keeps the Vorbis setup header, and on the page where
     * the first data packet ends derives the start as ffmpeg does (granule minus the duration of the packets that
     * end on that page).
     */
    void feed(byte[] page) {
      int segments = Bytes.u8(page, 26);
      int pos = HEADER + segments;
      long granule = Bytes.le64(page, 6);
      boolean firstDataPage = false;
      long duration = 0;
      int prevBlock = blocksize == null ? 0 : blocksize[0];
      for (int k = 0; k < segments && !startDone; k++) {
        int lace = Bytes.u8(page, HEADER + k);
        if (!inPacket) {
          inPacket = true;
          firstByte = lace > 0 ? Bytes.u8(page, pos) : -1;
        }
        if (packets == 2 && setup != null) {
          if (setup.size() + lace > MAX_SETUP) {
            startDone = true;
            return;
          }
          setup.write(page, pos, lace);
        }
        pos += lace;
        if (lace == 255) {
          continue;
        }
        inPacket = false;
        int index = packets++;
        if (index == 2 && setup != null) {
          modeLong = vorbisModes(setup.toByteArray());
          setup = null;
          if (modeLong == null) {
            startDone = true;
            return;
          }
        }
        if (index == headers) {
          firstDataPage = true;
        }
        if (firstDataPage) {
          if (video) {
            duration++;
          } else {
            int d = vorbisDuration(firstByte, prevBlock);
            if (d < 0) {
              duration = granule;
              break;
            }
            duration += d;
            if (d > 0) {
              prevBlock = blocksize[modeLong[mode(firstByte)] ? 1 : 0];
            }
          }
        }
      }
      if (firstDataPage) {
        boolean eos = (page[5] & EOS) != 0;
        if (video) {
          start = eos ? 0 : (theoraFrame(granule) - duration) * (double) fpsDen / fpsNum;
        } else {
          start = eos || granule < 0 || granule == 0 && duration != 0 ? 0 : Math.max(0, granule - duration) / (double) rate;
        }
        startDone = true;
      }
    }

    /** Samples a Vorbis audio packet adds (ffmpeg's vorbis parser); 0 for a header packet, -1 for an invalid one. */
    private int vorbisDuration(int first, int prevBlock) {
      if (first < 0 || (first & 1) != 0) {
        return first == 1 || first == 3 || first == 5 || first < 0 ? 0 : -1;
      }
      int mode = mode(first);
      if (mode >= modeLong.length) {
        return -1;
      }
      int previous = prevBlock;
      if (modeLong[mode]) {
        previous = blocksize[(first & prevMask()) != 0 ? 1 : 0];
      }
      return (previous + blocksize[modeLong[mode] ? 1 : 0]) >> 2;
    }

    private int modeMask() {
      int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, modeLong.length - 1));
      return ((1 << bits) - 1) << 1;
    }

    private int prevMask() {
      return (modeMask() | 1) + 1;
    }

    private int mode(int first) {
      return modeLong.length == 1 ? 0 : (first & modeMask()) >> 1;
    }
  }

  /**
   * The block flag of each Vorbis mode, read backwards from the end of the setup header as ffmpeg's vorbis parser
   * does (the modes are the last field before the framing bit); null when the header does not parse.
   */
  static boolean[] vorbisModes(byte[] setup) {
    int bits = setup.length * 8;
    if (setup.length < 7 || setup[0] != 5) {
      return null;
    }
    int p = 0;
    int framing = 0;
    while (bits - p > 97) {
      if (bit(setup, p++) == 1) {
        framing = p;
        break;
      }
    }
    if (framing == 0) {
      return null;
    }
    int count = 0;
    int modes = 0;
    while (bits - p >= 97) {
      if (bitsAt(setup, p, 8) > 63 || bitsAt(setup, p + 8, 16) != 0 || bitsAt(setup, p + 24, 16) != 0) {
        break;
      }
      p += 41;
      count++;
      if (count > 64) {
        break;
      }
      if (bitsAt(setup, p, 6) + 1 == count) {
        modes = count;
      }
    }
    if (modes == 0 || modes > 63) {
      return null;
    }
    boolean[] isLong = new boolean[modes];
    p = framing;
    for (int i = modes - 1; i >= 0; i--) {
      p += 40;
      isLong[i] = bit(setup, p++) == 1;
    }
    return isLong;
  }

  /** Bit {@code p} counted from the end of {@code b} backwards (last byte's top bit first). */
  private static int bit(byte[] b, int p) {
    return (b[b.length - 1 - (p >> 3)] >> (7 - (p & 7))) & 1;
  }

  private static int bitsAt(byte[] b, int p, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      v = (v << 1) | bit(b, p + k);
    }
    return v;
  }
}
