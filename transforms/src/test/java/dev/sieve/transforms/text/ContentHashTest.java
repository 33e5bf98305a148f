package dev.sieve.transforms.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ContentHashTest {
  private final ContentHash hash = new ContentHash();

  @Test
  void isTheFirst128BitsOfSha256() {
    // sha256("") and sha256("abc"), FIPS 180-2 test vectors, first 32 hex digits.
    assertEquals("e3b0c44298fc1c149afbf4c8996fb924", hash.hex128(""));
    assertEquals("ba7816bf8f01cfea414140de5dae2223", hash.hex128("abc"));
  }

  @Test
  void hashesUtf8Bytes() {
    // printf 'é' | sha256sum | cut -c1-32  (the UTF-8 bytes c3 a9)
    assertEquals("4a99557e4033c3539de2eb65472017ca", hash.hex128("é"));
    assertNotEquals(hash.hex128("e"), hash.hex128("é"));
    assertEquals(hash.hex128("é"), new ContentHash().hex128("é"));
  }
}
