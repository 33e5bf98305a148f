package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BandKeysTest {

  private static String randomText(Random random) {
    String[] words = {"the", "cat", "sat", "on", "a", "mat", "and", "then", "it", "ran", "away", "Cat!", "mat,"};
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(60);
    for (int i = 0; i < n; i++) {
      sb.append(words[random.nextInt(words.length)]).append(random.nextInt(9) == 0 ? "\n" : " ");
    }
    return sb.toString();
  }

  @Test
  void equalsTheFullSignatureBandedForWordsAndChars() {
    Random random = new Random(11);
    for (ShingleKind kind : ShingleKind.values()) {
      Shingler shingler = Shingler.of(kind, 5);
      for (LshParams lsh : new LshParams[] {
          LshParams.derive(0.8, 128, 0.95), new LshParams(128, 16, 8), new LshParams(64, 5, 3)}) {
        BandKeys keys = new BandKeys(shingler, lsh, 42);
        MinHasher full = new MinHasher(lsh.permutations(), 42);
        LshBander bander = new LshBander(lsh);
        for (int i = 0; i < 300; i++) {
          String text = randomText(random);
          long[] shingles = shingler.shingles(text);
          long[] expected = shingles.length == 0 ? new long[0] : bander.bandHashes(full.signature(shingles));
          assertArrayEquals(expected, keys.of(text), () -> kind + " " + lsh + " for '" + text + "'");
        }
      }
    }
  }

  @Test
  void textWithoutShinglesHasNoKeys() {
    BandKeys keys = new BandKeys(Shingler.words(), LshParams.derive(0.8, 128, 0.95), 1);
    assertEquals(0, keys.of("").length);
    assertEquals(0, keys.of(" ?! ... ").length);
    assertEquals(13, keys.of("one word").length);
  }

  @Test
  void inOrderShinglesAreTheSortedSetWithRepeats() {
    Shingler shingler = Shingler.words();
    String text = "a b c d e a b c d e a b c d e f";
    long[] inOrder = shingler.shinglesInOrder(text);
    assertEquals(12, inOrder.length);
    assertArrayEquals(shingler.shingles(text), java.util.Arrays.stream(inOrder).distinct().sorted().toArray());
  }
}
