package dev.sieve.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.transforms.core.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageChecksTest {
  private static final ImageChecks.Declared NONE = new ImageChecks.Declared(null, null, null, null);

  private static ImageChecks checks(int minSide, double aspect, long minBytes, long maxBytes, Set<String> formats,
      int captionChars, int captionWords) {
    return new ImageChecks(new ImageChecks.Settings(minSide, aspect, minBytes, maxBytes, formats, true, captionChars,
        captionWords));
  }

  @Test
  void eachRuleRejectsWithItsCodeAndTheFirstFailingRuleDecides() {
    ImageChecks c = checks(200, 3, 5_000, 1_000_000, Set.of("JPG", "png"), 5, 2);
    assertTrue(c.check("jpeg", 640, 480, 50_000, NONE, true, "a red bicycle").kept());
    assertEquals("format_not_allowed", c.check("gif", 640, 480, 50_000, NONE, true, "a cat").reason());
    assertEquals("bytes_out_of_range", c.check("png", 640, 480, 4_999, NONE, true, "a red bicycle").reason());
    assertEquals("bytes_out_of_range", c.check("png", 640, 480, 1_000_001, NONE, true, "a red bicycle").reason());
    Verdict small = c.check("png", 640, 199, 50_000, NONE, true, "a red bicycle");
    assertEquals("too_small", small.reason());
    assertEquals("640x199: shorter side 199 < 200", small.detail());
    Verdict wide = c.check("png", 1201, 400, 50_000, NONE, true, "a red bicycle");
    assertEquals("aspect_ratio", wide.reason());
    assertTrue(c.check("png", 1200, 400, 50_000, NONE, true, "a red bicycle").kept(), "3.0 is allowed");
    assertEquals("bad_caption", c.check("png", 640, 480, 50_000, NONE, true, "bike").reason());
    assertEquals("bad_caption", c.check("png", 640, 480, 50_000, NONE, true, "  redbicycle  ").reason());
    assertEquals("no caption", c.check("png", 640, 480, 50_000, NONE, true, null).detail());
    assertTrue(c.check("png", 640, 480, 50_000, NONE, false, null).kept(), "no caption column: not checked");
  }

  @Test
  void declaredMismatchNamesEveryDifferingField() {
    ImageChecks c = checks(0, 0, 0, 0, Set.of(), 0, 0);
    assertTrue(c.check("jpeg", 640, 480, 1234, new ImageChecks.Declared("image/JPG", 640L, 480L, 1234L), false, null)
        .kept());
    Verdict v = c.check("png", 640, 480, 1234, new ImageChecks.Declared("jpeg", 641L, 480L, 99L), false, null);
    assertEquals("declared_mismatch", v.reason());
    assertEquals("format declared jpeg, is png; width declared 641, is 640; bytes declared 99, is 1234", v.detail());
    ImageChecks off = new ImageChecks(new ImageChecks.Settings(0, 0, 0, 0, Set.of(), false, 0, 0));
    assertTrue(off.check("png", 1, 1, 1, new ImageChecks.Declared("jpeg", 9L, 9L, 9L), false, null).kept());
  }

  @Test
  void zeroLimitsAreOffAndBadLimitsFailFast() {
    assertTrue(checks(0, 0, 0, 0, Set.of(), 0, 0).check("gif", 1, 10_000, 1, NONE, true, null).kept());
    assertThrows(IllegalArgumentException.class, () -> checks(-1, 0, 0, 0, Set.of(), 0, 0));
    assertThrows(IllegalArgumentException.class, () -> checks(0, 0.5, 0, 0, Set.of(), 0, 0));
    assertThrows(IllegalArgumentException.class, () -> checks(0, 0, 10, 5, Set.of(), 0, 0));
  }
}
