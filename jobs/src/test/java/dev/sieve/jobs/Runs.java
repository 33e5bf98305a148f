package dev.sieve.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI entry point in this JVM (sharing the test SparkSession) and captures what it prints. */
public final class Runs {
  private Runs() {}

  /** The exit status, stdout and stderr of one command. */
  public record Result(int status, String out, String err) {
    public Result assertOk() {
      if (status != Main.OK) {
        throw new AssertionError("exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return this;
    }
  }

  public static Result main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, o, e);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs text-dedup on {@code input} into {@code output} with extra arguments (--set …). */
  public static Result dedup(Path input, Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("text-dedup", "--input", input.toString(),
        "--output", output.toString(), "--env", "none"));
    args.addAll(Arrays.asList(extra));
    return main(args.toArray(new String[0]));
  }

  public static JsonNode report(Path output) throws IOException {
    return new ObjectMapper().readTree(output.resolve("report.json").toFile());
  }

  /** Writes lines (UTF-8, LF) to a new file. */
  public static Path jsonl(Path dir, String name, String... lines) throws IOException {
    Files.createDirectories(dir);
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }
}
