package dev.sieve.transforms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void passAndReject() {
    assertTrue(Verdict.pass().kept());
    Verdict v = Verdict.reject(ReasonCodes.MISSING_ID, "no id");
    assertTrue(v.rejected());
    assertEquals("missing_id", v.reason());
  }

  @Test
  void preconditionsNameTheBadValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Verdict(false, " ", null));
    assertTrue(e.getMessage().contains("' '"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Verdict(true, "x", null));
  }

  @Test
  void everyCodeIsDescribed() {
    for (String code : ReasonCodes.all().keySet()) {
      assertFalse(ReasonCodes.describe(code).startsWith("(no"), code);
      assertTrue(code.matches("[a-z0-9_]+"), code);
    }
  }
}
