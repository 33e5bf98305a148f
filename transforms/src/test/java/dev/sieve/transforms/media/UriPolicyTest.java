package dev.sieve.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UriPolicyTest {
  private final UriPolicy policy =
      new UriPolicy(List.of("oss://media-bucket/images", "file:///data/media/"), "oss://media-bucket/images/2026/");

  private void allowed(String raw, String expected) {
    UriPolicy.Decision d = policy.check(raw);
    assertTrue(d.allowed(), raw + ": " + d.detail());
    assertEquals(expected, d.uri());
  }

  private void refused(String raw, String detailPart) {
    UriPolicy.Decision d = policy.check(raw);
    assertFalse(d.allowed(), raw + " was allowed as " + d.uri());
    assertTrue(d.detail().contains(detailPart), raw + ": " + d.detail());
  }

  @Test
  void urisUnderAPrefixAreAllowedAndNormalized() {
    allowed("oss://media-bucket/images/a/b.jpg", "oss://media-bucket/images/a/b.jpg");
    allowed("OSS://media-bucket/images/x.png", "oss://media-bucket/images/x.png");
    allowed("file:///data/media/cat.gif", "file:///data/media/cat.gif");
    allowed("file:/data/media/cat.gif", "file:///data/media/cat.gif");
    allowed("oss://media-bucket/images/with%20space.jpg", "oss://media-bucket/images/with%20space.jpg");
  }

  @Test
  void relativeUrisResolveAgainstTheBase() {
    allowed("11/28/c.webp", "oss://media-bucket/images/2026/11/28/c.webp");
    allowed("/images/top.jpg", "oss://media-bucket/images/top.jpg");
    refused("/etc/passwd", "not under media.allowed_prefixes");
    UriPolicy noBase = new UriPolicy(List.of("oss://b/"), null);
    assertEquals("relative URI and no media.base_uri", noBase.check("a.jpg").detail());
  }

  @Test
  void hostileUrisAreRefusedWithoutTouchingAnything() {
    refused("file:///etc/passwd", "not under media.allowed_prefixes");
    refused("oss://other-bucket/images/a.jpg", "not under media.allowed_prefixes");
    refused("oss://media-bucket/imagesX/a.jpg", "not under media.allowed_prefixes");
    refused("oss://media-bucket/images/../secrets/k.pem", "'..' path segment");
    refused("../../etc/passwd", "'..' path segment");
    refused("oss://media-bucket/images/%2e%2e/secrets", "path segment");
    refused("oss://media-bucket/images/a/./b.jpg", "'.' path segment");
    refused("oss://media-bucket/images/a%2fb.jpg", "encoded path separator");
    refused("oss://media-bucket/images//a.jpg", "empty path segment");
    refused("oss://media-bucket/images/a.jpg?x-oss-process=image", "query or fragment");
    refused("oss://media-bucket/images/a.jpg#frag", "query or fragment");
    refused("oss://media-bucket/images/a\\..\\b.jpg", "backslash");
    refused("oss://media-bucket/images/a\u0000.jpg", "control character");
    refused("http://169.254.169.254/latest/meta-data", "not under media.allowed_prefixes");
    refused("oss:media-bucket/images/a.jpg", "not an absolute URI");
    refused("oss://media-bucket/images/", "not under media.allowed_prefixes"); // the prefix itself is no object
    refused("  ", "empty URI");
    refused("oss://media-bucket/images/%zz.jpg", "bad percent-encoding");
  }

  @Test
  void badPrefixesFailAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new UriPolicy(List.of(), null));
    assertThrows(IllegalArgumentException.class, () -> new UriPolicy(List.of("relative/dir"), null));
    assertThrows(IllegalArgumentException.class, () -> new UriPolicy(List.of("oss://b/a/../"), null));
  }
}
