package dev.sieve.jobs.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sieve.jobs.k8s.Manifests.ManifestError;
import org.junit.jupiter.api.Test;

/** The strict reading: each kind of mistake a hand-edited manifest makes is an error naming the field. */
class ManifestsTest {

  private static final String VALID = String.join("\n",
      "apiVersion: sparkoperator.k8s.io/v1beta2",
      "kind: SparkApplication",
      "metadata:",
      "  name: demo",
      "spec:",
      "  type: Java",
      "  mode: cluster",
      "  sparkVersion: \"3.5.9\"",
      "  mainClass: dev.sieve.jobs.Main",
      "  mainApplicationFile: local:///opt/sieve/jars/sieve-jobs.jar",
      "  sparkConf:",
      "    spark.eventLog.enabled: \"true\"",
      "  restartPolicy:",
      "    type: OnFailure",
      "    onFailureRetries: 3",
      "  driver:",
      "    cores: 1",
      "    memory: 4g",
      "    env:",
      "      - name: OSS_ACCESS_KEY_ID",
      "        valueFrom:",
      "          secretKeyRef: {name: sieve-oss, key: OSS_ACCESS_KEY_ID}",
      "  executor:",
      "    cores: 2",
      "    instances: 2",
      "    labels:",
      "      alibabacloud.com/compute-qos: best-effort",
      "    tolerations:",
      "      - {key: virtual-kubelet.io/provider, operator: Equal, value: alibabacloud, effect: NoSchedule}",
      "");

  private static SparkApplication read(String yaml) {
    return Manifests.read(yaml, SparkApplication.class, "test.yaml");
  }

  private static String error(String yaml) {
    return assertThrows(ManifestError.class, () -> read(yaml)).getMessage();
  }

  @Test
  void aValidManifestReadsIntoTheModelAndWritesBackTheSameTree() {
    SparkApplication app = read(VALID);
    assertEquals(SparkApplication.Type.Java, app.spec().type());
    assertEquals(SparkApplication.DeployMode.CLUSTER, app.spec().mode());
    assertEquals(2, app.spec().executor().instances());
    assertEquals("sieve-oss", app.spec().driver().env().get(0).valueFrom().secretKeyRef().name());
    assertEquals(SparkApplication.RestartType.OnFailure, app.spec().restartPolicy().type());
    assertEquals(Manifests.tree(VALID, "test.yaml"), Manifests.toTree(app));
    assertEquals(app, read(Manifests.write(app)));
  }

  @Test
  void misspelledFieldIsNamedWithItsPath() {
    String msg = error(VALID.replace("    labels:", "    lables:"));
    assertTrue(msg.contains("spec.executor: unknown field 'lables'"), msg);
  }

  @Test
  void fieldOfAnotherSpecIsUnknown() {
    // instances is an executor field; the driver has none
    String msg = error(VALID.replace("    cores: 1", "    cores: 1\n    instances: 1"));
    assertTrue(msg.contains("spec.driver") && msg.contains("unknown field 'instances'"), msg);
  }

  @Test
  void fieldsLaterOperatorsAddedAreUnknownToTheV211Model() {
    String msg = error(VALID.replace("  sparkConf:", "  suspend: false\n  sparkConf:"));
    assertTrue(msg.contains("unknown field 'suspend'"), msg);
    msg = error(VALID.replace("  sparkConf:", "  dynamicAllocation:\n    shuffleTrackingEnabled: true\n  sparkConf:"));
    assertTrue(msg.contains("spec.dynamicAllocation") && msg.contains("'shuffleTrackingEnabled'"), msg);
  }

  @Test
  void enumValuesAreChecked() {
    String msg = error(VALID.replace("mode: cluster", "mode: Cluster"));
    assertTrue(msg.contains("spec.mode") && msg.contains("Cluster"), msg);
    msg = error(VALID.replace("type: OnFailure", "type: OnError"));
    assertTrue(msg.contains("spec.restartPolicy.type"), msg);
  }

  @Test
  void typesAreNotCoerced() {
    String msg = error(VALID.replace("    cores: 2", "    cores: \"2\""));
    assertTrue(msg.contains("spec.executor.cores"), msg);
    // an unquoted boolean in sparkConf: the API server refuses it (map of strings), and so does this
    msg = error(VALID.replace("spark.eventLog.enabled: \"true\"", "spark.eventLog.enabled: true"));
    assertTrue(msg.contains("spec.sparkConf"), msg);
    msg = error(VALID.replace("sparkVersion: \"3.5.9\"", "sparkVersion: 3.5"));
    assertTrue(msg.contains("spec.sparkVersion"), msg);
  }

  @Test
  void requiredFieldsAndMinimumsAreChecked() {
    String msg = error(VALID.replace("  mainApplicationFile: local:///opt/sieve/jars/sieve-jobs.jar\n", ""));
    assertTrue(msg.contains("mainApplicationFile"), msg);
    msg = error(VALID.replace("    instances: 2", "    instances: 0"));
    assertTrue(msg.contains("instances must be >= 1"), msg);
    msg = error(VALID.replace("kind: SparkApplication", "kind: SparkApp"));
    assertTrue(msg.contains("kind must be SparkApplication"), msg);
  }

  @Test
  void duplicateKeysAndBrokenYamlAreErrors() {
    String msg = error(VALID.replace("    memory: 4g", "    memory: 4g\n    memory: 8g"));
    assertTrue(msg.contains("memory"), msg);
    msg = error("kind: \"SparkApplication\nspec: {");
    assertTrue(msg.startsWith("test.yaml: not valid YAML"), msg);
  }

  @Test
  void scheduledApplicationWrapsTheSameSpec() {
    String spec = VALID.substring(VALID.indexOf("spec:\n") + "spec:\n".length()).replaceAll("(?m)^", "  ");
    String yaml = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\nmetadata:\n  name: n\n"
        + "spec:\n  schedule: \"@every 1h\"\n  concurrencyPolicy: Forbid\n  template:\n" + spec;
    ScheduledSparkApplication s = Manifests.read(yaml, ScheduledSparkApplication.class, "s.yaml");
    assertEquals(ScheduledSparkApplication.ConcurrencyPolicy.Forbid, s.spec().concurrencyPolicy());
    assertEquals(2, s.spec().template().executor().cores());
    String msg = assertThrows(ManifestError.class, () -> Manifests.read(yaml.replace("Forbid", "Skip"),
        ScheduledSparkApplication.class, "s.yaml")).getMessage();
    assertTrue(msg.contains("spec.concurrencyPolicy"), msg);
  }

  @Test
  void cliCheckReportsEachResourceAndEachProblem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("good.yaml"), VALID + "---\napiVersion: v1\nkind: Namespace\n"
        + "metadata: {name: sieve}\n");
    java.nio.file.Files.writeString(dir.resolve("bad.yaml"), VALID.replace("    labels:", "    lables:"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = dev.sieve.jobs.Main.run(new String[] {"manifests", "check", dir.toString()},
        new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
    assertEquals(dev.sieve.jobs.Main.FAILED, status);
    assertTrue(out.toString().contains("good.yaml (document 1) (SparkApplication demo)"), out.toString());
    assertTrue(err.toString().contains("bad.yaml: spec.executor: unknown field 'lables'"), err.toString());
    java.nio.file.Files.delete(dir.resolve("bad.yaml"));
    assertEquals(dev.sieve.jobs.Main.OK, dev.sieve.jobs.Main.run(new String[] {"manifests", "check", dir.toString()},
        new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)));
  }
}
