package dev.sieve.bench.jmh;

import dev.sieve.transforms.core.DocFilter;
import dev.sieve.transforms.text.quality.C4Filter;
import dev.sieve.transforms.text.quality.FineWebFilter;
import dev.sieve.transforms.text.quality.GopherQualityFilter;
import dev.sieve.transforms.text.quality.GopherRepetitionFilter;
import dev.sieve.transforms.text.quality.QualityPipeline;
import dev.sieve.transforms.text.quality.RedPajamaSignals;
import dev.sieve.transforms.text.quality.TreebankWordTokenizer;
import java.util.List;
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
 * Quality-filter throughput on one core: the per-document work of {@code text-quality}. {@code chain = fineweb} is
 * the four filters together as the default preset runs them (Gopher repetition, Gopher quality, C4 without the
 * terminal-punctuation line rule, FineWeb) through {@link QualityPipeline}; {@code +rpv2} adds the RedPajama-V2
 * signals; the other values time one filter alone. Each invocation processes exactly {@link SignatureBenchmark#BYTES}
 * bytes of UTF-8 web-like text ({@link SignatureBenchmark#corpus}), so the score reads as bytes per second. Five
 * warm-up iterations: on two cores the chain reaches its steady state only in the third. Three forks: the JIT's
 * choices differ from one JVM to the next, and a single fork has come out 25% slower than its neighbours.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xmx1g"})
public class QualityBenchmark {

  @Param({"fineweb", "fineweb+rpv2", "gopher_repetition", "gopher_quality", "c4", "fineweb_filter"})
  public String chain;

  private String[] docs;
  private QualityPipeline pipeline;

  @Setup
  public void setUp() {
    docs = SignatureBenchmark.corpus(SignatureBenchmark.BYTES, 7);
    TreebankWordTokenizer tokenizer = TreebankWordTokenizer.wordTokenize();
    C4Filter.Settings d = C4Filter.Settings.defaults();
    C4Filter c4 = new C4Filter(new C4Filter.Settings(d.splitParagraph(), d.removeCitations(), false,
        d.minNumSentences(), d.minWordsPerLine(), d.maxWordLength(), d.filterLoremIpsum(), d.filterJavascript(),
        d.filterCurlyBracket(), d.filterPolicy()));
    GopherRepetitionFilter rep = new GopherRepetitionFilter(GopherRepetitionFilter.Settings.defaults(), tokenizer);
    GopherQualityFilter qual = new GopherQualityFilter(GopherQualityFilter.Settings.defaults(), tokenizer);
    FineWebFilter fw = new FineWebFilter(tokenizer);
    List<DocFilter> filters;
    switch (chain) {
      case "fineweb":
        filters = List.of(rep, qual, c4, fw);
        break;
      case "fineweb+rpv2":
        filters = List.of(rep, qual, c4, fw, new RedPajamaSignals());
        break;
      case "gopher_repetition":
        filters = List.of(rep);
        break;
      case "gopher_quality":
        filters = List.of(qual);
        break;
      case "c4":
        filters = List.of(c4);
        break;
      case "fineweb_filter":
        filters = List.of(fw);
        break;
      default:
        throw new IllegalArgumentException("unknown chain " + chain);
    }
    pipeline = new QualityPipeline(filters, Long.MAX_VALUE, null);
  }

  @Benchmark
  @OperationsPerInvocation(SignatureBenchmark.BYTES)
  public void score(Blackhole bh) {
    for (String d : docs) {
      bh.consume(pipeline.apply(d));
    }
  }
}
