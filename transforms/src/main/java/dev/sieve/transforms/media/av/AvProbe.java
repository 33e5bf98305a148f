package dev.sieve.transforms.media.av;

import dev.sieve.transforms.media.RangeReader;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.media.RangeSource;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Probes an audio or video object from its head and a few targeted range reads: recognizes the container by its
 * signature, then lets that container's parser read what it needs.
 *
 * <table>
 *   <caption>containers, in the order their signatures are tried</caption>
 *   <tr><th>container</th><th>parser</th><th>reads beyond the head</th></tr>
 *   <tr><td>wav, aiff</td><td>{@link WavProbe}</td><td>chunk headers past the head</td></tr>
 *   <tr><td>avi</td><td>{@link AviProbe}</td><td>header lists past the head</td></tr>
 *   <tr><td>ogg</td><td>{@link OggProbe}</td><td>the tail (last granule position)</td></tr>
 *   <tr><td>matroska, webm</td><td>{@link MatroskaProbe}</td><td>Info / Tracks where the SeekHead points</td></tr>
 *   <tr><td>flac</td><td>{@link FlacProbe}</td><td>metadata blocks past the head</td></tr>
 *   <tr><td>mp4, mov, m4a</td><td>{@link Mp4Probe}</td><td>top-level box headers, then {@code moov} wherever it
 *       is</td></tr>
 *   <tr><td>mp3</td><td>{@link Mp3Probe}</td><td>past a large ID3v2 tag; the last 128 bytes (ID3v1)</td></tr>
 * </table>
 *
 * <p>No signature is {@code unsupported_format}. A structure the parser finds broken or cut off is
 * {@code corrupt_media} with the parser's detail; so is anything else malformed enough to make a parser fail. An
 * {@link IOException} from the source is passed on (the caller reports it as a failed probe). Pure and
 * thread-safe.
 */
public final class AvProbe {
  /** The containers this probe recognizes. */
  public static final List<String> CONTAINERS =
      List.of("wav", "aiff", "avi", "ogg", "matroska", "webm", "flac", "mp4", "mov", "m4a", "mp3");

  private AvProbe() {}

  /**
   * What the probe found: the streams, or why the object is refused ({@code reason} and {@code detail} set;
   * {@code container} too when the signature was recognized).
   */
  public record Result(String container, AvInfo info, String reason, String detail) {
    public boolean ok() {
      return reason == null;
    }
  }

  /**
   * @param source the object
   * @param head its first bytes, already read (any number; the parsers read what else they need)
   */
  public static Result probe(RangeSource source, byte[] head) throws IOException {
    Objects.requireNonNull(source, "source");
    if (source.length() == 0) {
      return new Result(null, null, ReasonCodes.EMPTY_OBJECT, "the object has 0 bytes");
    }
    RangeReader r = new RangeReader(source, head);
    byte[] sniff = r.bytes(0, 4096);
    String container = sniffed(sniff);
    if (container == null) {
      return new Result(null, null, ReasonCodes.UNSUPPORTED_FORMAT,
          "no known audio or video signature (first bytes " + HexFormat.of().formatHex(sniff, 0,
              Math.min(12, sniff.length)) + ")");
    }
    try {
      AvInfo info = switch (container) {
        case "wav", "aiff" -> WavProbe.probe(r);
        case "avi" -> AviProbe.probe(r);
        case "ogg" -> OggProbe.probe(r);
        case "matroska" -> MatroskaProbe.probe(r);
        case "flac" -> FlacProbe.probe(r);
        case "mp4" -> Mp4Probe.probe(r);
        default -> Mp3Probe.probe(r);
      };
      return new Result(info.container(), info, null, null);
    } catch (BadMedia e) {
      return new Result(container, null, ReasonCodes.CORRUPT_MEDIA, e.getMessage());
    } catch (RuntimeException e) {
      return new Result(container, null, ReasonCodes.CORRUPT_MEDIA,
          "malformed " + container + " structure (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The parser family whose signature {@code head} starts with; null when none. */
  static String sniffed(byte[] head) {
    if (WavProbe.sniff(head)) {
      return head[0] == 'F' ? "aiff" : "wav";
    }
    if (AviProbe.sniff(head)) {
      return "avi";
    }
    if (OggProbe.sniff(head)) {
      return "ogg";
    }
    if (MatroskaProbe.sniff(head)) {
      return "matroska";
    }
    if (FlacProbe.sniff(head)) {
      return "flac";
    }
    if (Mp4Probe.sniff(head)) {
      return "mp4";
    }
    if (Mp3Probe.sniff(head)) {
      return "mp3";
    }
    return null;
  }
}
