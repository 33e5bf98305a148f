package dev.sieve.bench.jmh;

import dev.sieve.transforms.text.near.BandKeys;
import dev.sieve.transforms.text.near.LshBander;
import dev.sieve.transforms.text.near.LshParams;
import dev.sieve.transforms.text.near.MinHasher;
import dev.sieve.transforms.text.near.ShingleKind;
import dev.sieve.transforms.text.near.Shingler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Near-dedup signature throughput on one core. {@code bandKeys} is the per-document work of {@code SparkNearDedup}'s
 * first scan ({@link BandKeys}: simplify, 5-gram shingles in text order, the {@code bands × rows} permutations the
 * bands read, band hashes); {@code signature} is the textbook version of the same result (sorted shingle set, all
 * 128 permutations, then bands); {@code shinglesOnly} is the sorted shingle set alone (what verification needs).
 * Each invocation processes exactly {@link #BYTES} bytes of UTF-8 text, so the score (operations per second) reads
 * directly as bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SignatureBenchmark {
  static final int BYTES = 1_000_000;

  @Param({"WORD", "CHAR"})
  public String shingle;

  private String[] docs;
  private Shingler shingler;
  private MinHasher minHasher;
  private LshBander bander;
  private long[] buffer;
  private BandKeys keys;

  @Setup
  public void setUp() {
    docs = corpus(BYTES, 42);
    shingler = Shingler.of(ShingleKind.valueOf(shingle), 5);
    LshParams lsh = LshParams.derive(0.8, 128, dev.sieve.transforms.spark.NearDedup.DEFAULT_RECALL_AT_THRESHOLD);
    minHasher = new MinHasher(lsh.permutations(), 42);
    bander = new LshBander(lsh);
    buffer = new long[lsh.permutations()];
    keys = new BandKeys(shingler, lsh, 42);
  }

  /** Web-like documents (sentences of Zipf-ish words, 2–8 KB each) adding up to exactly {@code bytes} bytes. */
  static String[] corpus(int bytes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] vocab = new String[20_000];
    for (int i = 0; i < vocab.length; i++) {
      StringBuilder w = new StringBuilder();
      int len = 2 + r.nextInt(9);
      for (int j = 0; j < len; j++) {
        w.append((char) ('a' + r.nextInt(26)));
      }
      vocab[i] = w.toString();
    }
    List<String> out = new ArrayList<>();
    int total = 0;
    while (total < bytes) {
      int target = Math.min(2_000 + r.nextInt(6_000), bytes - total);
      StringBuilder d = new StringBuilder(target + 16);
      boolean capital = true;
      while (d.length() < target) {
        // Zipf-like: squaring a uniform favours small ranks.
        double u = r.nextDouble();
        String w = vocab[(int) (u * u * u * (vocab.length - 1))];
        d.append(capital ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        capital = false;
        if (r.nextInt(12) == 0) {
          d.append(". ");
          capital = true;
        } else if (r.nextInt(40) == 0) {
          d.append(".\n\n");
          capital = true;
        } else {
          d.append(' ');
        }
      }
      String doc = d.substring(0, Math.min(d.length(), target));
      out.add(doc);
      total += doc.getBytes(StandardCharsets.UTF_8).length;
    }
    return out.toArray(new String[0]);
  }

  @Benchmark
  @OperationsPerInvocation(BYTES)
  public void bandKeys(Blackhole bh) {
    for (String d : docs) {
      bh.consume(keys.of(d));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BYTES)
  public void signature(Blackhole bh) {
    for (String d : docs) {
      long[] sh = shingler.shingles(d);
      if (sh.length > 0) {
        minHasher.signatureInto(sh, buffer);
        bh.consume(bander.bandHashes(buffer));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(BYTES)
  public void shinglesOnly(Blackhole bh) {
    for (String d : docs) {
      bh.consume(shingler.shingles(d));
    }
  }
}
