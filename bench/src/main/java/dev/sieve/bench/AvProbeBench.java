package dev.sieve.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.transforms.media.HadoopRangeSource;
import dev.sieve.transforms.media.av.AvInfo;
import dev.sieve.transforms.media.av.AvProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Audio and video probing against ffprobe, on one core, over a folder of real files: Sieve's header probe
 * ({@link AvProbe} through the Hadoop local FileSystem with the job's 64 KiB head, as the job reads) and
 * {@code ffprobe} (one process per file, as users run it) on the same files.
 *
 * <p>Agreement is counted over the files ffprobe reads with at least one audio or video stream (cover art, an
 * {@code attached_pic}, is not a video stream): duration within max(0.05 s, 1%) of ffprobe's format duration;
 * codec, sample rate and channels of the first audio stream; codec, width and height of the first video stream
 * (ffprobe's coded size turned by its rotation, as Sieve reports the displayed size). A file agrees when every
 * field does; every disagreement is listed with both answers. Throughput: files per second for each (Sieve: the
 * fastest of several rounds), and their ratio. Bytes read per object: median, p90, max, overall and for objects over
 * 256 KiB.
 *
 * <pre>
 *   bench/run av-probe --dir DIR [--out DIR] [--rounds N]
 * </pre>
 */
public final class AvProbeBench {
  private static final int HEAD = 65_536;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AvProbeBench() {}

  /** One tool's answer for one file; reason non-null when it could not read the file. */
  private record Answer(String container, double duration, String vcodec, int width, int height, String acodec,
      int rate, int channels, String reason) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv, Set.of("dir", "out", "rounds"), Set.of("help"));
    if (a.has("help") || !a.has("dir")) {
      System.out.println("usage: bench/run av-probe --dir DIR [--out DIR] [--rounds N]");
      System.exit(a.has("help") ? 0 : 2);
    }
    Path dir = Paths.get(a.get("dir", null));
    Path out = Paths.get(a.get("out", "bench/target/av-probe"));
    int rounds = (int) a.getLong("rounds", 3);
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files under " + dir);
    }
    FileSystem fs = FileSystem.getLocal(new Configuration());

    Map<Path, Answer> sieve = new LinkedHashMap<>();
    long[] bytesRead = new long[files.size()];
    long[] sizes = new long[files.size()];
    double best = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        long length = Files.size(f);
        sizes[i] = length;
        try (HadoopRangeSource src = new HadoopRangeSource(fs, new org.apache.hadoop.fs.Path(f.toUri()), length,
            1 << 20)) {
          byte[] head = length == 0 ? new byte[0] : src.read(0, HEAD);
          sieve.put(f, answer(AvProbe.probe(src, head)));
          bytesRead[i] = src.bytesRead();
        }
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    double sieveRate = files.size() / best;

    Map<Path, Answer> ff = new LinkedHashMap<>();
    long ffStart = System.nanoTime();
    for (Path f : files) {
      ff.put(f, ffprobe(f));
    }
    double ffRate = files.size() / ((System.nanoTime() - ffStart) / 1e9);

    int readable = 0;
    int agree = 0;
    Map<String, int[]> fields = new LinkedHashMap<>();
    for (String k : List.of("duration", "audio_codec", "sample_rate", "channels", "video_codec", "width",
        "height")) {
      fields.put(k, new int[2]);
    }
    Map<String, int[]> byContainer = new TreeMap<>();
    List<String> disagreements = new ArrayList<>();
    for (Path f : files) {
      Answer x = ff.get(f);
      if (x.reason() != null) {
        continue;
      }
      readable++;
      Answer s = sieve.get(f);
      List<String> diff = new ArrayList<>();
      if (s.reason() != null) {
        diff.add("sieve: " + s.reason());
      } else {
        field(fields, diff, "duration", durationAgrees(x.duration(), s.duration()), x.duration(), s.duration());
        if (x.acodec() != null) {
          field(fields, diff, "audio_codec", x.acodec().equals(s.acodec()), x.acodec(), s.acodec());
          field(fields, diff, "sample_rate", x.rate() == s.rate(), x.rate(), s.rate());
          field(fields, diff, "channels", x.channels() == s.channels(), x.channels(), s.channels());
        } else if (s.acodec() != null) {
          diff.add("audio: ffprobe none, sieve " + s.acodec());
        }
        if (x.vcodec() != null) {
          field(fields, diff, "video_codec", x.vcodec().equals(s.vcodec()), x.vcodec(), s.vcodec());
          field(fields, diff, "width", x.width() == s.width(), x.width(), s.width());
          field(fields, diff, "height", x.height() == s.height(), x.height(), s.height());
        } else if (s.vcodec() != null) {
          diff.add("video: ffprobe none, sieve " + s.vcodec());
        }
      }
      String container = s.container() == null ? "(" + ext(f) + ")" : s.container();
      int[] c = byContainer.computeIfAbsent(container, k -> new int[2]);
      c[1]++;
      if (diff.isEmpty()) {
        agree++;
        c[0]++;
      } else {
        disagreements.add(dir.relativize(f) + ": " + String.join("; ", diff));
      }
    }

    long[] sorted = bytesRead.clone();
    Arrays.sort(sorted);
    List<Long> bigReads = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (sizes[i] > 256 * 1024) {
        bigReads.add(bytesRead[i]);
      }
    }
    bigReads.sort(null);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("files", files.size());
    result.put("sieve_probes_per_second", Math.round(sieveRate));
    result.put("ffprobe_probes_per_second", Math.round(ffRate * 10) / 10.0);
    result.put("speedup", Math.round(sieveRate / ffRate * 10) / 10.0);
    result.put("bytes_read_median", sorted[sorted.length / 2]);
    result.put("bytes_read_p90", sorted[(int) (sorted.length * 0.9)]);
    result.put("bytes_read_max", sorted[sorted.length - 1]);
    Map<String, Object> big = new LinkedHashMap<>();
    big.put("files", bigReads.size());
    if (!bigReads.isEmpty()) {
      big.put("bytes_read_median", bigReads.get(bigReads.size() / 2));
      big.put("bytes_read_max", bigReads.get(bigReads.size() - 1));
      big.put("bytes_total", Arrays.stream(sizes).filter(x -> x > 256 * 1024).sum());
      big.put("bytes_read_total", bigReads.stream().mapToLong(Long::longValue).sum());
    }
    result.put("objects_over_256KiB", big);
    result.put("ffprobe_readable", readable);
    result.put("agreement", readable == 0 ? 0 : Math.round(10000.0 * agree / readable) / 10000.0);
    result.put("agreeing_files", agree);
    Map<String, String> perField = new LinkedHashMap<>();
    fields.forEach((k, v) -> perField.put(k, v[0] + "/" + v[1]));
    result.put("fields_agreeing", perField);
    Map<String, String> perContainer = new LinkedHashMap<>();
    byContainer.forEach((k, v) -> perContainer.put(k, v[0] + "/" + v[1]));
    result.put("containers_agreeing", perContainer);
    Map<String, Integer> outcomes = new TreeMap<>();
    sieve.values().forEach(s -> outcomes.merge(s.reason() == null ? "sound" : s.reason(), 1, Integer::sum));
    result.put("sieve_outcomes", outcomes);
    Map<String, Integer> ffOutcomes = new TreeMap<>();
    ff.values().forEach(s -> ffOutcomes.merge(s.reason() == null ? "readable" : s.reason(), 1, Integer::sum));
    result.put("ffprobe_outcomes", ffOutcomes);
    result.put("disagreements", disagreements);
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.json"), Json.pretty(result) + "\n", StandardCharsets.UTF_8);
    System.out.println(Json.pretty(result));
  }

  private static void field(Map<String, int[]> fields, List<String> diff, String name, boolean same, Object ff,
      Object sieve) {
    int[] c = fields.get(name);
    c[1]++;
    if (same) {
      c[0]++;
    } else {
      diff.add(name + ": ffprobe " + ff + ", sieve " + sieve);
    }
  }

  /** Within max(0.05 s, 1%) of ffprobe's; both unknown also agree. */
  static boolean durationAgrees(double ff, double sieve) {
    if (Double.isNaN(ff) || Double.isNaN(sieve)) {
      return Double.isNaN(ff) && Double.isNaN(sieve);
    }
    return Math.abs(ff - sieve) <= Math.max(0.05, 0.01 * ff);
  }

  private static Answer answer(AvProbe.Result r) {
    if (!r.ok()) {
      return new Answer(r.container(), Double.NaN, null, 0, 0, null, 0, 0, r.reason());
    }
    AvInfo i = r.info();
    return new Answer(i.container(), i.duration(), i.videoCodec(), i.width(), i.height(), i.audioCodec(),
        i.sampleRate(), i.channels(), null);
  }

  private static String ext(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * ffprobe's format duration and first audio / first video stream (attached pictures skipped); the video size is
   * turned by the stream's rotation (display matrix) as players show it.
   */
  private static Answer ffprobe(Path f) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
        "format=duration,format_name:stream=codec_type,codec_name,sample_rate,channels,width,height"
            + ":stream_disposition=attached_pic:stream_side_data=rotation",
        "-of", "json", f.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] text = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Answer(null, Double.NaN, null, 0, 0, null, 0, 0, "ffprobe timeout");
    }
    if (p.exitValue() != 0) {
      return new Answer(null, Double.NaN, null, 0, 0, null, 0, 0, "ffprobe fails");
    }
    JsonNode root = JSON.readTree(text);
    String vcodec = null;
    String acodec = null;
    int w = 0;
    int h = 0;
    int rate = 0;
    int channels = 0;
    for (JsonNode s : root.path("streams")) {
      String type = s.path("codec_type").asText();
      if ("video".equals(type) && vcodec == null && s.path("disposition").path("attached_pic").asInt() == 0) {
        vcodec = s.path("codec_name").asText("unknown");
        w = s.path("width").asInt();
        h = s.path("height").asInt();
        for (JsonNode sd : s.path("side_data_list")) {
          int rot = Math.abs(sd.path("rotation").asInt()) % 180;
          if (rot == 90) {
            int t = w;
            w = h;
            h = t;
          }
        }
      } else if ("audio".equals(type) && acodec == null) {
        acodec = s.path("codec_name").asText("unknown");
        rate = s.path("sample_rate").asInt();
        channels = s.path("channels").asInt();
      }
    }
    if (vcodec == null && acodec == null) {
      return new Answer(null, Double.NaN, null, 0, 0, null, 0, 0, "ffprobe finds no audio or video stream");
    }
    JsonNode d = root.path("format").path("duration");
    double duration = d.isMissingNode() ? Double.NaN : Double.parseDouble(d.asText());
    return new Answer(root.path("format").path("format_name").asText(), duration, vcodec, w, h, acodec, rate,
        channels, null);
  }
}
