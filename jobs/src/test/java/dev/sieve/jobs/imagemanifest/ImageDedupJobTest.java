package dev.sieve.jobs.imagemanifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.jobs.Runs;
import dev.sieve.transforms.spark.SparkTestBase;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * image-manifest's dedup end to end: distinct pictures, their resized and re-encoded variants and byte-identical
 * copies; the probe's fixtures (one picture in five formats). Exact copies are {@code exact_duplicate}, variants
 * {@code near_duplicate} of the largest member, distinct pictures all kept; the same verdicts for any partitioning.
 */
class ImageDedupJobTest extends SparkTestBase {
  private static final int PICTURES = 6;
  private static final String[] FORMATS = {"valid.png", "valid.jpg", "valid.gif", "valid.bmp", "lossy.webp",
      "valid.avif"};
  private static Path dir;
  private static Path manifest;
  private static String base;

  /** A 320 x 240 picture of random shapes over a random gradient; each seed a different picture. */
  static BufferedImage picture(long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new java.awt.GradientPaint(0, 0, new Color(r.nextInt(0xFFFFFF)), 320, 240,
        new Color(r.nextInt(0xFFFFFF))));
    g.fillRect(0, 0, 320, 240);
    for (int i = 0; i < 14; i++) {
      g.setColor(new Color(r.nextInt(0xFFFFFF)));
      int x = r.nextInt(300);
      int y = r.nextInt(220);
      int w = 20 + r.nextInt(120);
      int h = 20 + r.nextInt(100);
      if (r.nextBoolean()) {
        g.fillOval(x, y, w, h);
      } else {
        g.fillRect(x, y, w, h);
      }
    }
    g.dispose();
    return img;
  }

  static BufferedImage scaled(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  static void jpeg(BufferedImage img, float quality, Path to) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(quality);
    try (OutputStream os = Files.newOutputStream(to); ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
      w.setOutput(out);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
  }

  private static String row(String id, String file) {
    return "{\"id\":\"" + id + "\",\"uri\":\"" + file + "\"}";
  }

  @BeforeAll
  static void corpus() throws IOException {
    dir = Files.createTempDirectory("sieve-image-dedup");
    Path objects = Files.createDirectories(dir.resolve("objects"));
    base = objects.toUri().toString();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= PICTURES; i++) {
      BufferedImage p = picture(1000 + i);
      ImageIO.write(p, "png", objects.resolve("p" + i + ".png").toFile());
      Files.copy(objects.resolve("p" + i + ".png"), objects.resolve("p" + i + "-copy.png"));
      ImageIO.write(scaled(p, 160, 120), "png", objects.resolve("p" + i + "-half.png").toFile());
      jpeg(scaled(p, 240, 180), 0.3f, objects.resolve("p" + i + "-q30.jpg"));
      for (String v : List.of("", "-copy", "-half")) {
        lines.add(row("p" + i + v, "p" + i + v + ".png"));
      }
      lines.add(row("p" + i + "-q30", "p" + i + "-q30.jpg"));
    }
    for (String f : FORMATS) {
      try (InputStream in = ImageDedupJobTest.class.getClassLoader().getResourceAsStream("media/images/" + f)) {
        Files.copy(in, objects.resolve(f));
      }
      lines.add(row("f-" + f.replace('.', '-'), f));
    }
    manifest = Runs.jsonl(dir.resolve("manifest"), "images.jsonl", lines.toArray(new String[0]));
  }

  private Runs.Result run(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("image-manifest", "--input", manifest.toString(), "--output",
        out.toString(), "--env", "none", "--set", "media.allowed_prefixes=[\"" + base + "\"]",
        "--set", "media.base_uri=\"" + base + "\""));
    args.addAll(List.of(extra));
    return Runs.main(args.toArray(new String[0]));
  }

  private Dataset<Row> table(Path out, String name) {
    return spark().read().format("delta").load(out.resolve(name).toString());
  }

  @Test
  void copiesAreExactDuplicatesVariantsNearDuplicatesAndDistinctPicturesAllKept() throws Exception {
    Path out = dir.resolve("out");
    run(out).assertOk();
    // The same verdicts for another partitioning.
    Path other = dir.resolve("other");
    run(other, "--set", "spark.conf.spark.sql.shuffle.partitions=7").assertOk();
    spark().conf().set("spark.sql.shuffle.partitions", "2");
    for (String t : List.of("kept", "rejected", "clusters")) {
      Dataset<Row> x = table(out, t);
      Dataset<Row> y = table(other, t);
      assertEquals(0, x.exceptAll(y).count(), t);
      assertEquals(0, y.exceptAll(x).count(), t);
    }

    Map<String, String> verdicts = new TreeMap<>();
    for (Row r : table(out, "rejected").select("id", "reject_reason", "duplicate_of").collectAsList()) {
      verdicts.put(r.getString(0), r.getString(1) + " of " + r.getString(2));
    }
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= PICTURES; i++) {
      expected.put("p" + i + "-copy", "exact_duplicate of p" + i);
      expected.put("p" + i + "-half", "near_duplicate of p" + i);
      expected.put("p" + i + "-q30", "near_duplicate of p" + i);
    }
    // One 64 x 48 picture in four decodable formats: the BMP has the most bytes, so it is kept.
    for (String f : List.of("f-valid-png", "f-valid-jpg", "f-valid-gif", "f-lossy-webp")) {
      expected.put(f, "near_duplicate of f-valid-bmp");
    }
    assertEquals(expected, verdicts);

    List<String> kept = new ArrayList<>();
    for (Row r : table(out, "kept").orderBy("id").select("id").collectAsList()) {
      kept.add(r.getString(0));
    }
    assertEquals(List.of("f-valid-avif", "f-valid-bmp", "p1", "p2", "p3", "p4", "p5", "p6"), kept);

    // Kept rows carry their fingerprint; the AVIF has no decoder, so no perceptual hash, and says so.
    Row p1 = table(out, "kept").where("id = 'p1'").select("probe.sha256", "probe.phash", "probe.dhash",
        "probe.hash_bytes_read", "probe.bytes", "image_cluster_id").first();
    byte[] bytes = Files.readAllBytes(dir.resolve("objects/p1.png"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), p1.getString(0));
    assertTrue(p1.getString(1).matches("[0-9a-f]{16}") && p1.getString(2).matches("[0-9a-f]{16}"), p1.toString());
    assertEquals(p1.getLong(3), p1.getLong(4));
    assertEquals("p1", p1.getString(5));
    Row avif = table(out, "kept").where("id = 'f-valid-avif'").select("probe.phash", "probe.phash_skipped",
        "probe.sha256").first();
    assertNull(avif.get(0));
    assertEquals("no decoder for avif", avif.getString(1));
    assertEquals(64, avif.getString(2).length());

    // Near-duplicate details name the kept image and the distance; the clusters table lists every member.
    Row half = table(out, "rejected").where("id = 'p2-half'").select("reject_detail", "hash_distance").first();
    assertTrue(half.getString(0).startsWith("near duplicate of id p2 (pHash + dHash distance "), half.getString(0));
    assertTrue(half.getInt(1) <= 20, half.toString());
    Dataset<Row> clusters = table(out, "clusters");
    assertEquals(PICTURES * 3 + 5, clusters.count());
    assertEquals(PICTURES + 1, clusters.where("is_kept").count());
    assertEquals(3, clusters.where("cluster_id = 'p3'").count());

    JsonNode report = Runs.report(out);
    assertEquals(PICTURES, report.get("rejected_by_reason").get("exact_duplicate").asLong());
    assertEquals(PICTURES * 2 + 4, report.get("rejected_by_reason").get("near_duplicate").asLong());
  }

  @Test
  void keepRuleSmallestIdAndExactOnly() throws IOException {
    Path out = dir.resolve("exact-only");
    run(out, "--set", "image.dedup.near=false", "--set", "image.dedup.keep=smallest_id").assertOk();
    Map<String, String> verdicts = new TreeMap<>();
    for (Row r : table(out, "rejected").select("id", "reject_reason").collectAsList()) {
      verdicts.put(r.getString(0), r.getString(1));
    }
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= PICTURES; i++) {
      expected.put("p" + i + "-copy", "exact_duplicate");
    }
    assertEquals(expected, verdicts);
    // Without near dedup nothing is decoded.
    assertEquals(0, table(out, "kept").where("probe.phash is not null").count());
  }

  @Test
  void badDedupSettingsAreRefusedByName() throws IOException {
    Runs.Result r = run(dir.resolve("bad"), "--set", "image.dedup.max_distance=129");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("image.dedup.max_distance must be in 0..128"), r.err());
    r = run(dir.resolve("bad1"), "--set", "image.dedup.hashes=[phash, ahash]");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("'ahash' is not one of phash, dhash"), r.err());
    r = run(dir.resolve("bad2"), "--set", "image.dedup.keep=priority");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("image.dedup.priority_column"), r.err());
  }
}
