package dev.sieve.jobs.avmanifest;

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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * audio-manifest and video-manifest end to end on the probe's real media fixtures: every row is kept or rejected
 * with the documented reason (each filter, each broken-object case, hostile URIs, byte-identical copies and
 * near-duplicate transcripts), and kept rows carry the streams the probe found.
 */
class AvManifestJobTest extends SparkTestBase {

  private static Path objects(Path dir, String... names) throws IOException {
    Path objects = dir.resolve("objects");
    Files.createDirectories(objects);
    for (String f : names) {
      try (InputStream in = AvManifestJobTest.class.getClassLoader().getResourceAsStream("media/av/" + f)) {
        Files.copy(in, objects.resolve(f));
      }
    }
    return objects;
  }

  private static String row(String id, String uri, String extra) {
    return "{\"id\":\"" + id + "\",\"uri\":\"" + uri + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private Map<String, String> reasons(Path out, Map<String, String> details) {
    Map<String, String> rejected = new TreeMap<>();
    for (Row r : spark().read().format("delta").load(out.resolve("rejected").toString())
        .select("id", "reject_reason", "reject_detail").collectAsList()) {
      rejected.put(r.getString(0), r.getString(1));
      details.put(r.getString(0), r.getString(2));
    }
    return rejected;
  }

  @Test
  void audioManifestKeepsOrRejectsEveryRowWithItsReason() throws IOException {
    Path dir = tempDirectory("sieve-audio").toPath();
    Path objects = objects(dir, "aiff-float.aifc", "mp3-cbr.mp3", "mp3-vbr.mp3", "mp3-id3.mp3", "mp3-layer2.mp2",
        "m4a-aac.m4a", "ogg-vorbis.ogg", "ogg-opus.opus", "mkv-audio-only.mka", "wav-pcm16.wav", "flac-id3.flac",
        "mp4-no-audio.mp4", "wav-truncated.wav", "mp3-truncated.mp3", "ogg-truncated.ogg", "flac-cut-audio.flac",
        "mp4-empty.mp4", "wav-header-zeroed.wav");
    Files.copy(objects.resolve("mp3-cbr.mp3"), objects.resolve("copy-of-cbr.mp3"));
    String b = objects.toUri().toString();
    String speech = "\"transcript\":\"The quick brown fox jumps over the lazy dog near the river bank today!\"";
    List<String> lines = new ArrayList<>(List.of(
        row("aiff", b + "aiff-float.aifc", ""),
        row("mp3-cbr", b + "mp3-cbr.mp3", "\"format\":\"audio/mpeg\",\"duration\":1.045,\"sample_rate\":44100,"
            + "\"channels\":1"),
        row("mp3-id3", b + "mp3-id3.mp3", ""),
        row("mp2", b + "mp3-layer2.mp2", ""),
        row("ogg", b + "ogg-vorbis.ogg", speech),
        row("mka", b + "mkv-audio-only.mka", ""),
        // rejected by a filter
        row("m4a-declared", b + "m4a-aac.m4a", "\"duration\":3.0"),
        row("opus-transcript", b + "ogg-opus.opus", speech.replace("!", "").replace("The", "the")),
        row("vbr-long", b + "mp3-vbr.mp3", ""),
        row("wav-8k", b + "wav-pcm16.wav", ""),
        row("flac-codec", b + "flac-id3.flac", ""),
        row("video-only", b + "mp4-no-audio.mp4", ""),
        row("x-copy", b + "copy-of-cbr.mp3", ""), // the smallest id of the two is kept
        // broken objects and URIs
        row("wav-truncated", b + "wav-truncated.wav", ""),
        row("mp3-truncated", b + "mp3-truncated.mp3", ""),
        row("ogg-truncated", b + "ogg-truncated.ogg", ""),
        row("flac-cut", b + "flac-cut-audio.flac", ""),
        row("zero", b + "mp4-empty.mp4", ""),
        row("header-zeroed", b + "wav-header-zeroed.wav", ""),
        row("missing", b + "no-such.wav", ""),
        row("passwd", "file:///etc/passwd", "")));
    Path manifest = Runs.jsonl(dir.resolve("manifest"), "audio.jsonl", lines.toArray(new String[0]));
    Path out = dir.resolve("out");

    Runs.main("audio-manifest", "--input", manifest.toString(), "--output", out.toString(), "--env", "none",
        "--set", "media.allowed_prefixes=[\"" + b + "\"]", "--set", "media.concurrency=4",
        "--set", "av.min_sample_rate=11025", "--set", "av.max_duration_s=2.0",
        "--set", "av.allowed_audio_codecs=[mp3, mp2, aac, vorbis, opus, pcm_f32be, pcm_s16le]").assertOk();

    Dataset<Row> kept = spark().read().format("delta").load(out.resolve("kept").toString());
    Map<String, String> keptIds = new TreeMap<>();
    for (Row r : kept.selectExpr("id", "concat_ws(' ', probe.format, probe.audio_codec, probe.sample_rate, "
        + "probe.channels)").collectAsList()) {
      keptIds.put(r.getString(0), r.getString(1));
    }
    assertEquals(Map.of("aiff", "aiff pcm_f32be 11025 2", "mp3-cbr", "mp3 mp3 44100 1", "mp3-id3", "mp3 mp3 44100 1",
        "mp2", "mp3 mp2 32000 1", "ogg", "ogg vorbis 22050 1", "mka", "matroska vorbis 22050 1"), keptIds);
    Row cbr = kept.where("id = 'mp3-cbr'").select("probe.duration", "probe.bitrate", "probe.sha256",
        "probe.video_codec").first();
    assertEquals(1.0449, cbr.getDouble(0), 1e-4);
    assertTrue(cbr.isNullAt(3), "no video stream");
    assertEquals(64, cbr.getString(2).length(), "SHA-256 of the bytes");
    Row id3 = kept.where("id = 'mp3-id3'").select("probe.bytes", "probe.bytes_read").first();
    assertTrue(id3.getLong(1) < id3.getLong(0), "the 90 KB object is probed without reading it whole: " + id3);

    Map<String, String> details = new TreeMap<>();
    Map<String, String> expected = new TreeMap<>();
    expected.put("m4a-declared", "declared_mismatch");
    expected.put("opus-transcript", "near_duplicate");
    expected.put("vbr-long", "duration_out_of_range");
    expected.put("wav-8k", "low_sample_rate");
    expected.put("flac-codec", "codec_not_allowed");
    expected.put("video-only", "no_audio_stream");
    expected.put("x-copy", "exact_duplicate");
    expected.put("wav-truncated", "corrupt_media");
    expected.put("mp3-truncated", "corrupt_media");
    expected.put("ogg-truncated", "corrupt_media");
    expected.put("flac-cut", "corrupt_media");
    expected.put("zero", "empty_object");
    expected.put("header-zeroed", "unsupported_format");
    expected.put("missing", "missing_object");
    expected.put("passwd", "uri_not_allowed");
    assertEquals(expected, reasons(out, details));
    assertEquals("duration declared 3 s, is 1 s", details.get("m4a-declared"));
    assertEquals("8000 Hz < 11025 Hz", details.get("wav-8k"));
    assertTrue(details.get("wav-truncated").contains("declares 8000 bytes, the object ends at 6000"),
        details.get("wav-truncated"));
    Row copy = spark().read().format("delta").load(out.resolve("rejected").toString()).where("id = 'x-copy'")
        .select("duplicate_of").first();
    assertEquals("mp3-cbr", copy.getString(0));
    Row near = spark().read().format("delta").load(out.resolve("rejected").toString())
        .where("id = 'opus-transcript'").select("near_duplicate_of").first();
    assertEquals("ogg", near.getString(0));

    JsonNode report = Runs.report(out);
    assertEquals(lines.size(), report.get("input_records").asLong());
    assertEquals(keptIds.size() + expected.size(), lines.size(), "every row kept or rejected");
  }

  @Test
  void videoManifestKeepsOrRejectsEveryRowWithItsReason() throws IOException {
    Path dir = tempDirectory("sieve-video").toPath();
    Path objects = objects(dir, "mp4-faststart.mp4", "mp4-moov-end.mp4", "mp4-rotated.mp4", "mov-basic.mov",
        "mkv-basic.mkv", "webm-vp9-opus.webm", "avi-mpeg4.avi", "ogv-theora.ogv", "mp4-no-audio.mp4",
        "webm-live.webm", "avi-mjpeg.avi", "avi-rawvideo.avi", "mkv-audio-only.mka", "mp4-truncated.mp4",
        "mp4-truncated-faststart.mp4", "mkv-truncated.mkv", "avi-truncated.avi", "webm-live-truncated.webm",
        "mp4-header-zeroed.mp4");
    String b = objects.toUri().toString();
    String clip = "\"caption\":\"a colourful test pattern with a moving gradient and a sine tone\"";
    List<String> lines = new ArrayList<>();
    for (String[] k : new String[][] {{"mp4-faststart", "mp4-faststart.mp4"}, {"mp4-moov-end", "mp4-moov-end.mp4"},
        {"mp4-rotated", "mp4-rotated.mp4"}, {"webm", "webm-vp9-opus.webm"}, {"avi", "avi-mpeg4.avi"},
        {"ogv", "ogv-theora.ogv"}, {"mp4-silent", "mp4-no-audio.mp4"}, {"live", "webm-live.webm"},
        {"mjpeg", "avi-mjpeg.avi"}, {"tiny", "avi-rawvideo.avi"}, {"audio-only", "mkv-audio-only.mka"},
        {"mp4-truncated", "mp4-truncated.mp4"}, {"mp4-truncated-faststart", "mp4-truncated-faststart.mp4"},
        {"mkv-truncated", "mkv-truncated.mkv"}, {"avi-truncated", "avi-truncated.avi"},
        {"webm-truncated", "webm-live-truncated.webm"}, {"header-zeroed", "mp4-header-zeroed.mp4"}}) {
      lines.add(row(k[0], b + k[1], "\"caption\":\"this is the short test pattern clip called " + k[0]
          + " with a quiet tone\""));
    }
    lines.add(row("mkv", b + "mkv-basic.mkv", clip));
    lines.add(row("mov", b + "mov-basic.mov", clip.replace("colourful", "Colourful").replace("tone", "tone.")));
    lines.add(row("same-bytes", b + "mp4-faststart.mp4",
        "\"caption\":\"the same object named again here under another id\""));
    lines.add(row("short-caption", b + "mp4-moov-end.mp4", "\"caption\":\"clip\""));
    lines.add(row("german-caption", b + "mp4-moov-end.mp4", "\"caption\":\"Ein bunter Testbildschirm mit einem "
        + "wandernden Farbverlauf und einem leisen Sinuston\""));
    lines.add(row("declared", b + "mp4-rotated.mp4", "\"caption\":\"this clip is declared as a landscape video in "
        + "the manifest\",\"width\":64,\"height\":48,\"format\":\"mp4\""));
    Path manifest = Runs.jsonl(dir.resolve("manifest"), "video.jsonl", lines.toArray(new String[0]));
    Path out = dir.resolve("out");

    Runs.main("video-manifest", "--input", manifest.toString(), "--output", out.toString(), "--env", "none",
        "--set", "media.allowed_prefixes=[\"" + b + "\"]", "--set", "media.concurrency=4",
        "--set", "av.min_duration_s=0.4", "--set", "video.min_side=32", "--set", "media.caption.min_words=2",
        "--set", "media.caption.languages=[en]",
        "--set", "video.allowed_codecs=[h264, mpeg4, vp9, theora, rawvideo]").assertOk();

    Dataset<Row> kept = spark().read().format("delta").load(out.resolve("kept").toString());
    Map<String, String> keptIds = new TreeMap<>();
    for (Row r : kept.selectExpr("id", "concat_ws(' ', probe.format, probe.video_codec, "
        + "concat(probe.width, 'x', probe.height), probe.rotation, coalesce(probe.audio_codec, '-'))")
        .collectAsList()) {
      keptIds.put(r.getString(0), r.getString(1));
    }
    Map<String, String> expectedKept = new TreeMap<>();
    expectedKept.put("mp4-faststart", "mp4 h264 64x48 0 aac");
    expectedKept.put("mp4-moov-end", "mp4 h264 64x48 0 aac");
    expectedKept.put("mp4-rotated", "mp4 h264 48x64 90 aac");
    expectedKept.put("webm", "webm vp9 64x48 0 opus");
    expectedKept.put("avi", "avi mpeg4 64x48 0 mp3");
    expectedKept.put("ogv", "ogg theora 64x48 0 vorbis");
    expectedKept.put("mp4-silent", "mp4 h264 64x48 0 -");
    expectedKept.put("mkv", "matroska mpeg4 64x48 0 flac");
    assertEquals(expectedKept, keptIds);
    Row moovEnd = kept.where("id = 'mp4-moov-end'").select("probe.duration", "probe.fps").first();
    assertEquals(1.0, moovEnd.getDouble(0), 1e-9);
    assertEquals(10.0, moovEnd.getDouble(1), 1e-9);

    Map<String, String> details = new TreeMap<>();
    Map<String, String> expected = new TreeMap<>();
    expected.put("live", "duration_out_of_range");
    expected.put("mjpeg", "codec_not_allowed");
    expected.put("tiny", "resolution");
    expected.put("audio-only", "no_video_stream");
    expected.put("mp4-truncated", "corrupt_media");
    expected.put("mp4-truncated-faststart", "corrupt_media");
    expected.put("mkv-truncated", "corrupt_media");
    expected.put("avi-truncated", "corrupt_media");
    expected.put("webm-truncated", "corrupt_media");
    expected.put("header-zeroed", "unsupported_format");
    expected.put("mov", "near_duplicate");
    expected.put("same-bytes", "exact_duplicate");
    expected.put("short-caption", "bad_caption");
    expected.put("german-caption", "language_not_allowed");
    expected.put("declared", "declared_mismatch");
    assertEquals(expected, reasons(out, details));
    assertEquals("width declared 64, is 48; height declared 48, is 64", details.get("declared"));
    assertEquals("the object declares no duration, allowed 0.4 .. any s", details.get("live"));
    assertEquals("16x16 (displayed), allowed sides 32 .. any", details.get("tiny"));
    assertEquals(lines.size(), Runs.report(out).get("input_records").asLong());
  }
}
