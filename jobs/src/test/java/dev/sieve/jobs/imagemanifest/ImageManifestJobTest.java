package dev.sieve.jobs.imagemanifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.jobs.Runs;
import dev.sieve.transforms.spark.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * image-manifest end to end on real image files (the probe's fixtures): every row is kept or rejected with the
 * documented reason, hostile URIs are refused without being read, and what was read of each object is recorded.
 */
class ImageManifestJobTest extends SparkTestBase {
  private static final String[] FIXTURES = {"valid.png", "valid.jpg", "valid.gif", "valid.bmp", "lossy.webp",
      "lossless.webp", "valid.avif", "valid.heic", "big-app.jpg", "truncated.png", "truncated.jpg", "truncated.gif",
      "zero.png", "header-zeroed.png", "png-as.jpg", "bomb.png", "not-an-image.txt"};

  private static Path fixtures(Path dir) throws IOException {
    Path objects = dir.resolve("objects");
    Files.createDirectories(objects);
    for (String f : FIXTURES) {
      try (InputStream in = ImageManifestJobTest.class.getClassLoader().getResourceAsStream("media/images/" + f)) {
        Files.copy(in, objects.resolve(f));
      }
    }
    return objects;
  }

  private static String row(String id, String uri, String extra) {
    return "{\"id\":\"" + id + "\",\"uri\":" + (uri == null ? "null" : "\"" + uri + "\"")
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  @Test
  void everyRowIsKeptOrRejectedWithItsReason() throws IOException {
    Path dir = tempDirectory("sieve-images").toPath();
    Path objects = fixtures(dir);
    String base = objects.toUri().toString(); // file:///.../objects/
    List<String> lines = new ArrayList<>();
    lines.add(row("png", base + "valid.png", "\"format\":\"png\",\"width\":64,\"height\":48,\"bytes\":6816,"
        + "\"caption\":\"a gradient with an oval\""));
    lines.add(row("jpeg", base + "valid.jpg", "\"format\":\"jpg\""));
    lines.add(row("gif", "valid.gif", "")); // relative to media.base_uri
    lines.add(row("bmp", base + "valid.bmp", ""));
    lines.add(row("webp-lossy", base + "lossy.webp", ""));
    lines.add(row("webp-lossless", base + "lossless.webp", ""));
    lines.add(row("avif", base + "valid.avif", ""));
    lines.add(row("heif", base + "valid.heic", ""));
    lines.add(row("big-app", base + "big-app.jpg", "\"width\":300,\"height\":200"));
    lines.add(row("truncated-png", base + "truncated.png", ""));
    lines.add(row("truncated-jpg", base + "truncated.jpg", ""));
    lines.add(row("truncated-gif", base + "truncated.gif", ""));
    lines.add(row("zero", base + "zero.png", ""));
    lines.add(row("header-zeroed", base + "header-zeroed.png", ""));
    lines.add(row("wrong-extension", base + "png-as.jpg", "\"format\":\"jpeg\""));
    lines.add(row("bomb", base + "bomb.png", ""));
    lines.add(row("text", base + "not-an-image.txt", ""));
    lines.add(row("declared-width", base + "valid.png", "\"width\":640"));
    lines.add(row("missing", base + "no-such-file.png", ""));
    lines.add(row("passwd", "file:///etc/passwd", ""));
    lines.add(row("escape", "../../../../etc/passwd", ""));
    lines.add(row("escape-encoded", base + "%2e%2e/secret.png", ""));
    lines.add(row("other-scheme", "http://169.254.169.254/latest/meta-data", ""));
    lines.add(row("null-uri", null, ""));
    lines.add(row("blank-uri", "  ", ""));
    Path manifest = Runs.jsonl(dir.resolve("manifest"), "images.jsonl", lines.toArray(new String[0]));
    Path out = dir.resolve("out");

    Runs.main("image-manifest", "--input", manifest.toString(), "--output", out.toString(), "--env", "none",
        "--set", "media.allowed_prefixes=[\"" + base + "\"]", "--set", "media.base_uri=\"" + base + "\"",
        "--set", "media.concurrency=4", "--set", "image.dedup.exact=false", "--set", "image.dedup.near=false")
        .assertOk();

    Map<String, String> kept = new TreeMap<>();
    for (Row r : spark().read().format("delta").load(out.resolve("kept").toString())
        .selectExpr("id", "concat(probe.format, ' ', probe.width, 'x', probe.height)").collectAsList()) {
      kept.put(r.getString(0), r.getString(1));
    }
    assertEquals(Map.of("png", "png 64x48", "jpeg", "jpeg 64x48", "gif", "gif 64x48", "bmp", "bmp 64x48",
        "webp-lossy", "webp 64x48", "webp-lossless", "webp 64x48", "avif", "avif 64x48", "heif", "heif 64x48",
        "big-app", "jpeg 300x200"), kept);

    Map<String, String> rejected = new TreeMap<>();
    Map<String, String> details = new TreeMap<>();
    for (Row r : spark().read().format("delta").load(out.resolve("rejected").toString())
        .select("id", "reject_reason", "reject_detail").collectAsList()) {
      // a record rejected while reading (here the null URI) keeps its raw line, not its parsed columns
      String id = r.isNullAt(0) ? "(no id)" : r.getString(0);
      rejected.put(id, r.getString(1));
      details.put(id, r.getString(2));
    }
    Map<String, String> expected = new TreeMap<>();
    expected.put("truncated-png", "corrupt_media");
    expected.put("truncated-jpg", "corrupt_media");
    expected.put("truncated-gif", "corrupt_media");
    expected.put("zero", "empty_object");
    expected.put("header-zeroed", "unsupported_format");
    expected.put("wrong-extension", "declared_mismatch");
    expected.put("bomb", "pixel_bomb");
    expected.put("text", "unsupported_format");
    expected.put("declared-width", "declared_mismatch");
    expected.put("missing", "missing_object");
    expected.put("passwd", "uri_not_allowed");
    expected.put("escape", "uri_not_allowed");
    expected.put("escape-encoded", "uri_not_allowed");
    expected.put("other-scheme", "uri_not_allowed");
    expected.put("(no id)", "missing_uri");
    expected.put("blank-uri", "empty_uri");
    assertEquals(expected, rejected);
    assertEquals("format declared jpeg, is png", details.get("wrong-extension"));
    assertEquals("width declared 640, is 64", details.get("declared-width"));

    // Header-only probing: the 78 KB JPEG whose SOF lies past 64 KiB is read in a few targeted reads, not whole.
    Row big = spark().read().format("delta").load(out.resolve("kept").toString())
        .where("id = 'big-app'").select("probe.bytes", "probe.bytes_read", "probe.reads").first();
    assertEquals(77_868L, big.getLong(0));
    assertTrue(big.getLong(1) < 77_868L && big.getInt(2) <= 6, "read " + big.getLong(1) + " bytes in "
        + big.getInt(2) + " reads");

    JsonNode report = Runs.report(out);
    assertEquals(lines.size(), report.get("input_records").asLong());
    assertEquals(kept.size(), report.get("kept_records").asLong());
    assertEquals(4, report.get("rejected_by_reason").get("uri_not_allowed").asLong());
  }

  @Test
  void anEmptyAllowListStopsTheRunBeforeSparkWork() throws IOException {
    Path dir = tempDirectory("sieve-images-conf").toPath();
    Path manifest = Runs.jsonl(dir, "m.jsonl", row("a", "file:///x/a.png", ""));
    Runs.Result r = Runs.main("image-manifest", "--input", manifest.toString(), "--output",
        dir.resolve("o").toString(), "--env", "none");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("media.allowed_prefixes is empty"), r.err());
  }
}
