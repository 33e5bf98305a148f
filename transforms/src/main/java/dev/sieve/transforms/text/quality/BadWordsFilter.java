package dev.sieve.transforms.text.quality;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.core.FilterResult;
import dev.sieve.transforms.core.Preconditions;
import dev.sieve.transforms.core.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A word-list filter with the matching rule of C4's bad-words filter (Raffel et al. 2020, as in datatrove's
 * {@code C4BadWordsFilter} with the LDNOOBW lists): a list entry matches where it occurs in the lowercased text with
 * no word character right before or right after it, i.e. where the regular expression
 * {@code (?:\W|^)(w1|w2|...)(?:\W|$)} would find it, with Python's Unicode {@code \w} (letters, numbers and
 * {@code _}; combining marks are not word characters). For languages written without spaces between words (datatrove
 * does this for {@code ja}, {@code th} and {@code zh}, see {@link #usesWordBoundaries(String)}) the boundaries are not
 * required and any occurrence matches.
 *
 * <p><b>Word list.</b> One entry per line, surrounding whitespace stripped; blank lines and lines starting with
 * {@code #} are ignored ({@link #readWordList(Reader)}). An entry may be a phrase ({@code "two words"}); its
 * characters must then occur exactly (one space stays one space). Entries are lowercased like the text
 * ({@code toLowerCase(Locale.ROOT)}, Python's {@code str.lower()}). datatrove compiles the entries as they are,
 * so there an entry with an uppercase letter can never match the lowercased text; here it matches its lowercase
 * form. No list ships with this class.
 *
 * <p><b>Signal</b> {@value #SIGNAL_MATCHES}: the number of matches, counted left to right without overlaps, taking
 * at each start the longest entry that matches there. The characters on either side only have to be non-word
 * characters, they are not used up, so {@code "w w"} holds two matches of {@code w}. (Python's {@code findall} over
 * the regular expression would consume one separating character per match and report one there, and which
 * alternative it takes at a position depends on the order of a Python set, so its count is not well defined; whether
 * there is a match at all is the same.) RedPajama-V2's signal of the same name counts differently: the word n-grams
 * of its normalized (punctuation-free) words that are list entries.
 *
 * <p><b>Verdict.</b> The document is rejected with {@value #REASON_BAD_WORDS} (datatrove's reason) when the number of
 * matches is greater than {@code maxMatches}; the default 0 rejects a document with any match, as C4 does. datatrove's
 * {@code keep_fraction} (keeping a random share of matching documents) is not offered.
 *
 * <p><b>Algorithm and cost.</b> An Aho–Corasick automaton over the UTF-16 characters of the lowercased entries: one
 * left-to-right pass over the lowercased text follows goto and failure links (amortized O(1) per character, goto
 * edges in an open-addressing hash table). At a position where some entry ends, its followers on the output links are
 * the other entries ending there; they are examined only if the next character is not a word character, and each is
 * kept when the character before its start is not one either. The matches so found are sorted by start to pick the
 * non-overlapping ones. Cost: O(text length + matches · log matches) per document, independent of the number of
 * entries; building is linear in the total length of the entries. Immutable, thread-safe and Serializable.
 */
public final class BadWordsFilter implements DocFilter {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "bad_words";

  /** datatrove's reason code for a document removed by its C4 bad-words filter. */
  public static final String REASON_BAD_WORDS = "document_removed_with_badwords";

  /** The number of matches (RedPajama-V2's name for its bad-words count). */
  public static final String SIGNAL_MATCHES = "ldnoobw_words";

  /** Languages whose text is matched without word boundaries, as datatrove does. */
  private static final Set<String> NO_BOUNDARY_LANGUAGES = Set.of("ja", "th", "zh");

  /**
   * False for {@code ja}, {@code th} and {@code zh} (datatrove's languages matched without word boundaries), true
   * for every other language code. Only the primary subtag counts: {@code zh-Hant} and {@code zh_TW} are {@code zh}.
   */
  public static boolean usesWordBoundaries(String language) {
    Preconditions.checkNotNull(language, "language");
    String primary = language.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return !NO_BOUNDARY_LANGUAGES.contains(primary);
  }

  /**
   * The entries of a word list: each line stripped of (Python) whitespace; empty lines and lines starting with
   * {@code #} left out. Order is kept, duplicates too.
   */
  public static List<String> parseWordList(Iterable<String> lines) {
    Preconditions.checkNotNull(lines, "lines");
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String entry = PythonLines.strip(Preconditions.checkNotNull(line, "line"));
      if (!entry.isEmpty() && entry.charAt(0) != '#') {
        out.add(entry);
      }
    }
    return out;
  }

  /** {@link #parseWordList(Iterable)} over the lines of {@code reader} (read to its end, not closed). */
  public static List<String> readWordList(Reader reader) throws IOException {
    Preconditions.checkNotNull(reader, "reader");
    BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = br.readLine()) != null) {
      lines.add(line);
    }
    return parseWordList(lines);
  }

  /** {@link #readWordList(Reader)}, then the filter for {@code language}, rejecting any match. */
  public static BadWordsFilter forLanguage(String language, Reader wordList) {
    try {
      return new BadWordsFilter(readWordList(wordList), usesWordBoundaries(language), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the word list for '" + language + "'", e);
    }
  }

  private final boolean wordBoundaries;
  private final int maxMatches;
  private final int entryCount;
  private final Automaton automaton;

  /** Word boundaries required, any match rejects. */
  public BadWordsFilter(Collection<String> words) {
    this(words, true, 0);
  }

  /**
   * @param words the entries (blank ones are not allowed; use {@link #parseWordList} to clean a file's lines)
   * @param wordBoundaries require a non-word character or the text's end on both sides of a match; false for
   *     languages written without spaces
   * @param maxMatches the largest number of matches a kept document may have; 0 rejects any match
   */
  public BadWordsFilter(Collection<String> words, boolean wordBoundaries, int maxMatches) {
    Preconditions.checkNotNull(words, "words");
    Preconditions.checkArgument(maxMatches >= 0, "maxMatches must be >= 0, got %s", maxMatches);
    TreeSet<String> entries = new TreeSet<>();
    for (String w : words) {
      Preconditions.checkArgument(w != null, "word list entries must not be null");
      String entry = PythonLines.strip(w);
      Preconditions.checkArgument(!entry.isEmpty(), "word list entries must not be blank, got '%s'", w);
      entries.add(entry.toLowerCase(Locale.ROOT));
    }
    this.wordBoundaries = wordBoundaries;
    this.maxMatches = maxMatches;
    this.entryCount = entries.size();
    this.automaton = new Automaton(entries);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public java.util.List<String> reasonCodes() {
    return java.util.List.copyOf(java.util.List.of(REASON_BAD_WORDS));
  }

  public boolean wordBoundaries() {
    return wordBoundaries;
  }

  public int maxMatches() {
    return maxMatches;
  }

  /** The number of distinct (lowercased) entries. */
  public int size() {
    return entryCount;
  }

  @Override
  public FilterResult apply(String text) {
    Preconditions.checkNotNull(text, "text");
    int matches = countMatches(text);
    Map<String, Double> signals = new LinkedHashMap<>();
    signals.put(SIGNAL_MATCHES, (double) matches);
    if (matches > maxMatches) {
      return FilterResult.of(Verdict.reject(REASON_BAD_WORDS, matches + " word-list matches > " + maxMatches),
          signals);
    }
    return FilterResult.of(Verdict.pass(), signals);
  }

  /** The number of matches in {@code text} (see the class documentation). */
  public int countMatches(String text) {
    Preconditions.checkNotNull(text, "text");
    if (entryCount == 0 || text.isEmpty()) {
      return 0;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    long[] found = automaton.find(lower, wordBoundaries);
    // Each match is start << 32 | (MAX - length): ascending order is by start, then longest first.
    Arrays.sort(found);
    int count = 0;
    int free = 0;
    for (int k = 0; k < found.length; k++) {
      int start = (int) (found[k] >>> 32);
      if (start >= free) {
        count++;
        free = start + (Integer.MAX_VALUE - (int) found[k]);
      }
    }
    return count;
  }

  /** Python's {@code \w} at the code point starting at {@code i}. */
  private static boolean wordAt(String s, int i) {
    return TreebankWordTokenizer.isWord(s.codePointAt(i));
  }

  /** Python's {@code \w} at the code point ending just before {@code i}. */
  private static boolean wordBefore(String s, int i) {
    return TreebankWordTokenizer.isWord(s.codePointBefore(i));
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * The Aho–Corasick automaton. States are numbered in breadth-first order, 0 the root. Goto edges live in an
   * open-addressing table keyed by {@code state << 16 | char}; {@code fail[s]} is the state of the longest proper
   * suffix of {@code s}'s string that is a prefix of some entry; {@code depth[s]} is the length of {@code s}'s string;
   * {@code terminal[s]} says an entry ends at {@code s}; {@code output[s]} is the nearest state on the failure chain
   * of {@code s} (itself excluded) that is terminal, or -1.
   */
  private static final class Automaton implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] keys;
    private final int[] targets;
    private final int mask;
    private final int[] fail;
    private final int[] depth;
    private final boolean[] terminal;
    private final int[] output;

    Automaton(Collection<String> entries) {
      // The trie, with per-state child maps while building.
      List<Map<Character, Integer>> children = new ArrayList<>();
      List<Integer> depths = new ArrayList<>();
      List<Boolean> ends = new ArrayList<>();
      children.add(new HashMap<>());
      depths.add(0);
      ends.add(false);
      int edges = 0;
      for (String e : entries) {
        int s = 0;
        for (int i = 0; i < e.length(); i++) {
          char c = e.charAt(i);
          Integer next = children.get(s).get(c);
          if (next == null) {
            next = children.size();
            children.add(new HashMap<>());
            depths.add(i + 1);
            ends.add(false);
            children.get(s).put(c, next);
            edges++;
          }
          s = next;
        }
        ends.set(s, true);
      }
      int states = children.size();
      // Renumber breadth-first so that a state's failure target always has a smaller number.
      int[] order = new int[states];
      int[] newId = new int[states];
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(0);
      int next = 0;
      while (!queue.isEmpty()) {
        int s = queue.poll();
        newId[s] = next;
        order[next++] = s;
        for (Map.Entry<Character, Integer> edge : sortedEdges(children.get(s))) {
          queue.add(edge.getValue());
        }
      }
      int capacity = Integer.highestOneBit(Math.max(16, edges * 2 - 1)) << 1;
      keys = new long[capacity];
      Arrays.fill(keys, -1L);
      targets = new int[capacity];
      mask = capacity - 1;
      depth = new int[states];
      terminal = new boolean[states];
      for (int id = 0; id < states; id++) {
        int s = order[id];
        depth[id] = depths.get(s);
        terminal[id] = ends.get(s);
        for (Map.Entry<Character, Integer> edge : children.get(s).entrySet()) {
          put(id, edge.getKey(), newId[edge.getValue()]);
        }
      }
      // Failure and output links, in breadth-first order (parents before children).
      fail = new int[states];
      output = new int[states];
      output[0] = -1;
      for (int id = 0; id < states; id++) {
        int s = order[id];
        for (Map.Entry<Character, Integer> edge : children.get(s).entrySet()) {
          char c = edge.getKey();
          int child = newId[edge.getValue()];
          int f;
          if (id == 0) {
            f = 0;
          } else {
            f = fail[id];
            while (f != 0 && get(f, c) < 0) {
              f = fail[f];
            }
            int g = get(f, c);
            f = g < 0 ? 0 : g;
          }
          fail[child] = f;
          output[child] = terminal[f] ? f : output[f];
        }
      }
    }

    private static List<Map.Entry<Character, Integer>> sortedEdges(Map<Character, Integer> edges) {
      List<Map.Entry<Character, Integer>> list = new ArrayList<>(edges.entrySet());
      list.sort(Map.Entry.comparingByKey());
      return list;
    }

    private static int slot(long key, int mask) {
      long x = key * 0x9E3779B97F4A7C15L;
      return (int) (x ^ (x >>> 29)) & mask;
    }

    private void put(int state, char c, int target) {
      long key = ((long) state << 16) | c;
      int i = slot(key, mask);
      while (keys[i] != -1L) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      targets[i] = target;
    }

    /** The goto edge of {@code state} on {@code c}, or -1. */
    private int get(int state, char c) {
      long key = ((long) state << 16) | c;
      int i = slot(key, mask);
      long k;
      while ((k = keys[i]) != -1L) {
        if (k == key) {
          return targets[i];
        }
        i = (i + 1) & mask;
      }
      return -1;
    }

    /** The matches in {@code s} as {@code start << 32 | (Integer.MAX_VALUE - length)}, unsorted. */
    long[] find(String s, boolean boundaries) {
      long[] found = new long[8];
      int count = 0;
      int n = s.length();
      int state = 0;
      for (int j = 0; j < n; j++) {
        char c = s.charAt(j);
        int g;
        while ((g = get(state, c)) < 0 && state != 0) {
          state = fail[state];
        }
        state = g < 0 ? 0 : g;
        int t = terminal[state] ? state : output[state];
        if (t < 0) {
          continue;
        }
        int end = j + 1;
        if (boundaries && end < n && wordAt(s, end)) {
          continue; // a word character follows: no entry ending here is flanked
        }
        for (; t >= 0; t = output[t]) {
          int start = end - depth[t];
          if (boundaries && start > 0 && wordBefore(s, start)) {
            continue;
          }
          if (count == found.length) {
            found = Arrays.copyOf(found, found.length * 2);
          }
          found[count++] = ((long) start << 32) | (Integer.MAX_VALUE - depth[t]);
        }
      }
      return Arrays.copyOf(found, count);
    }
  }
}
