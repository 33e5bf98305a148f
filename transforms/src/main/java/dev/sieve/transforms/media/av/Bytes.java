package dev.sieve.transforms.media.av;

import java.nio.charset.StandardCharsets;

/** Unsigned big- and little-endian reads from byte arrays, for the container parsers. */
public final class Bytes {
  private Bytes() {}

  public static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  public static int be16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  public static int be24(byte[] b, int i) {
    return (u8(b, i) << 16) | (u8(b, i + 1) << 8) | u8(b, i + 2);
  }

  public static int be32(byte[] b, int i) {
    return (u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
  }

  public static long be32u(byte[] b, int i) {
    return be32(b, i) & 0xFFFFFFFFL;
  }

  public static long be64(byte[] b, int i) {
    return (be32u(b, i) << 32) | be32u(b, i + 4);
  }

  public static int le16(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8);
  }

  public static int le32(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | (u8(b, i + 3) << 24);
  }

  public static long le32u(byte[] b, int i) {
    return le32(b, i) & 0xFFFFFFFFL;
  }

  public static long le64(byte[] b, int i) {
    return le32u(b, i) | (le32u(b, i + 4) << 32);
  }

  /** {@code n} bytes as ISO-8859-1 text (four-character codes). */
  public static String ascii(byte[] b, int i, int n) {
    return new String(b, i, n, StandardCharsets.ISO_8859_1);
  }

  /** The string with anything outside printable ASCII replaced by '?', for details. */
  public static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return sb.toString();
  }
}
