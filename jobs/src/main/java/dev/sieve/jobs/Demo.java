package dev.sieve.jobs;

import dev.sieve.transforms.core.ReasonCodes;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sieve demo}: the main pipeline on the bundled sample corpus ({@code samples/text/web-sample.jsonl}), written
 * to a local folder ({@code ./sieve-demo-output} unless {@code --output} says otherwise).
 */
final class Demo {
  static final String SAMPLE = "samples/text/web-sample.jsonl";
  static final String DEFAULT_OUTPUT = "sieve-demo-output";

  private Demo() {}

  static int run(Cli cli, PrintStream out, PrintStream err) {
    if (cli.help()) {
      out.println("sieve demo [--output DIR] [--set key=value]...\n\nRuns text-dedup (exact, simplify "
          + "normalization) on the bundled sample corpus " + SAMPLE + " and prints where the results are.");
      return Main.OK;
    }
    Path home = Main.sieveHome();
    Path sample = home == null ? null : home.resolve(SAMPLE);
    if (sample == null || !Files.isRegularFile(sample)) {
      err.println("sieve demo: the sample corpus " + SAMPLE + " was not found"
          + (home == null ? " (sieve.home is not set; run bin/sieve from the checkout)" : " under " + home));
      return Main.USAGE;
    }
    String output = cli.output() != null ? cli.output() : Paths.get(DEFAULT_OUTPUT).toAbsolutePath().toString();
    List<String> sets = new ArrayList<>();
    sets.add("dedup.normalization=simplify");
    sets.addAll(cli.sets());
    Cli job = new Cli("text-dedup", false, sample.toString(), output, cli.confFiles(), sets, cli.env(),
        cli.master(), cli.printConfig());
    SieveJob dedup = JobCatalog.find("text-dedup").orElseThrow();
    out.println("Sieve demo: text-dedup on " + sample);
    Main.Outcome outcome = Main.runJob(dedup, job, out, err);
    if (outcome.report() == null) {
      return outcome.status();
    }
    out.println();
    out.println("Why records were rejected:");
    for (Map.Entry<String, Long> e : outcome.report().rejectedByReason().entrySet()) {
      out.printf("  %-18s %5d  %s%n", e.getKey(), e.getValue(), ReasonCodes.describe(e.getKey()));
    }
    out.println();
    out.println("The outputs are Delta tables; read them with Spark, e.g.");
    out.println("  spark.read.format(\"delta\").load(\"" + Main.join(output, "rejected") + "\")"
        + ".groupBy(\"reject_reason\").count().show()");
    return Main.OK;
  }
}
