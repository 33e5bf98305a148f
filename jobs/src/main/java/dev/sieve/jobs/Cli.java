package dev.sieve.jobs;

import dev.sieve.jobs.config.ConfigError;
import java.util.ArrayList;
import java.util.List;

/** The parsed command line: {@code sieve <job|demo|jobs> [options]}. */
public record Cli(
    String command,
    boolean help,
    String input,
    String output,
    List<String> confFiles,
    List<String> sets,
    String env,
    String master,
    boolean printConfig) {

  public static final String USAGE = String.join("\n",
      "Usage: sieve <job> --input URI --output URI [--conf FILE]... [--set key=value]... [options]",
      "       sieve demo [--output DIR] [--set key=value]...",
      "       sieve jobs | --help | <job> --help",
      "       sieve manifests check [PATH...]",
      "",
      "Options:",
      "  --input URI        what to read: a file or folder of JSONL (.gz/.zst), Parquet or Delta; any Hadoop URI",
      "                     (file://, oss://, s3a://, hdfs://) or a local path. Same as --set input.path=URI",
      "  --output URI       the output folder: kept/, rejected/, report.json (replaced atomically per table).",
      "                     Same as --set output.path=URI",
      "  --conf FILE        a HOCON file layered over the defaults; repeatable, later files win",
      "  --set key=value    one setting, e.g. --set dedup.keep=longest; repeatable, wins over --conf",
      "  --env NAME         environment overlay conf/NAME.conf: local (default) or ack; 'none' for no overlay",
      "  --master MASTER    Spark master, e.g. local[4]; same as --set spark.master=MASTER",
      "  --print-config     print the effective configuration (secrets redacted) and exit without running",
      "  -h, --help         this help; with a job, also every configuration key with its default",
      "",
      "Exit status: 0 success, 2 bad command line or configuration, 1 the run failed (previous output intact).");

  public static Cli parse(String[] args) {
    String command = null;
    boolean help = false;
    String input = null;
    String output = null;
    List<String> conf = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    String env = null;
    String master = null;
    boolean print = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String inline = null;
      if (a.startsWith("--") && a.contains("=") && !a.startsWith("--set=")) {
        inline = a.substring(a.indexOf('=') + 1);
        a = a.substring(0, a.indexOf('='));
      } else if (a.startsWith("--set=")) {
        inline = a.substring("--set=".length());
        a = "--set";
      }
      switch (a) {
        case "-h":
        case "--help":
          help = true;
          break;
        case "--print-config":
          print = true;
          break;
        case "--input":
          input = inline != null ? inline : value(args, ++i, a);
          break;
        case "--output":
          output = inline != null ? inline : value(args, ++i, a);
          break;
        case "--conf":
          conf.add(inline != null ? inline : value(args, ++i, a));
          break;
        case "--set":
          sets.add(inline != null ? inline : value(args, ++i, a));
          break;
        case "--env":
          env = inline != null ? inline : value(args, ++i, a);
          break;
        case "--master":
          master = inline != null ? inline : value(args, ++i, a);
          break;
        default:
          if (a.startsWith("-")) {
            throw new ConfigError("unknown option '" + a + "'\n\n" + USAGE);
          }
          if (command != null) {
            throw new ConfigError("unexpected argument '" + a + "' (the command is '" + command + "')\n\n" + USAGE);
          }
          command = a;
      }
    }
    return new Cli(command, help, input, output, List.copyOf(conf), List.copyOf(sets), env, master, print);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new ConfigError(option + " needs a value\n\n" + USAGE);
    }
    return args[i];
  }
}
