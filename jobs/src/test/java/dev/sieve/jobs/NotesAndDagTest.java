package dev.sieve.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the Zeppelin notes under {@code zeppelin-notes/} and the Airflow DAG under {@code airflow/}: every note is
 * a well-formed Zeppelin 0.11 note named {@code <name>_<id>.zpln}; its first paragraph configures the Spark
 * interpreter with the jar the Dockerfile puts in the image, Delta and OSS; no note holds a credential; every
 * storage path a note reads comes from a dynamic form. The DAG submits only manifests that exist, and its Python
 * tests pass.
 */
class NotesAndDagTest {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path NOTES = ROOT.resolve("zeppelin-notes");
  private static final Path MANIFESTS = ROOT.resolve("k8s/sparkapplications");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern NOTE_ID = Pattern.compile("[A-Z0-9]{9}");
  private static final Pattern PARAGRAPH_ID = Pattern.compile("paragraph_\\d+_\\d+");
  // Alibaba Cloud AccessKey ids start with LTAI.
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("LTAI[0-9A-Za-z]{8,}");
  // A dynamic form: z.textbox("name", "default") (z.input is its older name) in Scala, or a SQL template form
  // ${name=default} (paragraph scope) or $${name=default} (note scope) in %spark.sql; the default may hold a path.
  private static final Pattern FORM = Pattern.compile(
      "z\\.(?:textbox|input)\\(\\s*\"[^\"]+\"\\s*(?:,\\s*(?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?\\s*)+)?\\)"
          + "|\\$\\$?\\{[^=}]+(?:=[^}]*)?}");
  // A storage URI, or an absolute path in a string or a SQL `quoted` table name.
  private static final Pattern URI = Pattern.compile("\\b(?:oss|s3a?|hdfs|abfss?|gs|file)://|[\"`]/[A-Za-z]");

  record Note(Path file, JsonNode json) {
    String where() {
      return ROOT.relativize(file).toString();
    }
  }

  private static List<Note> notes() throws IOException {
    List<Note> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(NOTES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".zpln")).sorted().toList()) {
        try {
          out.add(new Note(f, JSON.readTree(Files.readString(f, StandardCharsets.UTF_8))));
        } catch (IOException e) {
          fail(ROOT.relativize(f) + " is not valid JSON: " + e.getMessage());
        }
      }
    }
    assertFalse(out.isEmpty(), "no notes under " + NOTES);
    return out;
  }

  @Test
  void notesAreZeppelinNotesNamedAfterTheirNameAndId() throws IOException {
    Set<String> noteIds = new HashSet<>();
    Set<String> paragraphIds = new HashSet<>();
    for (Note n : notes()) {
      JsonNode j = n.json();
      String name = text(j, "name", n.where());
      String id = text(j, "id", n.where());
      assertTrue(NOTE_ID.matcher(id).matches(), n.where() + ": id " + id + " is not 9 uppercase alphanumerics");
      assertTrue(noteIds.add(id), n.where() + ": note id " + id + " is used twice");
      assertEquals(name + "_" + id + ".zpln", n.file().getFileName().toString(), n.where() + ": file name");
      assertEquals("spark", text(j, "defaultInterpreterGroup", n.where()), n.where());
      assertTrue(text(j, "version", n.where()).startsWith("0.11"), n.where() + ": version");
      for (String f : List.of("noteParams", "noteForms", "angularObjects", "config", "info")) {
        assertTrue(j.path(f).isObject(), n.where() + ": " + f + " is not an object");
      }
      assertTrue(j.path("config").path("isZeppelinNotebookCronEnable").isBoolean(), n.where() + ": config");
      assertTrue(j.path("paragraphs").isArray() && j.path("paragraphs").size() >= 3, n.where() + ": paragraphs");
      for (JsonNode p : j.path("paragraphs")) {
        String pid = text(p, "id", n.where());
        String where = n.where() + " paragraph " + pid;
        assertTrue(PARAGRAPH_ID.matcher(pid).matches(), where + ": id");
        assertTrue(paragraphIds.add(pid), where + ": paragraph id used twice");
        text(p, "title", where);
        assertTrue(text(p, "text", where).startsWith("%"), where + ": text names no interpreter");
        assertEquals("READY", text(p, "status", where), where);
        JsonNode c = p.path("config");
        JsonNode editor = c.path("editorSetting");
        text(editor, "language", where);
        text(editor, "completionKey", where);
        assertTrue(editor.path("editOnDblClick").isBoolean() && editor.path("completionSupport").isBoolean(), where);
        assertTrue(text(c, "editorMode", where).startsWith("ace/mode/"), where + ": editorMode");
        assertTrue(c.path("colWidth").isNumber() && c.path("fontSize").isNumber(), where + ": colWidth/fontSize");
        assertTrue(c.path("editorHide").isBoolean() && c.path("enabled").isBoolean(), where + ": flags");
        assertTrue(c.path("results").isObject(), where + ": results");
        assertTrue(p.path("settings").path("params").isObject() && p.path("settings").path("forms").isObject(),
            where + ": settings");
      }
    }
  }

  @Test
  void firstParagraphConfiguresSparkWithTheImagesJarDeltaAndOss() throws IOException {
    String jar = jarInImage();
    for (Note n : notes()) {
      JsonNode paragraphs = n.json().path("paragraphs");
      String conf = paragraphs.path(0).path("text").asText();
      assertTrue(conf.startsWith("%spark.conf\n"), n.where() + ": the first paragraph is not %spark.conf");
      // Zeppelin reads the paragraph as a properties file ("key value" lines, # comments).
      Properties p = new Properties();
      p.load(new StringReader(conf.substring(conf.indexOf('\n') + 1)));
      assertEquals(jar, p.getProperty("spark.jars"), n.where() + ": spark.jars");
      assertEquals("io.delta.sql.DeltaSparkSessionExtension", p.getProperty("spark.sql.extensions"), n.where());
      assertEquals("org.apache.spark.sql.delta.catalog.DeltaCatalog",
          p.getProperty("spark.sql.catalog.spark_catalog"), n.where());
      assertEquals("org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem", p.getProperty("spark.hadoop.fs.oss.impl"),
          n.where());
      assertTrue(p.getProperty("spark.hadoop.fs.oss.endpoint", "").endsWith(".aliyuncs.com"), n.where());
      assertEquals("com.aliyun.oss.common.auth.EnvironmentVariableCredentialsProvider",
          p.getProperty("spark.hadoop.fs.oss.credentials.provider"), n.where());
      assertTrue(paragraphs.path(1).path("text").asText().startsWith("%md"), n.where() + ": no %md explanation");
    }
  }

  @Test
  void notesHoldNoCredential() throws IOException {
    for (Note n : notes()) {
      String raw = Files.readString(n.file(), StandardCharsets.UTF_8);
      for (JsonNode p : n.json().path("paragraphs")) {
        String where = n.where() + " paragraph " + p.path("id").asText();
        String text = p.path("text").asText();
        String lower = text.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("accesskeysecret"), where + ": names accessKeySecret");
        assertFalse(lower.contains("accesskeyid"), where + ": names accessKeyId");
        assertFalse(text.contains("OSS_ACCESS_KEY_SECRET="), where + ": sets OSS_ACCESS_KEY_SECRET");
        assertFalse(text.contains("OSS_ACCESS_KEY_ID="), where + ": sets OSS_ACCESS_KEY_ID");
      }
      assertFalse(ACCESS_KEY_ID.matcher(raw).find(), n.where() + ": holds an AccessKey id");
    }
  }

  @Test
  void everyPathANoteReadsComesFromAForm() throws IOException {
    for (Note n : notes()) {
      boolean hasForm = false;
      for (JsonNode p : n.json().path("paragraphs")) {
        String text = p.path("text").asText();
        if (!text.startsWith("%spark\n") && !text.startsWith("%spark.sql\n")) {
          continue;
        }
        Matcher forms = FORM.matcher(text);
        hasForm |= forms.find();
        // Once the forms' defaults are taken out, no storage URI or absolute path is left in the code.
        String code = FORM.matcher(text).replaceAll("FORM");
        Matcher uri = URI.matcher(code);
        if (uri.find()) {
          fail(n.where() + " paragraph " + p.path("id").asText() + ": a path not read from a form: ..."
              + snippet(code, uri.start()) + "...");
        }
      }
      assertTrue(hasForm, n.where() + ": reads no path from a form (z.textbox or a SQL ${name=default} form)");
    }
  }

  @Test
  void dagSubmitsOnlyManifestsThatExist() throws IOException {
    String dag = Files.readString(ROOT.resolve("airflow/dags/sieve_pipeline.py"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("[\\w.-]+\\.ya?ml\\b").matcher(dag);
    Set<String> referenced = new HashSet<>();
    while (m.find()) {
      referenced.add(m.group());
    }
    assertEquals(Set.of("text-quality.yaml", "text-dedup.yaml", "image-manifest.yaml"), referenced,
        "the manifests the DAG submits");
    for (String f : referenced) {
      assertTrue(Files.isRegularFile(MANIFESTS.resolve(f)), "airflow/dags/sieve_pipeline.py: " + f
          + " is not under k8s/sparkapplications/");
    }
  }

  @Test
  void airflowTestsPass() throws IOException, InterruptedException {
    Path log = Files.createTempFile("airflow-tests", ".txt");
    ProcessBuilder pb = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "airflow/tests", "-v")
        .directory(ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    try {
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new AssertionError("python3 (with PyYAML) is needed to run airflow/tests: " + e.getMessage(), e);
      }
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("python3 -m unittest discover -s airflow/tests did not finish in 5 minutes:\n" + Files.readString(log));
      }
      assertEquals(0, process.exitValue(),
          "python3 -m unittest discover -s airflow/tests failed:\n" + Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The destination of the Dockerfile's COPY of the jobs jar. */
  private static String jarInImage() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("k8s/Dockerfile"), StandardCharsets.UTF_8);
    Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*\\S+\\.jar\\s+(\\S+)\\s*$").matcher(dockerfile);
    assertTrue(copy.find(), "k8s/Dockerfile copies no jar");
    return copy.group(1);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.path(field);
    assertTrue(v.isTextual() && !v.asText().isEmpty(), where + ": " + field + " is missing or empty");
    return v.asText();
  }

  private static String snippet(String s, int at) {
    return s.substring(Math.max(0, at - 40), Math.min(s.length(), at + 60)).replace('\n', ' ');
  }
}
