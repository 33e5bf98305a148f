package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.ReasonCodes;
import dev.sieve.transforms.core.Verdict;
import dev.sieve.transforms.text.Whitespace;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The image manifest's filters over what a probe found and what the row declared, in this order; the first that
 * fails decides: {@code format_not_allowed}, {@code bytes_out_of_range}, {@code too_small} (shorter side),
 * {@code aspect_ratio} (long side / short side), {@code declared_mismatch} (every declared field that differs is
 * named), {@code bad_caption}. A limit of 0 (or an empty list) turns its check off; a declared value that is null is
 * not compared. Declared formats compare case-insensitively, with {@code jpg} = {@code jpeg}, {@code tif} =
 * {@code tiff}, {@code heic} = {@code heif}, and a MIME type's subtype ({@code image/png}) as the format.
 * Pure, immutable and thread-safe.
 */
public final class ImageChecks implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The limits; 0 or empty disables a check. */
  public record Settings(int minSide, double maxAspectRatio, long minBytes, long maxBytes, Set<String> allowedFormats,
      boolean checkDeclared, int captionMinChars, int captionMinWords) implements Serializable {
    public Settings {
      Preconditions.checkArgument(minSide >= 0, "min side must be >= 0, got %s", minSide);
      Preconditions.checkArgument(maxAspectRatio == 0 || maxAspectRatio >= 1,
          "max aspect ratio must be 0 (off) or >= 1, got %s", maxAspectRatio);
      Preconditions.checkArgument(minBytes >= 0 && maxBytes >= 0, "byte limits must be >= 0, got %s / %s", minBytes,
          maxBytes);
      Preconditions.checkArgument(maxBytes == 0 || maxBytes >= minBytes, "max bytes %s < min bytes %s", maxBytes,
          minBytes);
      Preconditions.checkArgument(captionMinChars >= 0 && captionMinWords >= 0, "caption limits must be >= 0");
      List<String> formats = new ArrayList<>();
      for (String f : Preconditions.checkNotNull(allowedFormats, "allowedFormats")) {
        formats.add(canonicalFormat(f));
      }
      allowedFormats = Set.copyOf(formats);
    }
  }

  /** What the row declared (null fields are not compared) and its caption (null when the manifest has none). */
  public record Declared(String format, Long width, Long height, Long bytes) implements Serializable {}

  private final Settings settings;

  public ImageChecks(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /** {@code jpg} → {@code jpeg}, {@code image/png} → {@code png}, lowercased. */
  public static String canonicalFormat(String f) {
    if (f == null) {
      return null;
    }
    String s = f.trim().toLowerCase(Locale.ROOT);
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(slash + 1);
    }
    switch (s) {
      case "jpg": case "jpe": case "pjpeg": return "jpeg";
      case "tif": return "tiff";
      case "heic": return "heif";
      case "x-ms-bmp": return "bmp";
      default: return s;
    }
  }

  /**
   * @param format probed format (never null for a probed image)
   * @param captionPresent whether the manifest has a caption column at all (the caption check needs one)
   */
  public Verdict check(String format, int width, int height, long bytes, Declared declared, boolean captionPresent,
      String caption) {
    Settings s = settings;
    if (!s.allowedFormats().isEmpty() && !s.allowedFormats().contains(format)) {
      return Verdict.reject(ReasonCodes.FORMAT_NOT_ALLOWED, format + " is not in " + s.allowedFormats());
    }
    if ((s.minBytes() > 0 && bytes < s.minBytes()) || (s.maxBytes() > 0 && bytes > s.maxBytes())) {
      return Verdict.reject(ReasonCodes.BYTES_OUT_OF_RANGE, bytes + " bytes, allowed " + s.minBytes() + " .. "
          + (s.maxBytes() == 0 ? "any" : s.maxBytes()));
    }
    int shorter = Math.min(width, height);
    int longer = Math.max(width, height);
    if (s.minSide() > 0 && shorter < s.minSide()) {
      return Verdict.reject(ReasonCodes.TOO_SMALL, width + "x" + height + ": shorter side " + shorter + " < "
          + s.minSide());
    }
    if (s.maxAspectRatio() > 0 && shorter > 0 && (double) longer / shorter > s.maxAspectRatio()) {
      return Verdict.reject(ReasonCodes.ASPECT_RATIO, width + "x" + height + ": aspect ratio "
          + String.format(Locale.ROOT, "%.3f", (double) longer / shorter) + " > " + s.maxAspectRatio());
    }
    if (s.checkDeclared() && declared != null) {
      List<String> diff = new ArrayList<>();
      if (declared.format() != null && !canonicalFormat(declared.format()).equals(format)) {
        diff.add("format declared " + declared.format() + ", is " + format);
      }
      if (declared.width() != null && declared.width() != width) {
        diff.add("width declared " + declared.width() + ", is " + width);
      }
      if (declared.height() != null && declared.height() != height) {
        diff.add("height declared " + declared.height() + ", is " + height);
      }
      if (declared.bytes() != null && declared.bytes() != bytes) {
        diff.add("bytes declared " + declared.bytes() + ", is " + bytes);
      }
      if (!diff.isEmpty()) {
        return Verdict.reject(ReasonCodes.DECLARED_MISMATCH, String.join("; ", diff));
      }
    }
    if (captionPresent && (s.captionMinChars() > 0 || s.captionMinWords() > 0)) {
      String c = caption == null ? "" : Whitespace.collapse(caption);
      int chars = c.codePointCount(0, c.length());
      int words = c.isEmpty() ? 0 : c.split(" ").length;
      if (chars < s.captionMinChars() || words < s.captionMinWords()) {
        return Verdict.reject(ReasonCodes.BAD_CAPTION, caption == null ? "no caption"
            : "caption has " + chars + " chars and " + words + " words; needs " + s.captionMinChars() + " and "
                + s.captionMinWords());
      }
    }
    return Verdict.pass();
  }
}
