package dev.sieve.transforms.text.near;

import dev.sieve.transforms.core.Preconditions;
import java.util.Arrays;

/**
 * Union-find (disjoint sets) over arbitrary {@code long} ids, for the final connected-components step on a graph
 * small enough for one task. {@link #find} returns the smallest id of the component, whatever the order of the
 * unions, so the result is deterministic and the representative can serve directly as the kept document.
 *
 * <p>Layout: ids are interned to dense indexes {@code 0 .. size-1} by an open-addressing hash table with linear
 * probing (keys in a {@code long[]}, index + 1 in an {@code int[]}, 0 marking a free slot, so every {@code long} is
 * a valid id), kept at most half full and doubled when needed. Parent links, component sizes and each root's
 * smallest id live in primitive arrays indexed by the dense index, doubled as ids arrive. No boxing.
 *
 * <p>Algorithm: union by size (the larger tree's root stays root) with path halving in {@code find}; the smallest
 * id is carried on the root. A sequence of m operations on n ids costs O(m α(n)) amortized, plus O(1) expected
 * per hash-table lookup. Memory: 24 bytes per id in the dense arrays plus 24 to 48 in the table, and transiently
 * the copies made while doubling.
 *
 * <p>Not thread-safe: {@link #find} shortens paths as it goes.
 */
public final class LongUnionFind {
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_IDS = 1 << 29;

  // Hash table: id -> dense index + 1 (0 = free slot). Length is a power of two.
  private long[] tableKeys;
  private int[] tableSlots;
  private int mask;

  // Per dense index.
  private long[] ids;
  private int[] parent;
  private int[] componentSize;
  private long[] smallest;

  private int size;
  private int components;

  /** An empty structure sized for 16 ids; it grows as needed. */
  public LongUnionFind() {
    this(MIN_CAPACITY);
  }

  /**
   * An empty structure sized for {@code expectedIds} ids before it needs to grow.
   *
   * @throws IllegalArgumentException if {@code expectedIds} is negative or above 2^29
   */
  public LongUnionFind(int expectedIds) {
    Preconditions.checkArgument(expectedIds >= 0 && expectedIds <= MAX_IDS,
        "expectedIds must be in [0, %s], got %s", MAX_IDS, expectedIds);
    int capacity = Math.max(MIN_CAPACITY, expectedIds);
    int tableLength = Integer.highestOneBit(capacity * 2 - 1) << 1;
    tableKeys = new long[tableLength];
    tableSlots = new int[tableLength];
    mask = tableLength - 1;
    ids = new long[capacity];
    parent = new int[capacity];
    componentSize = new int[capacity];
    smallest = new long[capacity];
  }

  /** Adds {@code id} as a singleton component if it is new. Returns true if it was new. */
  public boolean add(long id) {
    int before = size;
    indexOf(id, true);
    return size != before;
  }

  /**
   * Merges the components of {@code a} and {@code b}, adding either id first if it is new.
   *
   * @return true if they were in different components
   */
  public boolean union(long a, long b) {
    int ia = indexOf(a, true);
    int ib = indexOf(b, true);
    int ra = root(ia);
    int rb = root(ib);
    if (ra == rb) {
      return false;
    }
    if (componentSize[ra] < componentSize[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    componentSize[ra] += componentSize[rb];
    if (smallest[rb] < smallest[ra]) {
      smallest[ra] = smallest[rb];
    }
    components--;
    return true;
  }

  /**
   * The smallest id in the component of {@code x}; {@code x} itself if {@code x} was never added (it is not added
   * by this call).
   */
  public long find(long x) {
    int i = indexOf(x, false);
    return i < 0 ? x : smallest[root(i)];
  }

  /** True if both ids are in the same component (an id never added is alone in its own). */
  public boolean connected(long a, long b) {
    return find(a) == find(b);
  }

  /** True if {@code id} was added, directly or by a union. */
  public boolean contains(long id) {
    return indexOf(id, false) >= 0;
  }

  /** Number of ids in the component of {@code x}; 1 for an id never added. */
  public int componentSize(long x) {
    int i = indexOf(x, false);
    return i < 0 ? 1 : componentSize[root(i)];
  }

  /** Number of distinct ids added. */
  public int size() {
    return size;
  }

  /** Number of components among the ids added. */
  public int components() {
    return components;
  }

  /** The ids added, in first-seen order. A copy. */
  public long[] ids() {
    return Arrays.copyOf(ids, size);
  }

  /** {@code roots()[i] == find(ids()[i])}: each id's component representative, in first-seen order. */
  public long[] roots() {
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = smallest[root(i)];
    }
    return out;
  }

  /** Root of dense index {@code i}, halving the path: every visited node is relinked to its grandparent. */
  private int root(int i) {
    int[] p = parent;
    while (p[i] != i) {
      int grandparent = p[p[i]];
      p[i] = grandparent;
      i = grandparent;
    }
    return i;
  }

  /** Dense index of {@code id}; with {@code insert}, adds it as a new singleton if missing, else returns -1. */
  private int indexOf(long id, boolean insert) {
    int pos = (int) Hashing.fmix64(id) & mask;
    while (true) {
      int slot = tableSlots[pos];
      if (slot == 0) {
        break;
      }
      if (tableKeys[pos] == id) {
        return slot - 1;
      }
      pos = (pos + 1) & mask;
    }
    if (!insert) {
      return -1;
    }
    Preconditions.checkState(size < MAX_IDS, "LongUnionFind holds at most %s ids", MAX_IDS);
    int index = size;
    if (index == ids.length) {
      growArrays();
    }
    ids[index] = id;
    parent[index] = index;
    componentSize[index] = 1;
    smallest[index] = id;
    size++;
    components++;
    tableKeys[pos] = id;
    tableSlots[pos] = index + 1;
    if (2 * size > tableKeys.length) {
      rehash(tableKeys.length * 2);
    }
    return index;
  }

  private void growArrays() {
    int capacity = (int) Math.min((long) MAX_IDS, 2L * ids.length);
    ids = Arrays.copyOf(ids, capacity);
    parent = Arrays.copyOf(parent, capacity);
    componentSize = Arrays.copyOf(componentSize, capacity);
    smallest = Arrays.copyOf(smallest, capacity);
  }

  /** Rebuilds the table at {@code length} slots from the dense id array, O(size). */
  private void rehash(int length) {
    long[] keys = new long[length];
    int[] slots = new int[length];
    int m = length - 1;
    for (int index = 0; index < size; index++) {
      long id = ids[index];
      int pos = (int) Hashing.fmix64(id) & m;
      while (slots[pos] != 0) {
        pos = (pos + 1) & m;
      }
      keys[pos] = id;
      slots[pos] = index + 1;
    }
    tableKeys = keys;
    tableSlots = slots;
    mask = m;
  }
}
