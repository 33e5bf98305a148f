package dev.sieve.bench;

import dev.sieve.transforms.media.HadoopRangeSource;
import dev.sieve.transforms.media.image.ImageProbe;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Image probing against ffprobe, on one core, over a folder of real images: Sieve's header probe (through the Hadoop
 * local FileSystem, as the job reads) and {@code ffprobe} (one process per file, as users run it) on the same files.
 * Reports probes per second for each and their ratio, the bytes Sieve read per object (median, p90, max), and the
 * agreement on width and height over the files ffprobe reads, with every disagreement listed.
 *
 * <pre>
 *   bench/run probe --dir DIR [--out DIR] [--ffprobe-limit N] [--rounds N]
 * </pre>
 */
public final class ProbeBench {
  private ProbeBench() {}

  /** One file's answers. */
  private record Answer(String format, int width, int height, String reason) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv, Set.of("dir", "out", "ffprobe-limit", "rounds"), Set.of("help"));
    if (a.has("help") || !a.has("dir")) {
      System.out.println("usage: bench/run probe --dir DIR [--out DIR] [--ffprobe-limit N] [--rounds N]");
      System.exit(a.has("help") ? 0 : 2);
    }
    Path dir = Paths.get(a.get("dir", null));
    Path out = Paths.get(a.get("out", "bench/target/probe"));
    int ffLimit = (int) a.getLong("ffprobe-limit", Integer.MAX_VALUE);
    int rounds = (int) a.getLong("rounds", 3);
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files under " + dir);
    }
    FileSystem fs = FileSystem.getLocal(new Configuration());

    // Sieve: the same loop several times; the fastest round counts (the first warms the JIT).
    Map<Path, Answer> sieve = new LinkedHashMap<>();
    long[] bytesRead = new long[files.size()];
    double bestSeconds = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f.toUri());
        long length = Files.size(f);
        try (HadoopRangeSource src = new HadoopRangeSource(fs, p, length, 1 << 20)) {
          ImageProbe.Result r = length == 0
              ? ImageProbe.probe(src, new byte[0], 89_478_485L)
              : ImageProbe.probe(src, src.read(0, ImageProbe.HEAD_BYTES), 89_478_485L);
          sieve.put(f, new Answer(r.format(), r.width(), r.height(), r.reason()));
          bytesRead[i] = src.bytesRead();
        }
      }
      bestSeconds = Math.min(bestSeconds, (System.nanoTime() - start) / 1e9);
    }
    double sieveRate = files.size() / bestSeconds;

    // ffprobe: one process per file, one at a time.
    List<Path> ffFiles = files.subList(0, Math.min(files.size(), ffLimit));
    Map<Path, Answer> ff = new LinkedHashMap<>();
    long ffStart = System.nanoTime();
    for (Path f : ffFiles) {
      ff.put(f, ffprobe(f));
    }
    double ffSeconds = (System.nanoTime() - ffStart) / 1e9;
    double ffRate = ffFiles.size() / ffSeconds;

    int readable = 0;
    int agree = 0;
    int sieveRejectsReadable = 0;
    List<String> disagreements = new ArrayList<>();
    Map<String, Integer> byFormat = new TreeMap<>();
    for (Path f : ffFiles) {
      Answer x = ff.get(f);
      if (x.width() <= 0) {
        continue; // ffprobe cannot read it: not part of the agreement
      }
      readable++;
      Answer s = sieve.get(f);
      byFormat.merge(x.format(), 1, Integer::sum);
      if (s.width() == x.width() && s.height() == x.height()) {
        agree++;
      } else {
        disagreements.add(dir.relativize(f) + ": ffprobe " + x.format() + " " + x.width() + "x" + x.height()
            + ", sieve " + s.format() + " " + s.width() + "x" + s.height() + (s.reason() == null ? "" : " " + s.reason()));
      }
      if (s.reason() != null) {
        sieveRejectsReadable++;
        if (s.width() == x.width() && s.height() == x.height()) {
          disagreements.add(dir.relativize(f) + ": same size, but sieve says " + s.reason());
        }
      }
    }
    // The same for objects larger than the 64 KiB head: what header-only probing saves shows there.
    List<long[]> large = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      long size = Files.size(files.get(i));
      if (size > ImageProbe.HEAD_BYTES) {
        large.add(new long[] {size, bytesRead[i]});
      }
    }
    long[] sorted = bytesRead.clone();
    Arrays.sort(sorted);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("files", files.size());
    result.put("sieve_probes_per_second", Math.round(sieveRate));
    result.put("ffprobe_files", ffFiles.size());
    result.put("ffprobe_probes_per_second", Math.round(ffRate * 10) / 10.0);
    result.put("speedup", Math.round(sieveRate / ffRate * 10) / 10.0);
    result.put("bytes_read_median", sorted[sorted.length / 2]);
    result.put("bytes_read_p90", sorted[(int) (sorted.length * 0.9)]);
    result.put("bytes_read_max", sorted[sorted.length - 1]);
    Map<String, Object> big = new LinkedHashMap<>();
    big.put("files", large.size());
    if (!large.isEmpty()) {
      long[] sizes = large.stream().mapToLong(x -> x[0]).sorted().toArray();
      long[] readBig = large.stream().mapToLong(x -> x[1]).sorted().toArray();
      big.put("size_median", sizes[sizes.length / 2]);
      big.put("size_max", sizes[sizes.length - 1]);
      big.put("bytes_read_median", readBig[readBig.length / 2]);
      big.put("bytes_read_max", readBig[readBig.length - 1]);
      big.put("bytes_read_total", large.stream().mapToLong(x -> x[1]).sum());
      big.put("bytes_total", large.stream().mapToLong(x -> x[0]).sum());
    }
    result.put("objects_over_64KiB", big);
    result.put("ffprobe_readable", readable);
    result.put("size_agreement", readable == 0 ? 0 : Math.round(10000.0 * agree / readable) / 10000.0);
    result.put("sieve_rejects_of_ffprobe_readable", sieveRejectsReadable);
    result.put("ffprobe_formats", byFormat);
    Map<String, Integer> reasons = new TreeMap<>();
    sieve.values().forEach(s -> reasons.merge(s.reason() == null ? "sound" : s.reason(), 1, Integer::sum));
    result.put("sieve_outcomes", reasons);
    result.put("disagreements", disagreements);
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.json"), Json.pretty(result) + "\n", StandardCharsets.UTF_8);
    System.out.println(Json.pretty(result));
  }

  /** ffprobe's codec, width and height of the first video stream (an image is one), or width 0 when it fails. */
  private static Answer ffprobe(Path f) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "stream=codec_name,width,height", "-of", "csv=p=0", f.toString())
        .redirectErrorStream(false)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Answer(null, 0, 0, "timeout");
    }
    String first = text.isEmpty() ? "" : text.split("\n")[0];
    String[] parts = first.split(",");
    if (p.exitValue() != 0 || parts.length < 3) {
      return new Answer(null, 0, 0, "ffprobe exit " + p.exitValue());
    }
    try {
      return new Answer(parts[0], Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()), null);
    } catch (NumberFormatException e) {
      return new Answer(parts[0], 0, 0, "no size");
    }
  }
}
