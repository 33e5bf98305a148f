package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.media.image.GrayImage;
import dev.sieve.transforms.media.image.ImageDecoder;
import dev.sieve.transforms.media.image.PerceptualHash;
import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a whole image object once and computes what deduplication needs: the SHA-256 of its bytes (exact
 * duplicates) and its dHash and pHash ({@link PerceptualHash}, near duplicates), decoding it downscaled ({@link
 * ImageDecoder}). Unlike probing, this reads every byte, so it is done only for rows that passed every other check.
 *
 * <p>The object is read in blocks of {@link #BLOCK} bytes. The digest is computed as the blocks stream by, whatever
 * the object's size; the bytes are held in memory only for decoding, and only up to {@code maxDecodeBytes}: a larger
 * object gets its SHA-256 but no perceptual hash, and so does an object of a format nothing decodes (AVIF, HEIF).
 * Such skips are not rejections; {@link Result#skipped} says why. An object that does not decode is {@code
 * corrupt_media}. Immutable and thread-safe.
 */
public final class ImageFingerprinter implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bytes per read. */
  public static final int BLOCK = 1 << 20;

  /** What to compute: the digest, the perceptual hashes (up to an object size), the pixel cap for decoding. */
  public record Settings(boolean sha256, boolean perceptual, long maxDecodeBytes, long maxPixels)
      implements Serializable {
    public Settings {
      Preconditions.checkArgument(maxDecodeBytes >= 1 && maxDecodeBytes <= Integer.MAX_VALUE - 8,
          "max decode bytes must be in 1..%s, got %s", Integer.MAX_VALUE - 8, maxDecodeBytes);
      Preconditions.checkArgument(maxPixels >= 1, "max pixels must be >= 1, got %s", maxPixels);
    }
  }

  /**
   * The fingerprint, or why there is none. {@code sha256} is lower-case hex or null when not computed; {@code
   * dhash}/{@code phash} are null when not computed, {@code skipped} then saying why; {@code reason} and {@code
   * detail} are set when the object is to be rejected.
   */
  public record Result(String sha256, Long dhash, Long phash, String skipped, String reason, String detail)
      implements Serializable {}

  private final Settings settings;

  public ImageFingerprinter(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /** Reads {@code source} (an image of the probed {@code format}) and fingerprints it. */
  public Result fingerprint(RangeSource source, String format) throws IOException {
    long length = source.length();
    String skipped = null;
    boolean decode = false;
    if (settings.perceptual()) {
      if (!ImageDecoder.canDecode(format)) {
        skipped = "no decoder for " + format;
      } else if (length > settings.maxDecodeBytes()) {
        skipped = "object larger than " + settings.maxDecodeBytes() + " bytes";
      } else {
        decode = true;
      }
    }
    if (!decode && !settings.sha256()) {
      return new Result(null, null, null, skipped, null, null);
    }
    MessageDigest digest = settings.sha256() ? sha256() : null;
    byte[] all = decode ? new byte[(int) length] : null;
    long at = 0;
    while (at < length) {
      byte[] block = source.read(at, (int) Math.min(BLOCK, length - at));
      if (block.length == 0) {
        throw new IOException("the object ended at byte " + at + " of the " + length + " listed");
      }
      if (digest != null) {
        digest.update(block);
      }
      if (all != null) {
        System.arraycopy(block, 0, all, (int) at, block.length);
      }
      at += block.length;
    }
    String sha = digest == null ? null : HexFormat.of().formatHex(digest.digest());
    if (!decode) {
      return new Result(sha, null, null, skipped, null, null);
    }
    GrayImage gray;
    try {
      gray = ImageDecoder.decode(all, format, settings.maxPixels());
    } catch (IOException e) {
      return new Result(sha, null, null, null, ReasonCodes.CORRUPT_MEDIA, clip("does not decode: " + e.getMessage()));
    }
    return new Result(sha, PerceptualHash.dhash(gray), PerceptualHash.phash(gray), null, null, null);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String clip(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
