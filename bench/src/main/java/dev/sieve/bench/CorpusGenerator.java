package dev.sieve.bench;

import dev.sieve.transforms.text.near.Jaccard;
import dev.sieve.transforms.text.near.Shingler;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a deterministic synthetic web-like corpus for the near-dedup benchmark, with known planted duplicates.
 *
 * <p>Layout of the output directory:
 *
 * <ul>
 *   <li>{@code data/part-NNNNN.jsonl}: one JSON object per line, {@code {"id": <long>, "text": <string>}}, in part
 *       files of about {@code --part-mb} MB so Spark can read them in parallel;
 *   <li>{@code truth.tsv}: one line per planted duplicate: {@code variant_id, original_id, jaccard, kind}, where
 *       {@code kind} is {@code near} (an edited variant) or {@code exact} (a verbatim copy) and {@code jaccard} is
 *       the exact Jaccard similarity of the two documents' word 5-gram sets as Sieve computes it
 *       ({@link Shingler#words()} and {@link Jaccard#exact});
 *   <li>{@code corpus.json}: the settings and counts.
 * </ul>
 *
 * <p>Documents: 150 to 1500 words (log-uniform, so short pages are more common), drawn from a {@link Vocabulary} of
 * 50,000 pseudo-words with Zipf frequencies (exponent 1.0), in sentences of 4 to 25 words with capitalisation,
 * commas, {@code . ? !} and paragraph breaks. Of all documents, a share (default 10%) are near-duplicate variants
 * of an earlier original: a handful of random word substitutions, insertions and deletions, repeated until the
 * word-5-gram Jaccard to the original lies in [0.80, 0.98] (a target drawn uniformly from that range fixes the
 * number of edits). Another share (default 2%) are verbatim copies of an earlier original. Originals are drawn
 * uniformly from all earlier originals (a reservoir sample), so duplicates land in other part files than their
 * originals as often as in the same one.
 *
 * <p>Ids are consecutive integers from 1,000,000,000, all ten digits, so their numeric and string orders agree: the
 * original always has the smaller id, and every "keep the smallest id" rule keeps it, whether it compares ids as
 * numbers or as strings.
 *
 * <p>The output is a function of the options only (same seed, same bytes). The text is ASCII and has no digits,
 * so Sieve's normalisation and a {@code \W+} tokenizer see the same words.
 */
public final class CorpusGenerator {
  public static final String DATA_DIR = "data";
  public static final String TRUTH_FILE = "truth.tsv";
  public static final String MANIFEST = "corpus.json";
  /** The first document id; ids stay ten digits up to 8,999,999,999 documents. */
  public static final long FIRST_ID = 1_000_000_000L;

  /** The Jaccard range planted near-duplicates are edited into. */
  static final double NEAR_LOW = 0.80;
  static final double NEAR_HIGH = 0.98;

  /** Generator settings; {@link #defaults} gives the documented ones. */
  public record Options(
      long targetBytes,
      long seed,
      double nearShare,
      double exactShare,
      long partBytes,
      int vocabSize,
      double zipfExponent,
      int minWords,
      int maxWords,
      int poolSize,
      double hotShare) {
    public Options {
      if (targetBytes <= 0) {
        throw new IllegalArgumentException("target size must be > 0 bytes, got " + targetBytes);
      }
      if (nearShare < 0 || exactShare < 0 || nearShare + exactShare >= 1) {
        throw new IllegalArgumentException("near and exact shares must be >= 0 and sum to less than 1, got "
            + nearShare + " and " + exactShare);
      }
      if (partBytes < 1_000_000) {
        throw new IllegalArgumentException("part size must be at least 1 MB, got " + partBytes + " bytes");
      }
      if (minWords < 10 || maxWords < minWords) {
        throw new IllegalArgumentException("need 10 <= min words <= max words, got " + minWords + ", " + maxWords);
      }
      if (poolSize < 1) {
        throw new IllegalArgumentException("pool size must be >= 1, got " + poolSize);
      }
      if (hotShare < 0 || hotShare >= 1) {
        throw new IllegalArgumentException("hot share must be in [0, 1), got " + hotShare);
      }
    }

    /**
     * 10% near variants, 2% exact copies, 64 MB parts, 50k words with Zipf exponent 1.0, 150-1500 words, no hot
     * document.
     */
    public static Options defaults(long targetBytes, long seed) {
      return new Options(targetBytes, seed, 0.10, 0.02, 64L * 1_000_000, 50_000, 1.0, 150, 1500, 4096, 0);
    }
  }

  /** What was written. */
  public record Summary(
      Path dir, long bytes, long docs, long originals, long nearVariants, long exactCopies, int files) {
    public Path dataDir() {
      return dir.resolve(DATA_DIR);
    }

    public Path truthFile() {
      return dir.resolve(TRUTH_FILE);
    }
  }

  private final Options options;
  private final SplittableRandom rnd;
  private final Vocabulary vocab;
  private final Shingler shingler = Shingler.words();

  private CorpusGenerator(Options options) {
    this.options = options;
    this.rnd = new SplittableRandom(options.seed());
    this.vocab = new Vocabulary(options.vocabSize(), options.zipfExponent(), options.seed());
  }

  /** Writes the corpus into {@code dir} (created if missing; {@code dir/data} must not hold part files yet). */
  public static Summary generate(Path dir, Options options) throws IOException {
    return new CorpusGenerator(options).run(dir);
  }

  private Summary run(Path dir) throws IOException {
    Path data = dir.resolve(DATA_DIR);
    Files.createDirectories(data);
    try (var existing = Files.list(data)) {
      if (existing.anyMatch(p -> p.getFileName().toString().startsWith("part-"))) {
        throw new IOException(data + " already holds part files; choose an empty directory");
      }
    }
    Pool pool = new Pool(options.poolSize());
    Original hot = null;
    long hotVariants = 0;
    long docs = 0;
    long originals = 0;
    long near = 0;
    long exact = 0;
    double nearJaccardSum = 0;
    long[] histogram = new long[10];
    try (Parts parts = new Parts(data, options.partBytes());
        BufferedWriter truth = Files.newBufferedWriter(dir.resolve(TRUTH_FILE), StandardCharsets.UTF_8)) {
      truth.write("variant_id\toriginal_id\tjaccard\tkind\n");
      StringBuilder line = new StringBuilder(16 * 1024);
      while (parts.totalBytes() < options.targetBytes()) {
        long id = FIRST_ID + docs;
        String text;
        // Skew: a share of all documents are near variants of one hot original (drawn only when asked, so corpora
        // without it keep their bytes).
        boolean hotDoc = hot != null && options.hotShare() > 0 && rnd.nextDouble() < options.hotShare();
        double u = hotDoc ? 0 : rnd.nextDouble();
        if (hotDoc || (!pool.isEmpty() && u < options.nearShare())) {
          Original src = hotDoc ? hot : pool.pick(rnd);
          Variant v = variantOf(src);
          text = v.text;
          truth.write(id + "\t" + src.id + "\t" + String.format(Locale.ROOT, "%.6f", v.jaccard) + "\tnear\n");
          near++;
          hotVariants += hotDoc ? 1 : 0;
          nearJaccardSum += v.jaccard;
          histogram[Math.min(9, (int) Math.floor(v.jaccard * 10))]++;
        } else if (!pool.isEmpty() && u < options.nearShare() + options.exactShare()) {
          Original src = pool.pick(rnd);
          text = src.text(vocab);
          truth.write(id + "\t" + src.id + "\t1.000000\texact\n");
          exact++;
        } else {
          Doc d = newDocument();
          Original o = new Original(id, d);
          text = o.text(vocab);
          if (hot == null) {
            hot = o;
          }
          pool.offer(o, rnd);
          originals++;
        }
        line.setLength(0);
        line.append("{\"id\":").append(id).append(",\"text\":");
        Json.string(line, text);
        line.append("}\n");
        parts.write(line);
        docs++;
      }
      Summary s = new Summary(dir, parts.totalBytes(), docs, originals, near, exact, parts.files());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("generator", CorpusGenerator.class.getName());
      m.put("bytes", s.bytes());
      m.put("mb", Math.round(s.bytes() / 1e4) / 100.0);
      m.put("files", s.files());
      m.put("docs", s.docs());
      m.put("originals", s.originals());
      m.put("near_variants", s.nearVariants());
      m.put("exact_copies", s.exactCopies());
      m.put("hot_variants", hotVariants);
      m.put("near_mean_jaccard", near == 0 ? null : Math.round(nearJaccardSum / near * 1e4) / 1e4);
      Map<String, Long> hist = new LinkedHashMap<>();
      for (int b = 0; b < 10; b++) {
        if (histogram[b] > 0) {
          hist.put(String.format(Locale.ROOT, "[%.1f,%.1f)", b / 10.0, (b + 1) / 10.0), histogram[b]);
        }
      }
      m.put("near_jaccard_histogram", hist);
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("target_bytes", options.targetBytes());
      o.put("seed", options.seed());
      o.put("near_share", options.nearShare());
      o.put("exact_share", options.exactShare());
      o.put("hot_share", options.hotShare());
      o.put("near_jaccard_range", Arrays.asList(NEAR_LOW, NEAR_HIGH));
      o.put("part_bytes", options.partBytes());
      o.put("vocab_size", options.vocabSize());
      o.put("zipf_exponent", options.zipfExponent());
      o.put("min_words", options.minWords());
      o.put("max_words", options.maxWords());
      o.put("pool_size", options.poolSize());
      o.put("shingles", "word 5-grams of simplify_text (Shingler.words())");
      m.put("options", o);
      m.put("data_dir", DATA_DIR);
      m.put("truth_file", TRUTH_FILE);
      m.put("first_id", FIRST_ID);
      Files.writeString(dir.resolve(MANIFEST), Json.pretty(m), StandardCharsets.UTF_8);
      return s;
    }
  }

  // ------------------------------------------------------------------------------------------------ documents

  /** A fresh document: log-uniform length, sentences of 4-25 Zipf words. */
  private Doc newDocument() {
    double lo = Math.log(options.minWords());
    double hi = Math.log(options.maxWords());
    int n = (int) Math.round(Math.exp(lo + rnd.nextDouble() * (hi - lo)));
    n = Math.max(options.minWords(), Math.min(options.maxWords(), n));
    Doc d = new Doc(n + 16);
    while (d.size < n) {
      int len = 4 + rnd.nextInt(22);
      for (int k = 0; k < len && d.size < n; k++) {
        byte sep;
        if (k == len - 1) {
          double r = rnd.nextDouble();
          int p = r < 0.86 ? Doc.PERIOD : r < 0.94 ? Doc.QUESTION : Doc.EXCLAIM;
          sep = (byte) (p | (rnd.nextDouble() < 0.2 ? Doc.PARAGRAPH : 0));
        } else {
          sep = (k >= 2 && k <= len - 3 && rnd.nextDouble() < 0.06) ? Doc.COMMA : Doc.NONE;
        }
        d.add(vocab.sample(rnd), sep);
      }
    }
    return d;
  }

  /**
   * A near-duplicate of {@code src} with word-5-gram Jaccard in [{@value #NEAR_LOW}, {@value #NEAR_HIGH}].
   *
   * <p>An interior edit changes about five of the document's m shingles, so e edits give Jaccard about
   * {@code (m - 5e) / (m + 5e)}; solving for a target drawn uniformly from the range gives the first number of
   * edits. More edits are added one at a time while the similarity is above the range; when it falls below, the
   * attempt restarts from the original with fewer edits. The exact similarity is measured after every edit, so
   * clustered edits (which destroy fewer shingles) are accounted for.
   */
  private Variant variantOf(Original src) {
    long[] a = src.shingles(vocab, shingler);
    double target = NEAR_LOW + rnd.nextDouble() * (NEAR_HIGH - NEAR_LOW);
    int edits = Math.max(1, (int) Math.round(a.length * (1 - target) / (5 * (1 + target))));
    Variant last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      Doc v = src.doc.copy();
      for (int e = 0; e < edits; e++) {
        edit(v);
      }
      String text = v.render(vocab);
      double j = Jaccard.exact(a, shingler.shingles(text));
      for (int extra = 0; j > NEAR_HIGH && extra < 500; extra++) {
        edit(v);
        text = v.render(vocab);
        j = Jaccard.exact(a, shingler.shingles(text));
      }
      last = new Variant(text, j);
      if (j >= NEAR_LOW && j <= NEAR_HIGH) {
        return last;
      }
      edits = Math.max(1, edits - 1 - edits / 4);
    }
    // Not reached in practice; the truth file records the exact similarity either way.
    return last;
  }

  /** One random word edit: substitution, insertion or deletion, equally likely. */
  private void edit(Doc d) {
    int kind = rnd.nextInt(3);
    if (kind == 1) {
      d.insert(rnd.nextInt(d.size + 1), vocab.sample(rnd));
    } else if (kind == 2 && d.size > 20) {
      d.delete(rnd.nextInt(d.size));
    } else {
      int i = rnd.nextInt(d.size);
      int w;
      do {
        w = vocab.sample(rnd);
      } while (w == d.words[i]);
      d.words[i] = w;
    }
  }

  private record Variant(String text, double jaccard) {}

  /**
   * A document as word ranks plus what follows each word: punctuation in the low three bits, a paragraph break in
   * bit 3. Rendering capitalises the first word and every word after a sentence end.
   */
  static final class Doc {
    static final byte NONE = 0;
    static final byte COMMA = 1;
    static final byte PERIOD = 2;
    static final byte QUESTION = 3;
    static final byte EXCLAIM = 4;
    static final byte PARAGRAPH = 8;
    private static final char[] PUNCT = {0, ',', '.', '?', '!'};

    int[] words;
    byte[] seps;
    int size;

    Doc(int capacity) {
      words = new int[capacity];
      seps = new byte[capacity];
    }

    Doc copy() {
      Doc d = new Doc(size + 64);
      System.arraycopy(words, 0, d.words, 0, size);
      System.arraycopy(seps, 0, d.seps, 0, size);
      d.size = size;
      return d;
    }

    void add(int word, byte sep) {
      insert(size, word);
      seps[size - 1] = sep;
    }

    void insert(int at, int word) {
      if (size == words.length) {
        words = Arrays.copyOf(words, size * 2 + 16);
        seps = Arrays.copyOf(seps, size * 2 + 16);
      }
      System.arraycopy(words, at, words, at + 1, size - at);
      System.arraycopy(seps, at, seps, at + 1, size - at);
      words[at] = word;
      seps[at] = NONE;
      size++;
    }

    void delete(int at) {
      // A deleted sentence end moves to the previous word, so sentences keep their punctuation.
      if (isSentenceEnd(seps[at]) && at > 0 && !isSentenceEnd(seps[at - 1])) {
        seps[at - 1] = seps[at];
      }
      System.arraycopy(words, at + 1, words, at, size - at - 1);
      System.arraycopy(seps, at + 1, seps, at, size - at - 1);
      size--;
    }

    static boolean isSentenceEnd(byte sep) {
      return (sep & 7) >= PERIOD;
    }

    String render(Vocabulary v) {
      StringBuilder sb = new StringBuilder(size * 8);
      boolean capital = true;
      for (int i = 0; i < size; i++) {
        String w = v.word(words[i]);
        if (capital) {
          sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        } else {
          sb.append(w);
        }
        int p = seps[i] & 7;
        if (i == size - 1) {
          sb.append(p == QUESTION || p == EXCLAIM ? PUNCT[p] : '.');
          break;
        }
        if (p != NONE) {
          sb.append(PUNCT[p]);
        }
        sb.append((seps[i] & PARAGRAPH) != 0 ? "\n\n" : " ");
        capital = p >= PERIOD;
      }
      return sb.toString();
    }
  }

  /** An original document that variants and copies can be made from; text and shingles are computed once. */
  private static final class Original {
    final long id;
    final Doc doc;
    private String text;
    private long[] shingles;

    Original(long id, Doc doc) {
      this.id = id;
      this.doc = doc;
    }

    String text(Vocabulary v) {
      if (text == null) {
        text = doc.render(v);
      }
      return text;
    }

    long[] shingles(Vocabulary v, Shingler s) {
      if (shingles == null) {
        shingles = s.shingles(text(v));
      }
      return shingles;
    }
  }

  /** A uniform sample (reservoir) of all originals written so far. */
  private static final class Pool {
    private final Original[] slots;
    private int filled;
    private long seen;

    Pool(int capacity) {
      slots = new Original[capacity];
    }

    boolean isEmpty() {
      return filled == 0;
    }

    void offer(Original o, SplittableRandom rnd) {
      seen++;
      if (filled < slots.length) {
        slots[filled++] = o;
      } else {
        long r = rnd.nextLong(seen);
        if (r < slots.length) {
          slots[(int) r] = o;
        }
      }
    }

    Original pick(SplittableRandom rnd) {
      return slots[rnd.nextInt(filled)];
    }
  }

  /** Part files of about {@code partBytes} each, rotated after the line that crosses the size. */
  private static final class Parts implements AutoCloseable {
    private final Path dir;
    private final long partBytes;
    private OutputStream out;
    private long current;
    private long total;
    private int files;

    Parts(Path dir, long partBytes) {
      this.dir = dir;
      this.partBytes = partBytes;
    }

    void write(CharSequence line) throws IOException {
      if (out == null) {
        out = new BufferedOutputStream(
            Files.newOutputStream(dir.resolve(String.format(Locale.ROOT, "part-%05d.jsonl", files))), 1 << 20);
        files++;
        current = 0;
      }
      byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b);
      current += b.length;
      total += b.length;
      if (current >= partBytes) {
        out.close();
        out = null;
      }
    }

    long totalBytes() {
      return total;
    }

    int files() {
      return files;
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
        out = null;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ command line

  private static final Set<String> VALUED = Set.of(
      "out", "mb", "seed", "near-share", "exact-share", "part-mb", "vocab", "zipf", "min-words", "max-words", "pool",
      "hot-share");
  private static final Set<String> FLAGS = Set.of("help");

  static final String USAGE = String.join("\n",
      "usage: CorpusGenerator --out DIR --mb N [options]",
      "  --out DIR           output directory (receives data/, truth.tsv, corpus.json)",
      "  --mb N              target corpus size in MB (10^6 bytes of JSONL)",
      "  --seed S            random seed (default 42)",
      "  --near-share F      share of near-duplicate variants (default 0.10)",
      "  --exact-share F     share of exact copies (default 0.02)",
      "  --part-mb N         size of each part file in MB (default 64)",
      "  --vocab N           vocabulary size (default 50000)",
      "  --zipf S            Zipf exponent (default 1.0)",
      "  --min-words N       shortest document (default 150)",
      "  --max-words N       longest document (default 1500)",
      "  --pool N            originals kept as sources for duplicates (reservoir size, default 4096)",
      "  --hot-share F       share of all documents that are near variants of the first original: one giant",
      "                      duplicate cluster whose LSH buckets hold that share of the corpus (default 0)");

  static Options options(Args a, long targetBytes) {
    Options d = Options.defaults(targetBytes, a.getLong("seed", 42));
    return new Options(targetBytes, d.seed(), a.getDouble("near-share", d.nearShare()),
        a.getDouble("exact-share", d.exactShare()), (long) (a.getDouble("part-mb", 64) * 1_000_000),
        a.getInt("vocab", d.vocabSize()), a.getDouble("zipf", d.zipfExponent()),
        a.getInt("min-words", d.minWords()), a.getInt("max-words", d.maxWords()), a.getInt("pool", d.poolSize()),
        a.getDouble("hot-share", d.hotShare()));
  }

  public static void main(String[] argv) {
    try {
      Args a = Args.parse(argv, VALUED, FLAGS);
      if (a.has("help")) {
        System.out.println(USAGE);
        return;
      }
      if (!a.has("out") || !a.has("mb")) {
        throw new IllegalArgumentException("--out and --mb are required");
      }
      Options o = options(a, (long) (a.getDouble("mb", 0) * 1_000_000));
      long t0 = System.nanoTime();
      Summary s = generate(Paths.get(a.get("out", null)), o);
      System.out.printf(Locale.ROOT, "wrote %s: %.1f MB in %d files, %d docs (%d originals, %d near variants,"
              + " %d exact copies) in %.1f s%n", s.dir(), s.bytes() / 1e6, s.files(), s.docs(), s.originals(),
          s.nearVariants(), s.exactCopies(), (System.nanoTime() - t0) / 1e9);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
