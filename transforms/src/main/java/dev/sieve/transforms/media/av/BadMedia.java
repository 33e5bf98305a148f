package dev.sieve.transforms.media.av;

/**
 * A problem in an object's structure found while parsing (a truncated box, a size past the end, an impossible
 * value); the probe turns it into {@code corrupt_media} with the message as the detail. Carries no stack trace.
 */
public final class BadMedia extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadMedia(String detail) {
    super(detail, null, false, false);
  }

  /** Throws a {@link BadMedia} with the formatted detail unless {@code ok}. */
  public static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new BadMedia(String.format(java.util.Locale.ROOT, format, args));
    }
  }
}
