package dev.sieve.transforms.media.image;

import dev.sieve.transforms.media.RangeReader;
import dev.sieve.transforms.media.RangeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Tells an image's format and declared width and height from its header bytes, and whether the object looks sound,
 * without decoding a single pixel. Header values are claims: each one is checked against the object's length, and the
 * declared pixel count against a cap before anything else is read.
 *
 * <p>The format comes from magic bytes only, never from a name or extension. Per format:
 *
 * <ul>
 *   <li><b>PNG</b> ({@code 89 50 4E 47 0D 0A 1A 0A}): the first chunk must be a 13-byte IHDR whose CRC-32 matches and
 *       whose bit depth, color type, compression, filter and interlace fields are legal; width and height come from
 *       it. The last 12 bytes of the object must be the IEND chunk.
 *   <li><b>JPEG</b> ({@code FF D8 FF}): marker segments are walked by their 16-bit lengths from offset 2 until a SOF
 *       marker (C0..CF except C4, C8, CC) gives height and width; an SOS or EOI first, a segment running past the end,
 *       or a SOF whose length does not match its component count is corrupt. The object must end with EOI
 *       ({@code FF D9}) within its last 32 bytes.
 *   <li><b>GIF</b> ({@code GIF87a} / {@code GIF89a}): the logical screen width and height (little-endian) at offset 6;
 *       the last byte must be the trailer {@code 3B}.
 *   <li><b>BMP</b> ({@code BM} and a known DIB header size: 12, 16, 40, 52, 56, 64, 108 or 124): width and height from
 *       the DIB header (a negative height means top-down), planes must be 1 and the bit count a legal one; the file
 *       size field, when nonzero, must equal the object length, and the pixel data offset must lie inside the object.
 *   <li><b>WebP</b> ({@code RIFF....WEBP}): the first chunk decides: {@code VP8 } (a key frame; 14-bit width and height
 *       after the start code {@code 9D 01 2A}), {@code VP8L} (14-bit width-1 and height-1 after the signature
 *       {@code 2F}, version 0) or {@code VP8X} (24-bit canvas width-1 and height-1). The RIFF size plus 8 must equal
 *       the object length (one more byte is allowed for odd-size padding).
 *   <li><b>AVIF / HEIF</b> (ISO BMFF whose first box is {@code ftyp}): a major or compatible brand {@code avif} or
 *       {@code avis} makes AVIF, else one of {@code heic heix mif1 msf1 heim heis hevc} makes HEIF, else the format is
 *       unsupported (a video, say). Top-level boxes are walked by their sizes (32-bit, 64-bit largesize, 0 = to the
 *       end) until {@code meta}; inside {@code meta / iprp}, the {@code ispe} property associated with the primary item
 *       ({@code pitm}, {@code ipma}) gives width and height, swapped when an {@code irot} turns the image by 90 or 270
 *       degrees; without that association the largest {@code ispe} counts. A file with no {@code meta} but a
 *       {@code moov} (an image sequence) takes the first non-empty track header ({@code tkhd}) size instead. The walk
 *       then continues over the remaining top-level boxes: every box must fit within the object.
 * </ul>
 *
 * <p>Every format then follows the same order: a width or height that is 0 or negative is {@link #CORRUPT_MEDIA}; a
 * pixel count above {@code maxPixels} is {@link #PIXEL_BOMB}, decided before anything else of the object is read;
 * only then come the checks of the end of the object (end markers, declared sizes).
 *
 * <p>What it reads: the head the caller already holds (the first {@link #HEAD_BYTES} bytes), and beyond it only
 * targeted range reads: the last 12 bytes of a PNG, the last byte of a GIF, the last 32 bytes of a JPEG, JPEG segments
 * past the head in blocks of {@value #JPEG_FETCH} bytes, 16-byte ISO BMFF box headers and one read of the
 * {@code meta} (or {@code moov}) box. No single read is larger than {@value #MAX_READ} bytes, however large a size a
 * header claims, and no read covers the whole object unless the object is that small.
 *
 * <p>What it never does: decode or decompress image data (so no pixel buffer is ever allocated), trust a file name,
 * loop without advancing (every walk moves forward and stops after {@value #MAX_STEPS} steps), or throw on bad bytes:
 * anything malformed becomes {@link #CORRUPT_MEDIA}. An {@link IOException} from the source is passed on.
 *
 * <p>Stateless and thread-safe; the source itself is used by one call at a time.
 */
public final class ImageProbe {
  /** The object is cut short, or its header contradicts itself or the object's length. */
  public static final String CORRUPT_MEDIA = "corrupt_media";
  /** The bytes are not one of the formats this prober knows. */
  public static final String UNSUPPORTED_FORMAT = "unsupported_format";
  /** The declared width times height exceeds the pixel cap. */
  public static final String PIXEL_BOMB = "pixel_bomb";
  /** The object has no bytes at all. */
  public static final String EMPTY_OBJECT = "empty_object";

  /** How many leading bytes the caller reads and passes as the head. */
  public static final int HEAD_BYTES = 65536;
  /** The largest single range read, whatever a header claims. */
  static final int MAX_READ = 1 << 20;
  /** The most steps any walk (JPEG segments, boxes at one level) takes. */
  static final int MAX_STEPS = 10_000;
  /** How many leading bytes the format is told from (ftyp brands included). */
  static final int SNIFF_BYTES = 4096;
  /** Block size of JPEG segment reads past the head. */
  static final int JPEG_FETCH = 4096;
  /** How far from the end a JPEG's EOI marker may lie. */
  static final int JPEG_TAIL = 32;

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
  private static final List<String> AVIF_BRANDS = List.of("avif", "avis");
  private static final List<String> HEIF_BRANDS = List.of("heic", "heix", "mif1", "msf1", "heim", "heis", "hevc");
  private static final List<Integer> BMP_DIB_SIZES = List.of(12, 16, 40, 52, 56, 64, 108, 124);

  private ImageProbe() {}

  /**
   * What the header says and whether the object looks sound.
   *
   * @param format lowercase format name ("jpeg", "png", "gif", "bmp", "webp", "avif", "heif"), or null when unknown
   * @param width declared width in pixels, 0 when unknown
   * @param height declared height in pixels, 0 when unknown
   * @param reason null when the image looks sound, else one of the reason constants of {@link ImageProbe}
   * @param detail a short human explanation of the reason, null when sound
   */
  public record Result(String format, int width, int height, String reason, String detail) {
    /** True when no problem was found. */
    public boolean ok() {
      return reason == null;
    }
  }

  /**
   * Probes one object.
   *
   * @param source the object; asked for more bytes only by targeted range reads
   * @param head the first min({@value #HEAD_BYTES}, length) bytes of the object, already read by the caller; when
   *     null the prober reads them itself
   * @param maxPixels the largest acceptable width times height, positive
   * @return the format, declared size and verdict; never null
   * @throws IOException when the source fails to read
   */
  public static Result probe(RangeSource source, byte[] head, long maxPixels) throws IOException {
    Objects.requireNonNull(source, "source");
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    long length = source.length();
    if (length < 0) {
      throw new IllegalArgumentException("source length must be >= 0, got " + length);
    }
    if (length == 0) {
      return new Result(null, 0, 0, EMPTY_OBJECT, "object has 0 bytes");
    }
    byte[] first = head != null ? head : source.read(0, (int) Math.min(HEAD_BYTES, length));
    RangeReader r = new RangeReader(source, first, MAX_READ);
    byte[] magic = r.bytes(0, SNIFF_BYTES, SNIFF_BYTES);
    String format = sniff(magic);
    if (format == null) {
      return new Result(null, 0, 0, UNSUPPORTED_FORMAT, unsupportedDetail(magic));
    }
    try {
      return switch (format) {
        case "png" -> png(r, maxPixels);
        case "jpeg" -> jpeg(r, maxPixels);
        case "gif" -> gif(r, maxPixels);
        case "bmp" -> bmp(r, maxPixels);
        case "webp" -> webp(r, maxPixels);
        default -> bmff(r, format, maxPixels);
      };
    } catch (Bad e) {
      return corrupt(format, 0, 0, e.getMessage());
    } catch (RuntimeException e) {
      return corrupt(format, 0, 0, "malformed " + format + " header (" + e.getClass().getSimpleName() + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------------- detection

  /** The format named by the magic bytes, or null. A cut-off prefix of a PNG, JPEG or GIF signature still counts. */
  static String sniff(byte[] b) {
    int n = b.length;
    if (n >= 2 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && (n == 2 || u8(b, 2) == 0xFF)) {
      return "jpeg";
    }
    if (n >= 4 && startsWith(b, PNG_MAGIC, Math.min(n, PNG_MAGIC.length))) {
      return "png";
    }
    if (n >= 4 && ascii(b, 0, 4).equals("GIF8")) {
      if (n < 6 || ascii(b, 4, 2).equals("7a") || ascii(b, 4, 2).equals("9a")) {
        return "gif";
      }
    }
    if (n >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
      return "webp";
    }
    if (n >= 2 && b[0] == 'B' && b[1] == 'M') {
      if (n >= 18 && BMP_DIB_SIZES.contains(le32(b, 14))) {
        return "bmp";
      }
      if (n >= 14 && n < 18 && le32(b, 6) == 0) {
        return "bmp"; // the file header, then the object ends: cut inside the header
      }
    }
    if (n >= 12 && ascii(b, 4, 4).equals("ftyp")) {
      return bmffBrand(b);
    }
    return null;
  }

  /** "avif", "heif" or null from the ftyp brands visible in {@code b}. */
  private static String bmffBrand(byte[] b) {
    long size = be32u(b, 0);
    long end = size < 8 ? b.length : Math.min(size, b.length);
    List<String> brands = new ArrayList<>();
    brands.add(ascii(b, 8, 4));
    for (long p = 16; p + 4 <= end; p += 4) {
      brands.add(ascii(b, (int) p, 4));
    }
    if (brands.stream().anyMatch(AVIF_BRANDS::contains)) {
      return "avif";
    }
    if (brands.stream().anyMatch(HEIF_BRANDS::contains)) {
      return "heif";
    }
    return null;
  }

  private static String unsupportedDetail(byte[] magic) {
    if (magic.length >= 12 && ascii(magic, 4, 4).equals("ftyp")) {
      return "ISO BMFF brand '" + printable(ascii(magic, 8, 4)) + "' is neither AVIF nor HEIF";
    }
    StringBuilder sb = new StringBuilder("no known image signature; first bytes");
    for (int i = 0; i < Math.min(8, magic.length); i++) {
      sb.append(String.format(" %02X", u8(magic, i)));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------------- formats

  private static Result png(RangeReader r, long maxPixels) throws IOException {
    byte[] b = r.bytes(0, 33, 33);
    if (b.length < 33) {
      throw new Bad("PNG header cut: object ends at " + r.length() + " bytes");
    }
    if (be32(b, 8) != 13 || !ascii(b, 12, 4).equals("IHDR")) {
      throw new Bad("PNG first chunk is not a 13-byte IHDR (found '" + printable(ascii(b, 12, 4)) + "', length "
          + be32u(b, 8) + ")");
    }
    CRC32 crc = new CRC32();
    crc.update(b, 12, 17);
    if ((int) crc.getValue() != be32(b, 29)) {
      throw new Bad("PNG IHDR CRC mismatch");
    }
    int depth = u8(b, 24);
    int colorType = u8(b, 25);
    boolean legal = switch (colorType) {
      case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
      case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
      case 2, 4, 6 -> depth == 8 || depth == 16;
      default -> false;
    };
    if (!legal || u8(b, 26) != 0 || u8(b, 27) != 0 || u8(b, 28) > 1) {
      throw new Bad("PNG IHDR has illegal fields (bit depth " + depth + ", color type " + colorType + ")");
    }
    return verdict("png", be32(b, 16), be32(b, 20), maxPixels, () -> {
      long len = r.length();
      byte[] tail = len >= 33 + PNG_IEND.length ? r.bytes(len - PNG_IEND.length, PNG_IEND.length, PNG_IEND.length)
          : new byte[0];
      return startsWith(tail, PNG_IEND, PNG_IEND.length) ? null : "PNG IEND missing: object ends at " + len + " bytes";
    });
  }

  private static Result jpeg(RangeReader r, long maxPixels) throws IOException {
    long len = r.length();
    long pos = 2;
    for (int step = 0; ; step++) {
      if (step >= MAX_STEPS) {
        throw new Bad("JPEG has more than " + MAX_STEPS + " markers before SOF");
      }
      byte[] m = r.bytes(pos, 4, JPEG_FETCH);
      if (m.length < 2) {
        throw new Bad("JPEG ends at " + len + " bytes before SOF");
      }
      if (u8(m, 0) != 0xFF) {
        throw new Bad(String.format("JPEG expected a marker at offset %d, found 0x%02X", pos, u8(m, 0)));
      }
      int marker = u8(m, 1);
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2; // standalone marker, no length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw new Bad(String.format("JPEG %s at offset %d before SOF", marker == 0xD9 ? "EOI" : "SOS", pos));
      }
      if (marker == 0x00) {
        throw new Bad("JPEG invalid marker 0x00 at offset " + pos);
      }
      if (m.length < 4) {
        throw new Bad("JPEG ends at " + len + " bytes inside the header");
      }
      int segLen = be16(m, 2);
      if (segLen < 2) {
        throw new Bad(String.format("JPEG segment 0x%02X at offset %d has length %d", marker, pos, segLen));
      }
      if (pos + 2 + segLen > len) {
        throw new Bad(String.format("JPEG segment 0x%02X at offset %d runs past the end: object ends at %d bytes",
            marker, pos, len));
      }
      if (isSof(marker)) {
        byte[] s = r.bytes(pos + 4, 6, JPEG_FETCH);
        int components = s.length < 6 ? 0 : u8(s, 5);
        if (components == 0 || segLen != 8 + 3 * components) {
          throw new Bad(String.format("JPEG SOF at offset %d has length %d for %d components", pos, segLen,
              components));
        }
        return verdict("jpeg", be16(s, 3), be16(s, 1), maxPixels, () -> jpegTail(r));
      }
      pos += 2 + segLen;
    }
  }

  private static boolean isSof(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static String jpegTail(RangeReader r) throws IOException {
    int n = (int) Math.min(JPEG_TAIL, r.length());
    byte[] tail = r.bytes(r.length() - n, n, n);
    for (int i = tail.length - 2; i >= 0; i--) {
      if (u8(tail, i) == 0xFF && u8(tail, i + 1) == 0xD9) {
        return null;
      }
    }
    return "JPEG EOI (FF D9) missing: object ends at " + r.length() + " bytes";
  }

  private static Result gif(RangeReader r, long maxPixels) throws IOException {
    byte[] b = r.bytes(0, 13, 13);
    if (b.length < 13) {
      throw new Bad("GIF header cut: object ends at " + r.length() + " bytes");
    }
    return verdict("gif", le16(b, 6), le16(b, 8), maxPixels, () -> {
      int last = u8(r.bytes(r.length() - 1, 1, 1), 0);
      return last == 0x3B ? null
          : String.format("GIF trailer 0x3B missing: object ends at %d bytes with 0x%02X", r.length(), last);
    });
  }

  private static Result bmp(RangeReader r, long maxPixels) throws IOException {
    byte[] b = r.bytes(0, 14 + 124, 14 + 124);
    if (b.length < 18) {
      throw new Bad("BMP header cut: object ends at " + r.length() + " bytes");
    }
    int dib = le32(b, 14);
    if (b.length < 14 + dib) {
      throw new Bad("BMP header cut: " + dib + "-byte DIB header, object ends at " + r.length() + " bytes");
    }
    long width;
    long height;
    int planes;
    int bits;
    if (dib == 12) {
      width = le16(b, 18);
      height = le16(b, 20);
      planes = le16(b, 22);
      bits = le16(b, 24);
    } else {
      width = le32(b, 18);
      int h = le32(b, 22);
      height = h < 0 ? -(long) h : h; // negative: rows stored top-down
      planes = le16(b, 26);
      bits = le16(b, 28);
    }
    if (planes != 1 || !List.of(0, 1, 2, 4, 8, 16, 24, 32, 64).contains(bits)) {
      throw new Bad("BMP header has " + planes + " planes and " + bits + " bits per pixel");
    }
    return verdict("bmp", width, height, maxPixels, () -> {
      long declared = le32u(b, 2);
      long dataOffset = le32u(b, 10);
      if (declared != 0 && declared != r.length()) {
        return "BMP header declares " + declared + " bytes, object is " + r.length();
      }
      if (dataOffset < 14 + dib || dataOffset >= r.length()) {
        return "BMP pixel data offset " + dataOffset + " is outside the object (" + r.length() + " bytes)";
      }
      return null;
    });
  }

  private static Result webp(RangeReader r, long maxPixels) throws IOException {
    byte[] b = r.bytes(0, 30, 30);
    if (b.length < 20) {
      throw new Bad("WebP header cut: object ends at " + r.length() + " bytes");
    }
    long riffEnd = le32u(b, 4) + 8;
    String chunk = ascii(b, 12, 4);
    long width;
    long height;
    switch (chunk) {
      case "VP8 " -> {
        if (b.length < 30) {
          throw new Bad("WebP VP8 header cut: object ends at " + r.length() + " bytes");
        }
        if ((u8(b, 20) & 1) != 0) {
          throw new Bad("WebP VP8 frame is not a key frame");
        }
        if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) {
          throw new Bad("WebP VP8 start code 9D 01 2A missing");
        }
        width = le16(b, 26) & 0x3FFF;
        height = le16(b, 28) & 0x3FFF;
      }
      case "VP8L" -> {
        if (b.length < 25) {
          throw new Bad("WebP VP8L header cut: object ends at " + r.length() + " bytes");
        }
        int bits = le32(b, 21);
        if (u8(b, 20) != 0x2F || (bits >>> 29) != 0) {
          throw new Bad("WebP VP8L signature 0x2F or version 0 missing");
        }
        width = (bits & 0x3FFF) + 1L;
        height = ((bits >>> 14) & 0x3FFF) + 1L;
      }
      case "VP8X" -> {
        if (b.length < 30) {
          throw new Bad("WebP VP8X header cut: object ends at " + r.length() + " bytes");
        }
        width = le24(b, 24) + 1L;
        height = le24(b, 27) + 1L;
      }
      default -> throw new Bad("WebP first chunk is '" + printable(chunk) + "', expected VP8, VP8L or VP8X");
    }
    return verdict("webp", width, height, maxPixels, () -> riffEnd == r.length() || riffEnd + 1 == r.length() ? null
        : "WebP RIFF size declares " + riffEnd + " bytes, object is " + r.length());
  }

  // ---------------------------------------------------------------------------------------------------- ISO BMFF

  /** A box: its type, where it starts, its total size and header size (offsets in the object or in a buffer). */
  private record Box(String type, long offset, long size, int header) {
    long end() {
      return offset + size;
    }

    long content() {
      return offset + header;
    }
  }

  private static Result bmff(RangeReader r, String format, long maxPixels) throws IOException {
    long len = r.length();
    Box ftyp = topBox(r, 0);
    if (!ftyp.type.equals("ftyp") || ftyp.size < 16) {
      throw new Bad("ISO BMFF ftyp box is " + ftyp.size + " bytes, too small");
    }
    long pos = ftyp.end();
    Box meta = null;
    Box moov = null;
    int step = 0;
    while (meta == null && pos < len) {
      if (++step > MAX_STEPS) {
        throw new Bad("ISO BMFF has more than " + MAX_STEPS + " top-level boxes");
      }
      Box box = topBox(r, pos);
      if (box.type.equals("meta")) {
        meta = box;
      } else if (box.type.equals("moov") && moov == null) {
        moov = box;
      }
      pos = box.end();
    }
    long[] size;
    if (meta != null) {
      size = metaSize(r, meta);
    } else if (moov != null) {
      size = trackSize(r, moov);
    } else {
      throw new Bad("ISO BMFF has no meta box (object ends at " + len + " bytes)");
    }
    long resume = pos;
    int stepsSoFar = step;
    return verdict(format, size[0], size[1], maxPixels, () -> {
      long p = resume;
      for (int s = stepsSoFar; p < len; s++) {
        if (s >= MAX_STEPS) {
          return "ISO BMFF has more than " + MAX_STEPS + " top-level boxes";
        }
        p = topBox(r, p).end();
      }
      return null;
    });
  }

  /** Reads the header of the top-level box at {@code pos} (a 16-byte range read when past the head) and checks it. */
  private static Box topBox(RangeReader r, long pos) throws IOException {
    byte[] b = r.bytes(pos, 16, 16);
    if (b.length < 8) {
      throw new Bad("ISO BMFF box header at offset " + pos + " cut: object ends at " + r.length() + " bytes");
    }
    long size = be32u(b, 0);
    String type = printable(ascii(b, 4, 4));
    int header = 8;
    if (size == 1) {
      if (b.length < 16) {
        throw new Bad("ISO BMFF box '" + type + "' at offset " + pos + " cut inside its 64-bit size");
      }
      size = be64(b, 8);
      header = 16;
    } else if (size == 0) {
      size = r.length() - pos;
    }
    if (size < header || size > r.length() - pos) {
      throw new Bad("ISO BMFF box '" + type + "' at offset " + pos + " declares " + Long.toUnsignedString(size)
          + " bytes, object ends at " + r.length() + " bytes");
    }
    return new Box(type, pos, size, header);
  }

  /** The children of the box spanning {@code [start, end)} of {@code buf}; {@code clipped}: buf ends early by cap. */
  private static List<Box> children(byte[] buf, long start, long end, boolean clipped, String parent) {
    List<Box> out = new ArrayList<>();
    long pos = start;
    while (pos < end) {
      if (out.size() >= MAX_STEPS) {
        throw new Bad("ISO BMFF '" + parent + "' has more than " + MAX_STEPS + " children");
      }
      if (end - pos < 8) {
        if (clipped) {
          break;
        }
        throw new Bad("ISO BMFF '" + parent + "' ends inside a child box header");
      }
      int p = (int) pos;
      long size = be32u(buf, p);
      String type = printable(ascii(buf, p + 4, 4));
      int header = 8;
      if (size == 1) {
        if (end - pos < 16) {
          if (clipped) {
            break;
          }
          throw new Bad("ISO BMFF '" + parent + "' ends inside the 64-bit size of '" + type + "'");
        }
        size = be64(buf, p + 8);
        header = 16;
      } else if (size == 0) {
        size = end - pos;
      }
      if (size < header) {
        throw new Bad("ISO BMFF box '" + type + "' inside '" + parent + "' declares " + size + " bytes");
      }
      if (size > end - pos) {
        if (!clipped) {
          throw new Bad("ISO BMFF box '" + type + "' inside '" + parent + "' overflows it");
        }
        size = end - pos;
      }
      out.add(new Box(type, pos, size, header));
      pos += size;
    }
    return out;
  }

  private static Box find(List<Box> boxes, String type) {
    for (Box b : boxes) {
      if (b.type.equals(type)) {
        return b;
      }
    }
    return null;
  }

  /** Width and height of the primary item, from the ispe (and irot) properties in meta / iprp. */
  private static long[] metaSize(RangeReader r, Box meta) throws IOException {
    int n = (int) Math.min(meta.size, MAX_READ);
    byte[] buf = r.bytes(meta.offset, n, n);
    boolean clipped = buf.length < meta.size;
    long end = buf.length;
    long contentStart = meta.header + 4L; // meta is a FullBox: version and flags precede its children
    List<Box> items = children(buf, Math.min(contentStart, end), end, clipped, "meta");
    Box iprp = find(items, "iprp");
    if (iprp == null) {
      throw new Bad("ISO BMFF meta has no iprp box");
    }
    List<Box> props = children(buf, iprp.content(), iprp.end(), clipped, "iprp");
    Box ipco = find(props, "ipco");
    if (ipco == null) {
      throw new Bad("ISO BMFF iprp has no ipco box");
    }
    List<Box> properties = children(buf, ipco.content(), ipco.end(), clipped, "ipco");
    List<Integer> associated = primaryProperties(buf, find(items, "pitm"), find(props, "ipma"));
    Box ispe = null;
    int angle = 0;
    for (int index : associated) {
      if (index >= 1 && index <= properties.size()) {
        Box p = properties.get(index - 1);
        if (p.type.equals("ispe") && ispe == null) {
          ispe = p;
        } else if (p.type.equals("irot") && p.size > p.header) {
          angle = u8(buf, (int) p.content()) & 3;
        }
      }
    }
    long[] size = ispe == null ? null : ispeSize(buf, ispe);
    if (size == null) {
      for (Box p : properties) {
        long[] s = p.type.equals("ispe") ? ispeSize(buf, p) : null;
        if (s != null && (size == null || (double) s[0] * s[1] > (double) size[0] * size[1])) {
          size = s;
        }
      }
    }
    if (size == null) {
      throw new Bad("ISO BMFF has no ispe property");
    }
    return angle == 1 || angle == 3 ? new long[] {size[1], size[0]} : size;
  }

  /** The 1-based ipco indices associated with the primary item, or none when pitm or ipma is missing. */
  private static List<Integer> primaryProperties(byte[] buf, Box pitm, Box ipma) {
    List<Integer> out = new ArrayList<>();
    if (pitm == null || ipma == null || pitm.size < pitm.header + 6L || ipma.size < ipma.header + 8L) {
      return out;
    }
    int p = (int) pitm.content();
    long primary = u8(buf, p) == 0 ? be16(buf, p + 4) : (pitm.size >= pitm.header + 8L ? be32u(buf, p + 4) : -1);
    int q = (int) ipma.content();
    int version = u8(buf, q);
    boolean wideIndex = (u8(buf, q + 3) & 1) != 0;
    long entries = be32u(buf, q + 4);
    long pos = q + 8L;
    long end = ipma.end();
    for (long e = 0; e < entries && e < MAX_STEPS; e++) {
      int idSize = version < 1 ? 2 : 4;
      if (pos + idSize + 1 > end) {
        break;
      }
      long item = idSize == 2 ? be16(buf, (int) pos) : be32u(buf, (int) pos);
      int count = u8(buf, (int) pos + idSize);
      pos += idSize + 1;
      for (int a = 0; a < count; a++) {
        int width = wideIndex ? 2 : 1;
        if (pos + width > end) {
          return out;
        }
        int index = wideIndex ? be16(buf, (int) pos) & 0x7FFF : u8(buf, (int) pos) & 0x7F;
        if (item == primary) {
          out.add(index);
        }
        pos += width;
      }
    }
    return out;
  }

  /** {width, height} from an ispe FullBox, or null when it is too short. */
  private static long[] ispeSize(byte[] buf, Box ispe) {
    if (ispe.size < ispe.header + 12L) {
      return null;
    }
    int p = (int) ispe.content() + 4;
    return new long[] {be32u(buf, p), be32u(buf, p + 4)};
  }

  /** Width and height of the first track whose header declares a nonzero size (image sequences without meta). */
  private static long[] trackSize(RangeReader r, Box moov) throws IOException {
    int n = (int) Math.min(moov.size, MAX_READ);
    byte[] buf = r.bytes(moov.offset, n, n);
    boolean clipped = buf.length < moov.size;
    for (Box trak : children(buf, Math.min(moov.header, buf.length), buf.length, clipped, "moov")) {
      if (!trak.type.equals("trak")) {
        continue;
      }
      Box tkhd = find(children(buf, trak.content(), trak.end(), clipped, "trak"), "tkhd");
      if (tkhd == null) {
        continue;
      }
      int at = u8(buf, (int) tkhd.content()) == 1 ? 88 : 76; // version 1 has 64-bit times and duration
      if (tkhd.size >= tkhd.header + at + 8L) {
        int p = (int) tkhd.content() + at;
        long width = be32u(buf, p) >>> 16; // 16.16 fixed point
        long height = be32u(buf, p + 4) >>> 16;
        if (width > 0 && height > 0) {
          return new long[] {width, height};
        }
      }
    }
    throw new Bad("ISO BMFF has no meta box and no track with a size");
  }

  // ---------------------------------------------------------------------------------------------------- verdict

  /** Checks the rest of the object once the header is known; returns a problem description, or null when sound. */
  @FunctionalInterface
  private interface Integrity {
    String check() throws IOException;
  }

  /** Applies the shared order: nonpositive dimensions, then the pixel cap, then the end-of-object checks. */
  private static Result verdict(String format, long width, long height, long maxPixels, Integrity integrity)
      throws IOException {
    int w = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, width));
    int h = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, height));
    if (width <= 0 || height <= 0) {
      return corrupt(format, w, h, format + " declares " + width + "x" + height);
    }
    if (width > maxPixels / height) {
      return new Result(format, w, h, PIXEL_BOMB, "declares " + width + "x" + height + " = "
          + Long.toUnsignedString(width * height) + " px > " + maxPixels);
    }
    String problem;
    try {
      problem = integrity.check();
    } catch (Bad e) {
      problem = e.getMessage();
    } catch (RuntimeException e) {
      problem = "malformed " + format + " structure (" + e.getClass().getSimpleName() + ")";
    }
    return problem == null ? new Result(format, w, h, null, null) : corrupt(format, w, h, problem);
  }

  private static Result corrupt(String format, int width, int height, String detail) {
    return new Result(format, width, height, CORRUPT_MEDIA, detail);
  }

  /** A header problem found while parsing; becomes {@link #CORRUPT_MEDIA} with its message as the detail. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String detail) {
      super(detail, null, false, false);
    }
  }

  // ---------------------------------------------------------------------------------------------------- bytes

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int be16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static int be32(byte[] b, int i) {
    return (u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
  }

  private static long be32u(byte[] b, int i) {
    return be32(b, i) & 0xFFFFFFFFL;
  }

  private static long be64(byte[] b, int i) {
    return (be32u(b, i) << 32) | be32u(b, i + 4);
  }

  private static int le16(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8);
  }

  private static int le24(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16);
  }

  private static int le32(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | (u8(b, i + 3) << 24);
  }

  private static long le32u(byte[] b, int i) {
    return le32(b, i) & 0xFFFFFFFFL;
  }

  private static String ascii(byte[] b, int i, int n) {
    return new String(b, i, n, StandardCharsets.ISO_8859_1);
  }

  /** The string with anything outside printable ASCII replaced by '?', for details. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return sb.toString();
  }

  private static boolean startsWith(byte[] b, byte[] prefix, int n) {
    if (b.length < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
