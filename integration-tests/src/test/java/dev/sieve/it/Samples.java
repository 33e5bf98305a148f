package dev.sieve.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The bundled sample data the tests run jobs on. */
final class Samples {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {}

  /** The sample web-text corpus (JSONL with deliberately malformed records). */
  static Path webText() {
    return Cli.home().resolve("samples/text/web-sample.jsonl");
  }

  /** The sample corpus labelled from its truth file: clean documents 1, junk 0 (the rest left out). */
  static Path labelled(Path dir) throws IOException {
    Map<String, String> category = new HashMap<>();
    for (String line : Files.readAllLines(Cli.home().resolve("samples/text/truth.jsonl"))) {
      JsonNode t = JSON.readTree(line);
      category.put(t.get("id").asText(), t.get("category").asText());
    }
    List<String> out = new ArrayList<>();
    // The sample holds deliberately invalid UTF-8; such lines decode with replacement characters and are left out.
    String sample = new String(Files.readAllBytes(webText()),
        StandardCharsets.UTF_8);
    for (String line : sample.split("\n")) {
      if (line.indexOf('\uFFFD') >= 0) {
        continue;
      }
      JsonNode d;
      try {
        d = JSON.readTree(line);
      } catch (IOException e) {
        continue;
      }
      String c = d.has("id") ? category.get(d.get("id").asText()) : null;
      if (d.hasNonNull("text") && ("clean".equals(c) || "junk".equals(c))) {
        out.add(JSON.createObjectNode().put("id", d.get("id").asText()).put("text", d.get("text").asText())
            .put("label", "clean".equals(c) ? 1 : 0).toString());
      }
    }
    Path p = dir.resolve("train.jsonl");
    Files.write(p, out);
    return p;
  }
}
