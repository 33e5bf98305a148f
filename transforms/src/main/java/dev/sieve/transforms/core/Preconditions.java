package dev.sieve.transforms.core;

/** Argument checks whose messages name the offending value. */
public final class Preconditions {
  private Preconditions() {}

  public static void checkArgument(boolean ok, String messageFormat, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(messageFormat, args));
    }
  }

  public static void checkState(boolean ok, String messageFormat, Object... args) {
    if (!ok) {
      throw new IllegalStateException(String.format(messageFormat, args));
    }
  }

  public static <T> T checkNotNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }
}
