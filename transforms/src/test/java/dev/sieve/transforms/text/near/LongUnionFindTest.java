package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongUnionFindTest {
  @Test
  void buildsComponentsWithTheSmallestIdAsRepresentative() {
    LongUnionFind uf = new LongUnionFind();
    assertTrue(uf.union(10, 3));
    assertTrue(uf.union(3, 7));
    assertTrue(uf.union(100, 200));
    assertFalse(uf.union(7, 10));
    assertEquals(5, uf.size());
    assertEquals(2, uf.components());
    assertEquals(3, uf.find(10));
    assertEquals(3, uf.find(7));
    assertEquals(3, uf.find(3));
    assertEquals(100, uf.find(200));
    assertEquals(3, uf.componentSize(10));
    assertTrue(uf.connected(10, 7));
    assertFalse(uf.connected(10, 200));

    assertTrue(uf.union(200, 7));
    assertEquals(1, uf.components());
    assertEquals(3, uf.find(100));
    assertEquals(5, uf.componentSize(200));
  }

  @Test
  void unknownIdsAreTheirOwnSingletonAndAreNotAdded() {
    LongUnionFind uf = new LongUnionFind();
    uf.union(1, 2);
    assertEquals(42, uf.find(42));
    assertEquals(1, uf.componentSize(42));
    assertFalse(uf.contains(42));
    assertFalse(uf.connected(42, 1));
    assertEquals(2, uf.size());
    assertTrue(uf.add(42));
    assertFalse(uf.add(42));
    assertEquals(3, uf.size());
    assertEquals(2, uf.components());
  }

  @Test
  void acceptsEveryLongAsAnId() {
    LongUnionFind uf = new LongUnionFind();
    uf.union(0, Long.MAX_VALUE);
    uf.union(Long.MIN_VALUE, -1);
    uf.union(-1, Long.MAX_VALUE);
    assertEquals(Long.MIN_VALUE, uf.find(0));
    assertEquals(4, uf.size());
    assertEquals(1, uf.components());
  }

  @Test
  void growsFarPastItsInitialCapacity() {
    LongUnionFind uf = new LongUnionFind(4);
    int n = 100_000;
    // Two interleaved chains, built from the top down so the smallest id arrives last.
    for (long i = n - 1; i >= 1; i--) {
      uf.union(i * 1_000_003L, (i - 1) * 1_000_003L);
      uf.union(-i * 7L - 1, -(i - 1) * 7L - 1);
    }
    assertEquals(2 * n, uf.size());
    assertEquals(2, uf.components());
    for (long i = 0; i < n; i += 997) {
      assertEquals(0L, uf.find(i * 1_000_003L));
      assertEquals(-(n - 1) * 7L - 1, uf.find(-i * 7L - 1));
    }
    assertEquals(n, uf.componentSize(5 * 1_000_003L));
  }

  @Test
  void representativesDoNotDependOnUnionOrder() {
    long[][] edges = {{5, 9}, {9, 2}, {40, 41}, {41, 39}, {2, 77}, {100, 100}, {39, 1000}};
    LongUnionFind forward = new LongUnionFind();
    for (long[] e : edges) {
      forward.union(e[0], e[1]);
    }
    LongUnionFind backward = new LongUnionFind();
    for (int i = edges.length - 1; i >= 0; i--) {
      backward.union(edges[i][1], edges[i][0]);
    }
    long[] ids = {2, 5, 9, 77, 39, 40, 41, 1000, 100};
    long[] expected = {2, 2, 2, 2, 39, 39, 39, 39, 100};
    for (int i = 0; i < ids.length; i++) {
      assertEquals(expected[i], forward.find(ids[i]), "id " + ids[i]);
      assertEquals(expected[i], backward.find(ids[i]), "id " + ids[i]);
    }
    assertEquals(3, forward.components());
    assertEquals(3, backward.components());
  }

  @Test
  void exportsIdsAndRootsInFirstSeenOrder() {
    LongUnionFind uf = new LongUnionFind();
    uf.union(8, 6);
    uf.union(4, 8);
    uf.add(20);
    assertArrayEquals(new long[] {8, 6, 4, 20}, uf.ids());
    assertArrayEquals(new long[] {4, 4, 4, 20}, uf.roots());
  }

  @Test
  void rejectsBadCapacity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LongUnionFind(-1));
    assertTrue(e.getMessage().contains("got -1"), e.getMessage());
  }
}
