package dev.sieve.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.transforms.spark.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Executes every {@code %spark.sql} paragraph of every Zeppelin note under {@code zeppelin-notes/} against the
 * outputs of real job runs (text-dedup and text-quality on the sample corpus, image-manifest on the probe's image
 * fixtures), in order, as Zeppelin would after the user typed the output folders in the notes' forms. The notes
 * are SQL first: every view is built by a SQL paragraph from a path typed in a form, and the few Scala paragraphs
 * only display views, so executing the SQL exercises all of a note's data access.
 */
class NotesSqlTest extends SparkTestBase {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path NOTES = ROOT.resolve("zeppelin-notes");
  private static final Path SAMPLE = ROOT.resolve("samples/text/web-sample.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SQL = "%spark.sql\n";
  private static final String SCALA = "%spark\n";
  // Zeppelin's template forms: ${name=default} or ${name} (paragraph scope), $${name=default} (note scope).
  private static final Pattern FORM = Pattern.compile("\\$\\$?\\{([^=}]*)(?:=([^}]*))?}");
  // A form whose default is a storage URI reads data: the test must give it a value, never use the default.
  private static final Pattern URI_DEFAULT = Pattern.compile("[a-z][a-z0-9+.-]*://.*");
  private static final Pattern CREATES_VIEW = Pattern.compile("(?i)\\bTEMPORARY\\s+VIEW\\s+(sieve_\\w+)");
  private static final Pattern READS_VIEW = Pattern.compile("(?i)\\b(?:FROM|JOIN|TABLE)\\s+(sieve_\\w+)");
  private static final Pattern SCALA_READS_VIEW = Pattern.compile("spark\\.table\\(\\s*\"(\\w+)\"\\s*\\)");
  // Statements that only define or cache a view return no rows.
  private static final Pattern VIEW_STATEMENT = Pattern.compile("(?is)(?:CREATE|CACHE|UNCACHE)\\s.*");
  private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*--.*$");
  // What a Scala paragraph must not do: all data access belongs in the SQL this test executes.
  private static final List<String> SCALA_FORBIDDEN = List.of("createOrReplaceTempView", "createTempView",
      "createGlobalTempView", ".load(", "spark.read", "spark.sql(", "z.textbox", "z.input(", "z.noteTextbox");

  private static final String[] IMAGES = {"valid.png", "valid.jpg", "valid.gif", "valid.bmp", "lossy.webp",
      "lossless.webp", "valid.avif", "valid.heic", "big-app.jpg", "truncated.png", "truncated.jpg", "truncated.gif",
      "zero.png", "header-zeroed.png", "png-as.jpg", "bomb.png", "not-an-image.txt"};

  record Paragraph(String title, String text) {
    boolean isSql() {
      return text.startsWith(SQL);
    }

    boolean isScala() {
      return text.startsWith(SCALA);
    }

    String body() {
      return text.substring(text.indexOf('\n') + 1);
    }
  }

  record Note(String file, String name, List<Paragraph> paragraphs) {
    List<Paragraph> sql() {
      return paragraphs.stream().filter(Paragraph::isSql).toList();
    }
  }

  /** One execution of a note: the folder each path form gets; the other forms keep their defaults. */
  record Case(String note, String about, Map<String, Path> folders) {}

  private static List<Note> notes() throws IOException {
    List<Note> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(NOTES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".zpln")).sorted().toList()) {
        JsonNode j = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        List<Paragraph> ps = new ArrayList<>();
        for (JsonNode p : j.path("paragraphs")) {
          ps.add(new Paragraph(p.path("title").asText(p.path("id").asText()), p.path("text").asText()));
        }
        out.add(new Note(f.getFileName().toString(), j.path("name").asText(), ps));
      }
    }
    assertFalse(out.isEmpty(), "no notes under " + NOTES);
    return out;
  }

  @Test
  void notesAreSqlFirst() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Note n : notes()) {
      if (n.sql().size() < 3) {
        problems.add(n.file() + ": " + n.sql().size() + " %spark.sql paragraphs, fewer than 3");
      }
      Set<String> views = new HashSet<>();
      Map<String, String> defaults = new HashMap<>();
      for (Paragraph p : n.paragraphs()) {
        String where = n.file() + " / " + p.title() + ": ";
        if (p.isScala()) {
          for (String s : SCALA_FORBIDDEN) {
            if (p.body().contains(s)) {
              problems.add(where + "a Scala paragraph uses " + s + " (create views and read paths in SQL)");
            }
          }
          Matcher m = SCALA_READS_VIEW.matcher(p.body());
          while (m.find()) {
            if (!views.contains(m.group(1))) {
              problems.add(where + "reads the view " + m.group(1) + ", which no earlier SQL paragraph creates");
            }
          }
          continue;
        }
        if (!p.isSql()) {
          continue;
        }
        String body = p.body().strip();
        int semicolon = body.indexOf(';');
        if (semicolon >= 0 && semicolon != body.length() - 1) {
          problems.add(where + "holds more than one statement (a ';' before its end)");
        }
        Matcher reads = READS_VIEW.matcher(body);
        while (reads.find()) {
          if (!views.contains(reads.group(1))) {
            problems.add(where + "reads the view " + reads.group(1) + ", which no earlier SQL paragraph creates");
          }
        }
        Matcher creates = CREATES_VIEW.matcher(body);
        while (creates.find()) {
          views.add(creates.group(1));
        }
        Matcher forms = FORM.matcher(body);
        while (forms.find()) {
          String name = forms.group(1).trim();
          String dflt = forms.group(2) == null ? "" : forms.group(2);
          String before = defaults.putIfAbsent(name, dflt);
          if (before != null && !before.equals(dflt)) {
            problems.add(where + "the form " + name + " has the default '" + dflt + "' here and '" + before
                + "' in an earlier paragraph");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  @Test
  void everySqlParagraphRunsOnRealJobOutputs() throws IOException {
    Path dir = tempDirectory("sieve-notes").toPath();
    Path dedup = dir.resolve("text-dedup");
    Path quality = dir.resolve("text-quality");
    Path images = dir.resolve("image-manifest");
    Runs.dedup(SAMPLE, dedup).assertOk();
    // A failed run is a row of the runs table too (the runs note lists them); the output stays the last good one.
    Runs.Result failed = Runs.dedup(dir.resolve("no-such-input"), dedup);
    assertNotEquals(Main.OK, failed.status(), "text-dedup on a missing input did not fail");
    Runs.main("text-quality", "--input", SAMPLE.toString(), "--output", quality.toString(), "--env", "none")
        .assertOk();
    imageManifest(dir.resolve("media"), images);

    List<Case> cases = List.of(
        new Case("Sieve runs overview", "the three outputs", Map.of("text_quality_output", quality,
            "text_dedup_output", dedup, "image_manifest_output", images)),
        new Case("Sieve rejects by reason", "text-quality", Map.of("output", quality)),
        new Case("Sieve rejects by reason", "text-dedup", Map.of("output", dedup)),
        new Case("Sieve rejects by reason", "image-manifest", Map.of("output", images)),
        new Case("Sieve quality signals", "text-quality", Map.of("output", quality)),
        new Case("Sieve duplicate clusters", "text-dedup", Map.of("output", dedup)),
        new Case("Sieve media probes", "image-manifest", Map.of("output", images)));

    Map<String, Note> byName = new LinkedHashMap<>();
    for (Note n : notes()) {
      byName.put(n.name(), n);
    }
    Set<String> covered = new TreeSet<>();
    cases.forEach(c -> covered.add(c.note()));
    assertEquals(new TreeSet<>(byName.keySet()), covered, "the notes this test runs");

    List<String> failures = new ArrayList<>();
    Set<String> views = new LinkedHashSet<>();
    int executed = 0;
    try {
      for (Case c : cases) {
        Note n = byName.get(c.note());
        Set<String> unused = new TreeSet<>(c.folders().keySet());
        for (Paragraph p : n.sql()) {
          String where = n.file() + " on " + c.about() + " / " + p.title() + ": ";
          String statement;
          try {
            statement = statement(p, c, unused);
          } catch (IllegalArgumentException e) {
            failures.add(where + e.getMessage());
            continue;
          }
          Matcher creates = CREATES_VIEW.matcher(statement);
          while (creates.find()) {
            views.add(creates.group(1));
          }
          try {
            List<Row> rows = spark().sql(statement).collectAsList();
            executed++;
            // On these outputs every query has something to show: an empty result hides a wrong join or filter.
            if (rows.isEmpty() && !definesView(statement)) {
              failures.add(where + "returned no rows");
            }
          } catch (Exception e) {
            failures.add(where + firstLine(e));
          }
        }
        if (!unused.isEmpty()) {
          failures.add(n.file() + " on " + c.about() + ": no form named " + unused);
        }
      }
    } finally {
      // The session is shared with the other test classes: leave no cached table or view behind. Uncache while
      // every view still resolves (a view's definition reads earlier ones), then drop.
      for (String v : views) {
        try {
          if (spark().catalog().isCached(v)) {
            spark().catalog().uncacheTable(v);
          }
        } catch (Exception e) {
          // the view never got created (its paragraph failed, reported above) or reads one that did not
        }
      }
      views.forEach(v -> spark().catalog().dropTempView(v));
    }
    if (!failures.isEmpty()) {
      Assertions.fail(failures.size() + " of the notes' SQL paragraphs failed (" + executed + " ran):\n  "
          + String.join("\n  ", failures));
    }
  }

  /**
   * The paragraph as Zeppelin runs it: the interpreter line dropped, every form replaced by the case's folder (with
   * a trailing slash, as typed) or its default, a trailing ';' removed.
   */
  private static String statement(Paragraph p, Case c, Set<String> unused) {
    Matcher m = FORM.matcher(p.body());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).trim();
      String dflt = m.group(2);
      String value;
      if (c.folders().containsKey(name)) {
        value = c.folders().get(name).toUri().toString();
        value = value.endsWith("/") ? value : value + "/";
        unused.remove(name);
      } else if (dflt != null && URI_DEFAULT.matcher(dflt.trim()).matches()) {
        throw new IllegalArgumentException("the path form " + name + " has no folder in this test");
      } else if (dflt != null) {
        value = dflt;
      } else {
        throw new IllegalArgumentException("the form " + name + " has no default");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    String s = out.toString().strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
  }

  /** image-manifest on the probe's fixtures: kept images, rejects of every stage, a declared mismatch. */
  private static void imageManifest(Path dir, Path output) throws IOException {
    Path objects = dir.resolve("objects");
    Files.createDirectories(objects);
    for (String f : IMAGES) {
      try (InputStream in = NotesSqlTest.class.getClassLoader().getResourceAsStream("media/images/" + f)) {
        if (in == null) {
          throw new IOException("no test resource media/images/" + f);
        }
        Files.copy(in, objects.resolve(f));
      }
    }
    String base = objects.toUri().toString();
    List<String> lines = new ArrayList<>();
    for (String f : IMAGES) {
      lines.add("{\"id\":\"" + f + "\",\"uri\":\"" + base + f + "\"}");
    }
    lines.add("{\"id\":\"declared-width\",\"uri\":\"" + base + "valid.png\",\"width\":640}");
    lines.add("{\"id\":\"missing\",\"uri\":\"" + base + "no-such-file.png\"}");
    lines.add("{\"id\":\"passwd\",\"uri\":\"file:///etc/passwd\"}");
    Path manifest = Runs.jsonl(dir, "manifest.jsonl", lines.toArray(new String[0]));
    Runs.main("image-manifest", "--input", manifest.toString(), "--output", output.toString(), "--env", "none",
        "--set", "media.allowed_prefixes=[\"" + base + "\"]", "--set", "media.concurrency=4").assertOk();
  }

  private static boolean definesView(String statement) {
    return VIEW_STATEMENT.matcher(COMMENT.matcher(statement).replaceAll("").strip()).matches();
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
  }
}
