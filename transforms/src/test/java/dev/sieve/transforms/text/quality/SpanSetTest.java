package dev.sieve.transforms.text.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpanSetTest {

  @Test
  void hashIsStringHashCodeOfTheRange() {
    Random random = new Random(7);
    for (int k = 0; k < 5_000; k++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) ('a' + random.nextInt(3));
      }
      String text = new String(chars);
      int start = text.isEmpty() ? 0 : random.nextInt(text.length());
      int end = start + random.nextInt(text.length() - start + 1);
      assertEquals(text.substring(start, end).hashCode(), SpanSet.hash(text, start, end), text);
    }
  }

  @Test
  void addAnswersWhetherAnEqualSpanWasSeenAcrossGrowth() {
    // many short spans over a small alphabet: equal strings at different offsets, hash collisions, table growth
    Random random = new Random(11);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append((char) ('a' + random.nextInt(2)));
    }
    String text = sb.toString();
    SpanSet spans = new SpanSet(text, 1);
    Set<String> reference = new HashSet<>();
    for (int k = 0; k < 20_000; k++) {
      int start = random.nextInt(text.length() - 12);
      int end = start + random.nextInt(12);
      boolean added = spans.add(start, end, SpanSet.hash(text, start, end));
      assertEquals(reference.add(text.substring(start, end)), added, text.substring(start, end));
    }
  }
}
