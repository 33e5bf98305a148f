package dev.sieve.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.sieve.jobs.config.CommonSettings;
import dev.sieve.jobs.config.Conf;
import dev.sieve.jobs.config.ConfigError;
import dev.sieve.jobs.config.Layers;
import dev.sieve.jobs.config.Redaction;
import dev.sieve.jobs.run.JobFailure;
import dev.sieve.jobs.run.JobRunner;
import dev.sieve.jobs.run.RunReport;
import dev.sieve.jobs.run.Sessions;
import dev.sieve.transforms.spark.Stage;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point: {@code bin/sieve}, {@code spark-submit --class dev.sieve.jobs.Main} and the SparkApplication
 * manifests all start here.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  /** Runs a command; returns the exit status. Stops the SparkSession only if it created it. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("manifests")) {
      return manifests(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    Cli cli;
    try {
      cli = Cli.parse(args);
    } catch (ConfigError e) {
      err.println("sieve: " + e.getMessage());
      return USAGE;
    }
    if (cli.command() == null) {
      out.println(overview());
      return cli.help() ? OK : USAGE;
    }
    if (cli.command().equals("jobs")) {
      JobCatalog.all().values().forEach(j -> out.printf("%-14s %s%n", j.name(), j.summary()));
      return OK;
    }
    if (cli.command().equals("demo")) {
      return Demo.run(cli, out, err);
    }
    SieveJob job = JobCatalog.find(cli.command()).orElse(null);
    if (job == null) {
      err.println("sieve: unknown job '" + cli.command() + "'. Jobs: " + String.join(", ", JobCatalog.all().keySet())
          + ", demo");
      return USAGE;
    }
    if (cli.help()) {
      out.println(jobHelp(job));
      return OK;
    }
    return runJob(job, cli, out, err).status();
  }

  /** The exit status of a command and, when a job ran to success, its report. */
  public record Outcome(int status, RunReport report) {
    static Outcome of(int status) {
      return new Outcome(status, null);
    }
  }

  /** Runs a job from a parsed command line, printing why when it fails. */
  static Outcome runJob(SieveJob job, Cli cli, PrintStream out, PrintStream err) {
    Config effective;
    CommonSettings common;
    List<Stage> stages;
    try {
      List<String> ignored = new ArrayList<>();
      effective = effectiveConfig(job, cli, ignored);
      for (String w : ignored) {
        LOG.warn(w);
      }
      Conf conf = new Conf(effective);
      common = CommonSettings.parse(conf);
      stages = job.stages(conf, common);
    } catch (ConfigError e) {
      err.println("sieve " + job.name() + ": " + e.getMessage());
      return Outcome.of(USAGE);
    }
    if (cli.printConfig()) {
      out.println(Redaction.render(effective));
      return Outcome.of(OK);
    }
    Sessions.Handle session = null;
    try {
      session = Sessions.getOrCreate(common.spark(), "sieve " + job.name());
      RunReport report = new JobRunner(session.spark()).run(job, stages, common, effective);
      out.printf("%s: %d input records -> %d kept, %d rejected %s%n", job.name(), report.inputRecords(),
          report.keptRecords(), report.rejectedRecords(), report.rejectedByReason());
      out.println("  kept:     " + join(report.outputPath(), JobRunner.KEPT));
      out.println("  rejected: " + join(report.outputPath(), JobRunner.REJECTED));
      out.println("  report:   " + report.reportPath());
      return new Outcome(OK, report);
    } catch (ConfigError e) {
      err.println("sieve " + job.name() + ": " + e.getMessage());
      return Outcome.of(USAGE);
    } catch (JobFailure e) {
      LOG.error(e.getMessage(), e.getCause());
      err.println("sieve " + job.name() + ": " + e.getMessage());
      return Outcome.of(FAILED);
    } catch (RuntimeException e) {
      LOG.error("{} failed", job.name(), e);
      err.println("sieve " + job.name() + ": failed: " + e);
      return Outcome.of(FAILED);
    } finally {
      if (session != null && session.created()) {
        session.spark().stop();
      }
    }
  }

  static String join(String root, String child) {
    return root.endsWith("/") ? root + child : root + "/" + child;
  }

  /** Defaults (framework + job), then env overlay, --conf files, --set, --input/--output/--master. */
  public static Config effectiveConfig(SieveJob job, Cli cli, List<String> ignored) {
    Config defaults = Layers.resource(job.referenceResource()).withFallback(Layers.resource("sieve/reference.conf"));
    Config others = ConfigFactory.empty();
    for (SieveJob j : JobCatalog.all().values()) {
      if (j != job) {
        others = others.withFallback(Layers.resource(j.referenceResource()));
      }
    }
    List<Layers.Layer> layers = new ArrayList<>();
    String env = cli.env() != null ? cli.env() : System.getenv().getOrDefault("SIEVE_ENV", "local");
    layers.add(Layers.environment(env, sieveHome()));
    for (String f : cli.confFiles()) {
      layers.add(new Layers.Layer("--conf " + f, Layers.parseFile(new File(f))));
    }
    for (String s : cli.sets()) {
      layers.add(new Layers.Layer("--set " + s, Layers.parseSet(s)));
    }
    Map<String, Object> direct = new TreeMap<>();
    if (cli.input() != null) {
      direct.put("input.path", cli.input());
    }
    if (cli.output() != null) {
      direct.put("output.path", cli.output());
    }
    if (cli.master() != null) {
      direct.put("spark.master", cli.master());
    }
    layers.add(new Layers.Layer("command line", ConfigFactory.parseMap(direct, "command line")));
    return Layers.merge(defaults, layers, others, ignored);
  }

  /** The checkout or install folder (bin/sieve sets -Dsieve.home); null when unknown. */
  static Path sieveHome() {
    String h = System.getProperty("sieve.home", System.getenv("SIEVE_HOME"));
    return h == null || h.isEmpty() ? null : Paths.get(h);
  }

  static final String MANIFESTS_USAGE = "usage: sieve manifests check [PATH...]   (default: the k8s/ directory)\n"
      + "Reads every SparkApplication and ScheduledSparkApplication in the YAML files under PATH through the strict\n"
      + "spark-operator models (v1beta2, operator v2.1.1): unknown or misspelled fields, wrong types, values outside\n"
      + "an enum and missing required fields are reported with their path.";

  /** {@code sieve manifests check [PATH...]}: validates operator manifests before a cluster sees them. */
  static int manifests(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("check")) {
      (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? out : err).println(MANIFESTS_USAGE);
      return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? OK : USAGE;
    }
    List<Path> paths = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      paths.add(Paths.get(args[i]));
    }
    if (paths.isEmpty()) {
      String home = System.getProperty("sieve.home", System.getenv("SIEVE_HOME"));
      paths.add(home == null ? Paths.get("k8s") : Paths.get(home, "k8s"));
    }
    try {
      List<String> problems = dev.sieve.jobs.k8s.Manifests.check(paths, out);
      problems.forEach(p -> err.println("sieve: " + p));
      return problems.isEmpty() ? OK : FAILED;
    } catch (java.io.IOException e) {
      err.println("sieve: manifests check: " + e.getMessage());
      return FAILED;
    }
  }

  static String overview() {
    StringBuilder sb = new StringBuilder();
    sb.append("Sieve: Spark jobs that clean LLM pretraining data.\n\n").append(Cli.USAGE).append("\n\nJobs:\n");
    JobCatalog.all().values().forEach(j -> sb.append(String.format("  %-14s %s%n", j.name(), j.summary())));
    sb.append(String.format("  %-14s %s%n", "demo", "run text-dedup on the bundled sample corpus"));
    sb.append(String.format("  %-14s %s%n", "manifests", "check the spark-operator manifests (sieve manifests check)"));
    sb.append("\n`sieve <job> --help` lists every configuration key of a job with its default and meaning.");
    return sb.toString();
  }

  /** The job's options and every configuration key with its default and documentation comment. */
  static String jobHelp(SieveJob job) {
    StringBuilder sb = new StringBuilder();
    sb.append("sieve ").append(job.name()).append(": ").append(job.summary()).append("\n\n").append(Cli.USAGE)
        .append("\n\nConfiguration keys (defaults; override with --conf or --set):\n");
    appendKeys(sb, Layers.resource(job.referenceResource()), job.name());
    appendKeys(sb, Layers.resource("sieve/reference.conf"), "all jobs");
    return sb.toString();
  }

  private static void appendKeys(StringBuilder sb, Config c, String title) {
    sb.append("\n  [").append(title).append("]\n");
    Map<String, ConfigValue> sorted = new TreeMap<>();
    c.entrySet().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    // spark.conf is an empty map by default, so it has no leaf: list it itself.
    if (c.hasPath("spark.conf") && c.getConfig("spark.conf").isEmpty()) {
      sorted.put("spark.conf", c.getValue("spark.conf"));
    }
    for (Map.Entry<String, ConfigValue> e : sorted.entrySet()) {
      sb.append("  ").append(e.getKey()).append(" = ").append(e.getValue().render()).append('\n');
      for (String line : e.getValue().origin().comments()) {
        sb.append("      ").append(line.trim()).append('\n');
      }
    }
  }
}
