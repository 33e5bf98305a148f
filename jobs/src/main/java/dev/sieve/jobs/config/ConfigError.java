package dev.sieve.jobs.config;

/** A configuration or command-line problem the user can fix; the message names the key or option. */
public final class ConfigError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigError(String message) {
    super(message);
  }

  public ConfigError(String message, Throwable cause) {
    super(message, cause);
  }
}
