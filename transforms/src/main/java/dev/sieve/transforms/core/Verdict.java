package dev.sieve.transforms.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * The outcome of one check on one record: keep it, or reject it with a stable reason code and a human detail.
 *
 * <p>Reason codes are part of the output contract (they land in {@code reject_reason}); see {@link ReasonCodes}.
 */
public record Verdict(boolean kept, String reason, String detail) implements Serializable {

  private static final Verdict KEEP = new Verdict(true, null, null);

  public Verdict {
    if (kept) {
      Preconditions.checkArgument(reason == null, "a kept verdict has no reason, got '%s'", reason);
    } else {
      Preconditions.checkArgument(
          reason != null && !reason.isBlank(), "a rejecting verdict needs a reason code, got '%s'", reason);
    }
  }

  /** The verdict that keeps the record. */
  public static Verdict pass() {
    return KEEP;
  }

  public static Verdict reject(String reason, String detail) {
    return new Verdict(false, Objects.requireNonNull(reason, "reason"), detail);
  }

  public boolean rejected() {
    return !kept;
  }
}
