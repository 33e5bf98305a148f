package dev.sieve.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.sieve.jobs.Cli;
import dev.sieve.jobs.JobCatalog;
import dev.sieve.jobs.Main;
import dev.sieve.jobs.Runs;
import dev.sieve.jobs.SieveJob;
import dev.sieve.jobs.io.InputFormat;
import dev.sieve.jobs.io.OutputFormat;
import dev.sieve.jobs.textdedup.TextDedupJob;
import dev.sieve.transforms.spark.KeepRule;
import dev.sieve.transforms.text.TextNormalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration layering, validation and the CLI's help, without Spark. */
class ConfigurationTest {
  private final SieveJob dedup = JobCatalog.find("text-dedup").orElseThrow();

  private Config effective(String... args) {
    return Main.effectiveConfig(dedup, Cli.parse(args), new ArrayList<>());
  }

  @Test
  void defaultsAreDocumentedAndParse() {
    Config c = effective("text-dedup", "--input", "/in", "--output", "/out", "--env", "none");
    CommonSettings s = CommonSettings.parse(new Conf(c));
    assertEquals("/in", s.input().path());
    assertEquals(InputFormat.AUTO, s.input().format());
    assertEquals(OutputFormat.DELTA, s.output().format());
    assertEquals("id", s.input().idColumn());
    TextDedupJob.Settings d = TextDedupJob.parse(new Conf(c));
    assertEquals(TextDedupJob.Mode.EXACT_PLUS_NEAR, d.mode());
    assertEquals(0.8, d.near().threshold());
    assertEquals(21, d.near().lsh().bands(), "derived from the threshold");
    assertEquals(5, d.near().lsh().rows());
    assertTrue(d.near().cacheInput());
    assertEquals(TextNormalization.WHITESPACE, d.exact().normalization());
    assertEquals(KeepRule.SMALLEST_ID, d.exact().keep());
  }

  @Test
  void layersApplyInOrder(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("a.conf");
    Path b = tmp.resolve("b.conf");
    Files.writeString(a, "dedup { keep = longest, normalization = none }\noutput.format = parquet\n");
    Files.writeString(b, "dedup.normalization = simplify\n");
    Config c = effective("text-dedup", "--input", "/in", "--output", "/out", "--env", "none",
        "--conf", a.toString(), "--conf", b.toString(), "--set", "dedup.keep=smallest_id");
    TextDedupJob.Settings d = TextDedupJob.parse(new Conf(c));
    assertEquals(TextNormalization.SIMPLIFY, d.exact().normalization(), "later --conf wins");
    assertEquals(KeepRule.SMALLEST_ID, d.exact().keep(), "--set wins over --conf");
    assertEquals(OutputFormat.PARQUET, CommonSettings.parse(new Conf(c)).output().format());
  }

  @Test
  void theLocalOverlayIsAppliedByDefault() {
    Config c = effective("text-dedup", "--input", "/in", "--output", "/out");
    Map<String, String> spark = new Conf(c).flatMap("spark.conf");
    assertEquals("8", spark.get("spark.sql.shuffle.partitions"));
  }

  @Test
  void sparkConfAcceptsDottedKeysFromSet() {
    Config c = effective("text-dedup", "--input", "/in", "--output", "/out", "--env", "none",
        "--set", "spark.conf.spark.sql.shuffle.partitions=7");
    assertEquals("7", new Conf(c).flatMap("spark.conf").get("spark.sql.shuffle.partitions"));
  }

  @Test
  void anUnknownKeyIsAnErrorNamingItWithASuggestion() {
    ConfigError e = assertThrows(ConfigError.class, () -> effective("text-dedup", "--input", "/in",
        "--output", "/out", "--set", "dedup.normalisation=none"));
    assertTrue(e.getMessage().contains("unknown configuration key 'dedup.normalisation'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'dedup.normalization'"), e.getMessage());
    assertTrue(e.getMessage().contains("--set dedup.normalisation=none"), e.getMessage());
  }

  @Test
  void aBadValueNamesTheKeyAndTheChoices() {
    Config c = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.keep=biggest");
    ConfigError e = assertThrows(ConfigError.class, () -> TextDedupJob.parse(new Conf(c)));
    assertTrue(e.getMessage().startsWith("dedup.keep must be one of smallest_id | longest | priority, got 'biggest'"),
        e.getMessage());
    Config n = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "run.verify_input_count=maybe");
    ConfigError b = assertThrows(ConfigError.class, () -> CommonSettings.parse(new Conf(n)));
    assertTrue(b.getMessage().startsWith("run.verify_input_count"), b.getMessage());
  }

  @Test
  void priorityNeedsAColumnAndLshSettingsMustFit() {
    Config p = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.keep=priority");
    assertTrue(assertThrows(ConfigError.class, () -> TextDedupJob.parse(new Conf(p))).getMessage()
        .contains("dedup.priority_column"));
    Config big = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.bands=20",
        "--set", "dedup.rows=10");
    assertTrue(assertThrows(ConfigError.class, () -> TextDedupJob.parse(new Conf(big))).getMessage()
        .contains("must not exceed dedup.permutations (128)"));
    Config half = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.bands=20");
    assertTrue(assertThrows(ConfigError.class, () -> TextDedupJob.parse(new Conf(half))).getMessage()
        .contains("set both dedup.bands and dedup.rows"));
    Config t = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.threshold=1.5");
    assertTrue(assertThrows(ConfigError.class, () -> TextDedupJob.parse(new Conf(t))).getMessage()
        .contains("dedup.threshold must be a Jaccard similarity in (0, 1), got 1.5"));
    Config exact = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.mode=exact");
    assertEquals(null, TextDedupJob.parse(new Conf(exact)).near());
    Config explicit = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.bands=16",
        "--set", "dedup.rows=8");
    assertEquals(16, TextDedupJob.parse(new Conf(explicit)).near().lsh().bands());
    Config lower = effective("text-dedup", "--input", "/in", "--output", "/out", "--set",
        "dedup.recall_at_threshold=0.99");
    assertEquals(16, TextDedupJob.parse(new Conf(lower)).near().lsh().bands(), "a lower recall derives 16 x 6");
    assertEquals(6, TextDedupJob.parse(new Conf(lower)).near().lsh().rows());
    Config uncached = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.cache_input=false");
    assertFalse(TextDedupJob.parse(new Conf(uncached)).near().cacheInput());
    Config one = effective("text-dedup", "--input", "/in", "--output", "/out", "--set", "dedup.recall_at_threshold=1");
    assertTrue(assertThrows(ConfigError.class, () -> TextDedupJob.parse(new Conf(one))).getMessage()
        .contains("dedup.recall_at_threshold must be a probability in (0, 1), got 1.0"));
  }

  @Test
  void missingInputOrOutputIsAUsageError() {
    Runs.Result r = Runs.main("text-dedup", "--output", "/tmp/x", "--env", "none");
    assertEquals(Main.USAGE, r.status());
    assertTrue(r.err().contains("input.path is not set: pass --input"), r.err());
    Runs.Result o = Runs.main("text-dedup", "--input", "/tmp/x", "--env", "none");
    assertEquals(Main.USAGE, o.status());
    assertTrue(o.err().contains("output.path is not set"), o.err());
  }

  @Test
  void cliErrorsAreUsageErrors() {
    assertEquals(Main.USAGE, Runs.main("text-dedup", "--bogus").status());
    assertEquals(Main.USAGE, Runs.main("no-such-job").status());
    assertEquals(Main.USAGE, Runs.main("text-dedup", "--input").status());
    assertEquals(Main.USAGE, Runs.main().status());
  }

  @Test
  void helpListsEveryKeyWithItsDefaultAndMeaning() {
    Runs.Result top = Runs.main("--help").assertOk();
    assertTrue(top.out().contains("text-dedup"), top.out());
    assertTrue(top.out().contains("demo"), top.out());
    Runs.Result h = Runs.main("text-dedup", "--help").assertOk();
    Config defaults = Layers.resource("sieve/jobs/text-dedup.conf")
        .withFallback(Layers.resource("sieve/reference.conf"));
    for (String key : Layers.leafPaths(defaults)) {
      assertTrue(h.out().contains("  " + key + " = "), "help lists " + key);
    }
    assertTrue(h.out().contains("smallest_id | longest | priority"), h.out());
    for (String option : List.of("--input", "--output", "--conf", "--set", "--env", "--print-config")) {
      assertTrue(h.out().contains(option), option);
    }
  }

  @Test
  void everyKeyInTheDefaultsHasADocComment() {
    for (String res : List.of("sieve/reference.conf", "sieve/jobs/text-dedup.conf")) {
      Config c = Layers.resource(res);
      for (var e : c.entrySet()) {
        assertFalse(e.getValue().origin().comments().isEmpty(), res + ": " + e.getKey() + " has no comment");
      }
    }
  }

  @Test
  void secretsAreRedactedInPrintedConfig(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("s.conf");
    Files.writeString(f, "spark.conf { \"spark.hadoop.fs.oss.accessKeySecret\" = \"hunter2-secret-value\" }\n");
    Runs.Result r = Runs.main("text-dedup", "--input", "/in", "--output", "/out", "--env", "none",
        "--conf", f.toString(), "--print-config").assertOk();
    assertFalse(r.out().contains("hunter2"), r.out());
    assertTrue(r.out().contains(Redaction.REDACTED), r.out());
    Map<String, Object> flat = Redaction.flatten(effective("text-dedup", "--input", "/in", "--output", "/out",
        "--env", "none", "--conf", f.toString()));
    assertFalse(flat.toString().contains("hunter2"), flat.toString());
    assertTrue(Redaction.isSecretKey("fs.oss.accessKeyId"));
    assertTrue(Redaction.isSecretKey("spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net"));
    assertTrue(Redaction.isSecretKey("spark.hadoop.fs.oss.sk"));
    assertEquals("oss://" + Redaction.REDACTED + "@bucket/path", Redaction.stripUserInfo("oss://ak:sk@bucket/path"));
    assertEquals("/plain/path", Redaction.stripUserInfo("/plain/path"));
    assertFalse(Redaction.isSecretKey("fs.oss.credentials.provider"));
    assertFalse(Redaction.isSecretKey("dedup.keep"));
  }

  @Test
  void theAckOverlayParsesAndKeepsCredentialsOutOfConfig() {
    Config c = effective("text-dedup", "--input", "oss://b/in", "--output", "oss://b/out", "--env", "ack");
    Map<String, String> spark = new Conf(c).flatMap("spark.conf");
    assertEquals("io.delta.storage.S3SingleDriverLogStore", spark.get("spark.delta.logStore.oss.impl"));
    assertTrue(spark.get("spark.hadoop.fs.oss.credentials.provider").contains("EnvironmentVariable"));
    for (String key : spark.keySet()) {
      assertFalse(key.toLowerCase().contains("secret") || key.toLowerCase().contains("accesskey"), key);
    }
  }
}
