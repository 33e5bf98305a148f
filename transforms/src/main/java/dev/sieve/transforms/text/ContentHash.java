package dev.sieve.transforms.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The content hash exact dedup groups on: the first 128 bits of SHA-256 over the UTF-8 bytes of the (normalized)
 * text, as 32 lowercase hex digits. Anyone can recompute it ({@code printf %s "$text" | sha256sum | cut -c1-32});
 * 128 bits keep the chance of any collision among 10^12 documents below 10^-14.
 *
 * <p>Not thread-safe: keep one instance per thread or partition.
 */
public final class ContentHash {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final MessageDigest sha256;

  public ContentHash() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public String hex128(String text) {
    byte[] digest = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }
}
