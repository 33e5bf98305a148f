package dev.sieve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * A Delta table (and its Parquet files) as a reader sees it, without Spark: the JSON commits of its log replayed (add, then remove) give
 * the live data files; each is checked on the store at its logged size. Enough for the tables Sieve writes in tests
 * (fewer than ten commits, so no checkpoint to read).
 */
final class DeltaTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaTables() {}

  /** The add actions of the live files of the table at {@code table}, each present at its logged size. */
  static Collection<JsonNode> liveFiles(FileSystem fs, Path table) throws IOException {
    TreeMap<String, JsonNode> live = new TreeMap<>();
    List<Path> commits = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new Path(table, "_delta_log"))) {
      if (s.getPath().getName().endsWith(".json")) {
        commits.add(s.getPath());
      }
    }
    commits.sort(null);
    for (Path commit : commits) {
      String text;
      try (InputStream in = fs.open(commit)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode action = JSON.readTree(line);
        if (action.has("add")) {
          live.put(action.get("add").get("path").asText(), action.get("add"));
        } else if (action.has("remove")) {
          live.remove(action.get("remove").get("path").asText());
        }
      }
    }
    for (JsonNode add : live.values()) {
      FileStatus file = fs.getFileStatus(new Path(table, add.get("path").asText()));
      assertEquals(add.get("size").asLong(), file.getLen(), add.toString());
    }
    return live.values();
  }

  /** The table's record count from its log's per-file statistics. */
  static long records(FileSystem fs, Path table) throws IOException {
    long n = 0;
    for (JsonNode add : liveFiles(fs, table)) {
      n += JSON.readTree(add.get("stats").asText()).get("numRecords").asLong();
    }
    return n;
  }

  /** Every record of the table as text (Parquet's own reader), sorted: equal tables give equal lists. */
  static List<String> rows(FileSystem fs, Path table) throws IOException {
    List<String> rows = new ArrayList<>();
    for (JsonNode add : liveFiles(fs, table)) {
      rows.addAll(parquetRecords(fs.getConf(), new Path(table, add.get("path").asText())));
    }
    rows.sort(null);
    return rows;
  }

  /** The records of one Parquet file as text, in file order, read with Parquet's own reader. */
  static List<String> parquetRecords(Configuration conf, Path file) throws IOException {
    List<String> records = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        records.add(g.toString());
      }
    }
    return records;
  }
}
