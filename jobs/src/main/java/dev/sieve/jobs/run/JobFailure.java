package dev.sieve.jobs.run;

/** A run failed after it started; the message says where and why, and the previous output is untouched. */
public final class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
