package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LshBanderTest {
  private final LshParams params = new LshParams(128, 13, 7);
  private final LshBander bander = new LshBander(params);
  private final MinHasher minHasher = new MinHasher(128, 11);

  private long[] signatureOf(String text) {
    return minHasher.signature(Shingler.words().shingles(text));
  }

  @Test
  void equalSignaturesGiveEqualBandHashes() {
    long[] a = signatureOf("the same text in two documents, word for word");
    long[] b = signatureOf("The same text in two documents -- word for word!");
    assertArrayEquals(a, b);
    assertArrayEquals(bander.bandHashes(a), bander.bandHashes(b));
    assertEquals(13, bander.bandHashes(a).length);
  }

  @Test
  void bandHashesMatchBandHash() {
    long[] s = signatureOf("one two three four five six seven");
    long[] all = bander.bandHashes(s);
    for (int j = 0; j < params.bands(); j++) {
      assertEquals(bander.bandHash(s, j), all[j]);
    }
  }

  @Test
  void changingOneRowChangesOnlyItsBand() {
    long[] s = signatureOf("alpha beta gamma delta epsilon zeta eta theta");
    long[] before = bander.bandHashes(s);
    for (int position = 0; position < params.bands() * params.rows(); position++) {
      long[] changed = s.clone();
      changed[position] ^= 1L << (position % 64);
      long[] after = bander.bandHashes(changed);
      int band = position / params.rows();
      for (int j = 0; j < params.bands(); j++) {
        if (j == band) {
          assertNotEquals(before[j], after[j], "position " + position);
        } else {
          assertEquals(before[j], after[j], "position " + position);
        }
      }
    }
  }

  @Test
  void positionsPastTheLastBandAreIgnored() {
    long[] s = signatureOf("some text long enough to have several shingles here");
    long[] changed = s.clone();
    changed[127] += 1; // 13 * 7 = 91 positions are banded
    assertArrayEquals(bander.bandHashes(s), bander.bandHashes(changed));
  }

  @Test
  void equalValuesInDifferentBandsGiveDifferentHashes() {
    long[] constant = new long[128];
    Set<Long> hashes = new HashSet<>();
    for (long h : bander.bandHashes(constant)) {
      hashes.add(h);
    }
    assertEquals(13, hashes.size());
  }

  @Test
  void rowOrderMatters() {
    LshBander oneBand = new LshBander(new LshParams(2, 1, 2));
    assertNotEquals(oneBand.bandHash(new long[] {1, 2}, 0), oneBand.bandHash(new long[] {2, 1}, 0));
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bander.bandHashes(new long[64]));
    assertTrue(e.getMessage().contains("64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> bander.bandHash(new long[128], 13));
    assertTrue(e.getMessage().contains("got 13"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> bander.bandHash(new long[128], -1));
    assertThrows(IllegalArgumentException.class, () -> new LshBander(null));
  }
}
