package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {
  @Test
  void splitMix64MatchesTheReferenceGenerator() {
    // First outputs of the reference SplitMix64 for seeds 0 and 1234567.
    assertEquals(0xE220A8397B1DCDAFL, Hashing.splitMix64(0, 1));
    assertEquals(6457827717110365317L, Hashing.splitMix64(1234567, 1));
    assertEquals(3203168211198807973L, Hashing.splitMix64(1234567, 2));
  }

  @Test
  void fmix64IsInjectiveOnASample() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 100_000; i++) {
      seen.add(Hashing.fmix64(i));
    }
    assertEquals(100_000, seen.size());
    assertEquals(0L, Hashing.fmix64(0));
  }

  @Test
  void hashCharsCoversOnlyTheRangeAndCountsTrailingNul() {
    String s = "xxhello worldyy";
    assertEquals(Hashing.hashChars("hello world".toCharArray(), 0, 11, 7), Hashing.hashChars(s.toCharArray(), 2, 13, 7));
    assertNotEquals(Hashing.hashChars("a".toCharArray(), 0, 1, 7), Hashing.hashChars("a\0".toCharArray(), 0, 2, 7));
    assertNotEquals(Hashing.hashChars("".toCharArray(), 0, 0, 7), Hashing.hashChars("\0".toCharArray(), 0, 1, 7));
    assertNotEquals(Hashing.hashChars("abcd".toCharArray(), 0, 4, 7), Hashing.hashChars("abcd".toCharArray(), 0, 4, 8));
  }

  @Test
  void hashCharsHasNoCollisionsOnManyShortStrings() {
    Set<Long> seen = new HashSet<>();
    int count = 100_000;
    for (int i = 0; i < count; i++) {
      String s = Integer.toString(i, 36);
      seen.add(Hashing.hashChars(s.toCharArray(), 0, s.length(), 1));
    }
    assertEquals(count, seen.size());
  }

  @Test
  void combineIsOrderSensitive() {
    long ab = Hashing.combine(Hashing.combine(1, 2), 3);
    long ba = Hashing.combine(Hashing.combine(1, 3), 2);
    assertNotEquals(ab, ba);
  }
}
