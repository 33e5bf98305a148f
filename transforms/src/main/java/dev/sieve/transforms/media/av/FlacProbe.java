package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import java.io.IOException;

/**
 * Reads a native FLAC stream's header without decoding it.
 *
 * <p>Algorithm: skip any ID3v2 tags in front (ffmpeg does too), expect {@code fLaC}, then walk the metadata blocks by
 * their 4-byte headers (last-block flag, 7-bit type, 24-bit length) until the last one. The first block must be a
 * STREAMINFO of at least 34 bytes: sample rate (20 bits), channels (3 bits + 1) and total samples (36 bits) give
 * codec {@code flac}, rate, channels and duration = total samples / rate. A total of 0 means "unknown" (a stream
 * written to a pipe): ffprobe then reports no duration, and so does this probe ({@code NaN}). After the last block
 * must come an audio frame: the 14-bit frame sync {@code 11111111 111110} followed by the reserved 0 bit.
 *
 * <p>What it reads: the 4-byte block headers and the STREAMINFO, which sit in the caller's head unless a large block
 * (a picture, say) lies in front of them; each header past the head costs one 16 KiB range read. Never the object's
 * end.
 *
 * <p>Corrupt: no {@code fLaC} after the tags; a first block that is not a STREAMINFO of at least 34 bytes; a sample
 * rate or block type that is invalid (0, 127); a metadata block running past the end of the object; more than
 * {@value #MAX_BLOCKS} blocks; no frame sync right after the metadata (this is what a file cut inside its metadata or
 * right after it looks like). A file cut inside its audio frames is not detected: FLAC declares no byte length, and
 * finding the cut would mean reading the end of the object and searching back for a frame.
 */
final class FlacProbe {
  private static final int MAX_BLOCKS = 1024;

  private FlacProbe() {}

  /** Whether {@code head} starts with {@code fLaC}, or with ID3v2 tags followed by {@code fLaC}. */
  static boolean sniff(byte[] head) {
    long at = Mp3Probe.id3v2End(head);
    return at + 4 <= head.length && Bytes.ascii(head, (int) at, 4).equals("fLaC");
  }

  static AvInfo probe(RangeReader r) throws IOException {
    long start = Mp3Probe.tagsEnd(r, 0);
    byte[] magic = r.bytes(start, 4);
    BadMedia.check(magic.length == 4 && Bytes.ascii(magic, 0, 4).equals("fLaC"), "no fLaC marker at byte %d", start);
    long pos = start + 4;
    AvInfo.Builder b = AvInfo.builder("flac");
    long minAudio = 0;
    for (int i = 0; ; i++) {
      BadMedia.check(i < MAX_BLOCKS, "more than %d FLAC metadata blocks", MAX_BLOCKS);
      byte[] h = r.exactly(pos, 4, "FLAC metadata block header");
      boolean last = (h[0] & 0x80) != 0;
      int type = h[0] & 0x7F;
      int size = Bytes.be24(h, 1);
      BadMedia.check(type != 127, "invalid FLAC metadata block type 127 at byte %d", pos);
      BadMedia.check(pos + 4 + size <= r.length(), "FLAC metadata block (type %d) at byte %d declares %d bytes, the "
          + "object ends at %d", type, pos, size, r.length());
      if (i == 0) {
        BadMedia.check(type == 0 && size >= 34, "the first FLAC metadata block is type %d of %d bytes, not a STREAMINFO",
            type, size);
        minAudio = streamInfo(r.exactly(pos + 4, 18, "FLAC STREAMINFO"), b);
      }
      pos += 4 + size;
      if (last) {
        break;
      }
    }
    byte[] sync = r.bytes(pos, 2);
    BadMedia.check(sync.length == 2 && (Bytes.be16(sync, 0) & 0xFFFE) == 0xFFF8,
        "no FLAC audio frame after the metadata at byte %d (the object ends at %d)", pos, r.length());
    BadMedia.check(r.length() - pos >= minAudio, "the FLAC STREAMINFO needs at least %d bytes of audio frames, the "
        + "object has %d after its metadata", minAudio, r.length() - pos);
    return b.build(r.length());
  }

  /**
   * Sets rate, channels and duration from the first 18 bytes of a STREAMINFO block body; returns the fewest bytes its
   * frames can take: at least ceil(total samples / largest block size) frames of at least the smallest frame size (0
   * when a field is unknown).
   */
  private static long streamInfo(byte[] s, AvInfo.Builder b) {
    int maxBlock = Bytes.be16(s, 2);
    long minFrame = Bytes.be24(s, 4);
    int rate = Bytes.be24(s, 10) >>> 4;
    int channels = ((s[12] >> 1) & 7) + 1;
    long samples = ((s[13] & 0x0FL) << 32) | Bytes.be32u(s, 14);
    BadMedia.check(rate > 0, "FLAC STREAMINFO declares a sample rate of 0");
    b.audio("flac", rate, channels);
    if (samples == 0) {
      return 0;
    }
    b.duration((double) samples / rate);
    return maxBlock == 0 ? 0 : (samples + maxBlock - 1) / maxBlock * minFrame;
  }
}
