package dev.sieve.jobs.qualitytrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.jobs.Runs;
import dev.sieve.transforms.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class QualityTrainJobTest extends SparkTestBase {

  private static final String[] PROSE = {"river", "valley", "history", "museum", "library", "engineer", "council",
      "harvest", "research", "teacher", "village", "bridge", "season", "report", "journey", "garden"};
  private static final String[] SPAM = {"click", "buy", "cheap", "free", "winner", "casino", "deal", "offer",
      "viagra", "bonus", "limited", "discount", "subscribe", "prize", "cash", "urgent"};

  /** A document of 30 words drawn from one vocabulary, in sentences. */
  private static String doc(Random r, String[] vocab, boolean prose) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      sb.append(prose && i % 10 == 0 ? "The " : "").append(vocab[r.nextInt(vocab.length)])
          .append(i % 10 == 9 ? (prose ? ". " : "!!! ") : " ");
    }
    return sb.toString().trim();
  }

  @Test
  void trainsSavesAndScores() throws IOException {
    Path dir = tempDirectory("sieve-qtrain").toPath();
    Random r = new Random(3);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      lines.add("{\"id\":\"p" + i + "\",\"text\":\"" + doc(r, PROSE, true) + "\",\"label\":\"hq\"}");
      lines.add("{\"id\":\"n" + i + "\",\"text\":\"" + doc(r, SPAM, false) + "\",\"label\":0}");
    }
    lines.add("{\"id\":\"x1\",\"text\":\"no label here\"}");
    lines.add("{\"id\":\"x2\",\"text\":\"odd label\",\"label\":\"maybe\"}");
    Path train = Runs.jsonl(dir, "train.jsonl", lines.toArray(new String[0]));
    Path out = dir.resolve("trained");
    Runs.main("quality-train", "--input", train.toString(), "--output", out.toString(), "--env", "none",
        "--set", "train.holdout=0.25", "--set", "train.features=4096").assertOk();
    assertTrue(Files.isDirectory(out.resolve("model")), "the model is saved under <output>/model");
    JsonNode report = Runs.report(out);
    assertEquals(162, report.get("input_records").asLong());
    assertEquals(1, report.get("rejected_by_reason").get("missing_label").asLong());
    assertEquals(1, report.get("rejected_by_reason").get("invalid_label").asLong());
    JsonNode stage = report.get("stages").get(1);
    assertEquals("quality_train", stage.get("name").asText());
    assertTrue(stage.get("holdout_auc").asDouble() > 0.95, stage.toString());

    // text-quality scores with it: prose is kept with a high score, spam is rejected.
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fresh.add("{\"id\":\"good" + i + "\",\"text\":\"" + doc(r, PROSE, true) + "\"}");
      fresh.add("{\"id\":\"spam" + i + "\",\"text\":\"" + doc(r, SPAM, false) + "\"}");
    }
    Path in = Runs.jsonl(dir, "fresh.jsonl", fresh.toArray(new String[0]));
    Path scored = dir.resolve("scored");
    Runs.main("text-quality", "--input", in.toString(), "--output", scored.toString(), "--env", "none",
        "--set", "quality.preset=custom", "--set", "quality.filters=[fineweb]",
        "--set", "quality.fineweb.short_line_thr=1", "--set", "quality.fineweb.line_punct_thr=0",
        "--set", "quality.model.path=" + out.resolve("model"), "--set", "quality.model.threshold=0.5").assertOk();
    Map<String, Double> keptScores = new TreeMap<>();
    for (Row row : spark().read().format("delta").load(scored.resolve("kept").toString())
        .select("id", "quality_score").collectAsList()) {
      keptScores.put(row.getString(0), row.getDouble(1));
    }
    assertEquals(List.of("good0", "good1", "good2", "good3", "good4"), List.copyOf(keptScores.keySet()));
    keptScores.values().forEach(s -> assertTrue(s >= 0.5, keptScores.toString()));
    assertEquals(5, Runs.report(scored).get("rejected_by_reason").get("low_quality_score").asLong());
  }

  @Test
  void aMissingModelFailsWithAClearMessage() throws IOException {
    Path dir = tempDirectory("sieve-qmodel").toPath();
    Path in = Runs.jsonl(dir, "in.jsonl", "{\"id\":\"a\",\"text\":\"Some text.\"}");
    Runs.Result r = Runs.main("text-quality", "--input", in.toString(), "--output", dir.resolve("o").toString(),
        "--env", "none", "--set", "quality.model.path=" + dir.resolve("nothing"));
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("quality-train"), r.err());
  }
}
