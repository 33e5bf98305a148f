package dev.sieve.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedMapTest {

  @Test
  void keepsOrderAndOverlapsSlowCallsUpToTheBound() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> input = IntStream.range(0, 64).boxed().toList();
    List<String> out = new ArrayList<>();
    try (BoundedMap<Integer, String> m = new BoundedMap<>(input.iterator(), 8, 10_000, i -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20 + (i * 7) % 30); // uneven latencies: results arrive out of order
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      inFlight.decrementAndGet();
      return "r" + i;
    }, (i, e) -> "failed " + i)) {
      m.forEachRemaining(out::add);
    }
    assertEquals(IntStream.range(0, 64).mapToObj(i -> "r" + i).toList(), out);
    assertTrue(most.get() <= 8, "at most 8 in flight, saw " + most.get());
    assertTrue(most.get() >= 2, "calls overlapped");
  }

  @Test
  void aCallPastItsDeadlineOrThrowingIsAnsweredByOnFailureAndTheRestGoOn() {
    List<Integer> input = List.of(0, 1, 2, 3);
    List<String> out = new ArrayList<>();
    try (BoundedMap<Integer, String> m = new BoundedMap<>(input.iterator(), 2, 200, i -> {
      if (i == 1) {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          return "interrupted";
        }
      }
      if (i == 2) {
        throw new IllegalArgumentException("bad object");
      }
      return "ok " + i;
    }, (i, e) -> i + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))) {
      m.forEachRemaining(out::add);
    }
    assertEquals(List.of("ok 0", "1: TimeoutException", "2: IllegalArgumentException bad object", "ok 3"), out);
  }

  @Test
  void emptyInputStartsNoThread() {
    try (BoundedMap<Integer, Integer> m = new BoundedMap<>(List.<Integer>of().iterator(), 4, 100, i -> i,
        (i, e) -> -1)) {
      assertTrue(!m.hasNext());
    }
  }
}
