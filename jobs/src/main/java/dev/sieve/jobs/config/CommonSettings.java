package dev.sieve.jobs.config;

import dev.sieve.jobs.io.InputFormat;
import dev.sieve.jobs.io.OutputFormat;
import java.util.Map;
import org.apache.spark.storage.StorageLevel;

/** The settings every job shares, parsed once at start-up. Immutable. */
public record CommonSettings(Input input, Output output, Run run, Spark spark) {

  public record Input(
      String path,
      InputFormat format,
      String idColumn,
      String textColumn,
      String schema,
      double schemaSamplingRatio,
      long maxRecordBytes) {}

  public record Output(String path, OutputFormat format, String jsonlCompression) {}

  /** {@code persist} is null for NONE. */
  public record Run(String id, StorageLevel persist, boolean verifyInputCount) {}

  public record Spark(String master, Map<String, String> conf) {}

  public static CommonSettings parse(Conf c) {
    String inputPath = c.string("input.path");
    if (inputPath.isEmpty()) {
      throw new ConfigError("input.path is not set: pass --input URI (a file or folder of JSONL, Parquet or Delta)");
    }
    String outputPath = c.string("output.path");
    if (outputPath.isEmpty()) {
      throw new ConfigError("output.path is not set: pass --output URI (a folder; kept/, rejected/ and report.json "
          + "are written inside)");
    }
    String id = c.string("input.id_column");
    String text = c.string("input.text_column");
    if (id.isEmpty()) {
      throw new ConfigError("input.id_column must name a column, got ''");
    }
    if (text.isEmpty()) {
      throw new ConfigError("input.text_column must name a column, got ''");
    }
    if (id.equals(text)) {
      throw new ConfigError("input.id_column and input.text_column must differ, both are '" + id + "'");
    }
    Input input = new Input(inputPath, c.choice("input.format", InputFormat.class), id, text,
        c.string("input.schema"), c.fraction("input.schema_sampling_ratio"), c.positiveLong("input.max_record_bytes"));

    String compression = c.string("output.jsonl_compression");
    if (!compression.equals("none") && !compression.equals("gzip")) {
      throw new ConfigError("output.jsonl_compression must be one of none | gzip, got '" + compression + "'");
    }
    Output output = new Output(outputPath, c.choice("output.format", OutputFormat.class), compression);

    String runId = c.string("run.id");
    if (!runId.isEmpty() && !runId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new ConfigError("run.id may hold letters, digits, '.', '_' and '-' (at most 100), got '" + runId + "'");
    }
    String persist = c.string("run.persist").toUpperCase(java.util.Locale.ROOT);
    StorageLevel level;
    switch (persist) {
      case "MEMORY_AND_DISK": level = StorageLevel.MEMORY_AND_DISK(); break;
      case "DISK_ONLY": level = StorageLevel.DISK_ONLY(); break;
      case "MEMORY_AND_DISK_SER": level = StorageLevel.MEMORY_AND_DISK_SER(); break;
      case "NONE": level = null; break;
      default:
        throw new ConfigError("run.persist must be one of MEMORY_AND_DISK | MEMORY_AND_DISK_SER | DISK_ONLY | NONE,"
            + " got '" + persist + "'");
    }
    Run run = new Run(runId, level, c.bool("run.verify_input_count"));
    Spark spark = new Spark(c.string("spark.master"), c.flatMap("spark.conf"));
    return new CommonSettings(input, output, run, spark);
  }
}
