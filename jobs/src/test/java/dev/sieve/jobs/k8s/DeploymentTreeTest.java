package dev.sieve.jobs.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sieve.jobs.JobCatalog;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed deployment tree under {@code k8s/} against the code: every YAML parses; every operator
 * manifest reads through the strict models and writes back the same tree; what the manifests point at (main class,
 * job, configuration, jar, Spark version) exists and agrees with the build and the Dockerfile; no credential is
 * written inline; executors, and only executors, go to ACS BestEffort; every pod is non-root with requests and limits.
 */
class DeploymentTreeTest {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path K8S = ROOT.resolve("k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One YAML document with where it came from. */
  record Doc(Path file, int index, JsonNode node) {
    String where() {
      return ROOT.relativize(file) + (index > 0 ? " (document " + (index + 1) + ")" : "");
    }

    String kind() {
      return node.path("kind").asText();
    }
  }

  private static List<Doc> docs;
  /** Every SparkApplication spec, scheduled ones' templates included, with where it is. */
  private static List<Map.Entry<String, SparkApplication.Spec>> specs;

  @BeforeAll
  static void load() throws IOException {
    docs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(K8S)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
          .toList()) {
        List<JsonNode> nodes = Manifests.documents(Files.readString(f), ROOT.relativize(f).toString());
        for (int i = 0; i < nodes.size(); i++) {
          docs.add(new Doc(f, i, nodes.get(i)));
        }
      }
    }
    specs = new ArrayList<>();
    for (Doc d : docs) {
      String yaml = d.node().toString(); // JSON is YAML
      if (d.kind().equals(SparkApplication.KIND)) {
        specs.add(Map.entry(d.where(), Manifests.read(yaml, SparkApplication.class, d.where()).spec()));
      } else if (d.kind().equals(ScheduledSparkApplication.KIND)) {
        specs.add(Map.entry(d.where(),
            Manifests.read(yaml, ScheduledSparkApplication.class, d.where()).spec().template()));
      }
    }
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  @Test
  void everyOperatorManifestRoundTripsThroughTheStrictModels() {
    int n = 0;
    for (Doc d : docs) {
      Object model;
      if (d.kind().equals(SparkApplication.KIND)) {
        model = Manifests.read(d.node().toString(), SparkApplication.class, d.where());
      } else if (d.kind().equals(ScheduledSparkApplication.KIND)) {
        model = Manifests.read(d.node().toString(), ScheduledSparkApplication.class, d.where());
      } else {
        continue;
      }
      n++;
      // numbers compare by value: the model writes 60 as a long where the file has an int
      Comparator<JsonNode> numbersByValue = (a, b) -> a.equals(b) ? 0
          : a instanceof NumericNode && b instanceof NumericNode && a.decimalValue().compareTo(b.decimalValue()) == 0
              ? 0 : 1;
      assertTrue(d.node().equals(numbersByValue, Manifests.toTree(model)),
          d.where() + ": the model did not keep every field\n" + d.node() + "\n" + Manifests.toTree(model));
    }
    assertTrue(n >= JobCatalog.all().size() + 1, "one SparkApplication per job and a schedule, found " + n);
  }

  @Test
  void everyJobHasItsSparkApplicationAndEveryManifestRunsAKnownJob() {
    List<String> jobs = new ArrayList<>();
    for (Doc d : docs) {
      if (d.kind().equals(SparkApplication.KIND)) {
        jobs.add(d.node().at("/spec/arguments/0").asText());
      }
    }
    for (String job : JobCatalog.all().keySet()) {
      assertTrue(jobs.contains(job), "no SparkApplication runs " + job);
    }
    for (var e : specs) {
      String job = e.getValue().arguments().get(0);
      assertTrue(JobCatalog.find(job).isPresent(), e.getKey() + ": unknown job " + job);
    }
  }

  @Test
  void mainClassIsARealEntryPointAndConfigFilesExist() throws Exception {
    for (var e : specs) {
      SparkApplication.Spec s = e.getValue();
      assertEquals(SparkApplication.Type.Java, s.type(), e.getKey());
      assertEquals(SparkApplication.DeployMode.CLUSTER, s.mode(), e.getKey());
      Method main = Class.forName(s.mainClass()).getMethod("main", String[].class);
      assertTrue(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()), e.getKey());
      for (String opts : new String[] {s.driver().javaOptions(), s.executor().javaOptions()}) {
        Matcher log = Pattern.compile("-Dlog4j2\\.configurationFile=file:///opt/sieve/conf/(\\S+)")
            .matcher(opts == null ? "" : opts);
        if (log.find()) {
          assertTrue(Files.isRegularFile(ROOT.resolve("conf").resolve(log.group(1))),
              e.getKey() + ": no conf/" + log.group(1) + " for the logging configuration");
        }
      }
      List<String> args = s.arguments();
      // the overlays patch --input's and --output's values by position (k8s/overlays/dev)
      assertEquals("--input", args.get(3), e.getKey() + ": arguments[3]");
      assertEquals("--output", args.get(5), e.getKey() + ": arguments[5]");
      for (int i = 0; i + 1 < args.size(); i++) {
        if (args.get(i).equals("--env")) {
          assertTrue(Files.isRegularFile(ROOT.resolve("conf").resolve(args.get(i + 1) + ".conf")),
              e.getKey() + ": --env " + args.get(i + 1) + " has no conf/" + args.get(i + 1) + ".conf");
        }
        if (args.get(i).equals("--conf")) {
          String p = args.get(i + 1);
          assertTrue(p.startsWith("/opt/sieve/conf/"), e.getKey() + ": --conf outside the image's conf/: " + p);
          assertTrue(Files.isRegularFile(ROOT.resolve("conf").resolve(p.substring("/opt/sieve/conf/".length()))),
              e.getKey() + ": no such conf file in the repository: " + p);
        }
      }
    }
  }

  @Test
  void jarPathAndSparkVersionAgreeWithTheBuildAndTheDockerfile() throws IOException {
    String pom = read(ROOT.resolve("pom.xml"));
    String sparkVersion = match(pom, "<spark\\.version>([^<]+)</spark\\.version>");
    String projectVersion = match(pom, "<artifactId>sieve-parent</artifactId>\\s*<version>([^<]+)</version>");
    String dockerfile = read(K8S.resolve("Dockerfile"));
    assertEquals(sparkVersion, match(dockerfile, "(?m)^ARG SPARK_VERSION=(\\S+)"), "Dockerfile Spark version");
    assertTrue(dockerfile.contains("${SPARK_VERSION}-scala2.12-java17"), "the Dockerfile builds on Spark/Java 17");
    Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--chown=\\S+\\s+)?(\\S+\\.jar)\\s+(\\S+)").matcher(dockerfile);
    assertTrue(copy.find(), "the Dockerfile copies the jobs jar");
    assertEquals("jobs/target/sieve-jobs-" + projectVersion + ".jar", copy.group(1), "the jar the build makes");
    String jarInImage = copy.group(2);
    for (var e : specs) {
      assertEquals(sparkVersion, e.getValue().sparkVersion(), e.getKey() + ": sparkVersion");
      assertEquals("local://" + jarInImage, e.getValue().mainApplicationFile(), e.getKey() + ": jar path");
    }
  }

  @Test
  void theImageRunsAsANonRootUser() throws IOException {
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(read(K8S.resolve("Dockerfile")));
    String last = null;
    while (user.find()) {
      last = user.group(1);
    }
    assertTrue(last != null, "the Dockerfile sets no USER: the image would run as root");
    String name = last.split(":")[0];
    assertFalse(name.equals("0") || name.equals("root"), "the image's last USER is root: " + last);
  }

  @Test
  void noCredentialIsWrittenInline() throws IOException {
    Pattern secretName = Pattern.compile("(?i).*(secret|password|passwd|token|access[._-]?key).*");
    for (Doc d : docs) {
      assertFalse(d.kind().equals("Secret"), d.where() + ": Secrets are created out of band, not committed");
      d.node().findParents("name").forEach(env -> {
        if (env.has("value") && env.path("name").isTextual() && secretName.matcher(env.get("name").asText()).matches()) {
          fail(d.where() + ": " + env.get("name").asText() + " has an inline value; use valueFrom.secretKeyRef");
        }
      });
    }
    for (var e : specs) {
      for (Map<String, String> conf : new ArrayList<>(java.util.Arrays.asList(e.getValue().sparkConf(),
          e.getValue().hadoopConf()))) {
        if (conf != null) {
          conf.keySet().forEach(k -> assertFalse(secretName.matcher(k).matches() && !k.endsWith("credentials.provider"),
              e.getKey() + ": credential key in the manifest: " + k));
        }
      }
    }
    // Alibaba Cloud AccessKey ids start with LTAI; nothing under k8s/ may hold one, or a key=secret pair.
    try (Stream<Path> files = Files.walk(K8S)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = read(f);
        assertFalse(Pattern.compile("LTAI[0-9A-Za-z]{8,}").matcher(text).find(), f + " holds an AccessKey id");
        assertFalse(Pattern.compile("(?i)accessKeySecret\\s*[:=]\\s*\\S").matcher(text).find(), f + " holds a secret");
      }
    }
  }

  @Test
  void executorsAndOnlyExecutorsGoToAcsBestEffortAndSurvivePreemption() {
    for (var e : specs) {
      SparkApplication.Spec s = e.getValue();
      Map<String, String> labels = s.executor().labels();
      assertNotNull(labels, e.getKey());
      assertEquals("true", labels.get("alibabacloud.com/acs"), e.getKey());
      assertEquals("general-purpose", labels.get("alibabacloud.com/compute-class"), e.getKey());
      assertEquals("best-effort", labels.get("alibabacloud.com/compute-qos"), e.getKey());
      assertTrue(s.executor().tolerations().stream().anyMatch(t -> "virtual-kubelet.io/provider".equals(t.key())
          && "alibabacloud".equals(t.value()) && "NoSchedule".equals(t.effect())), e.getKey() + ": toleration");
      Map<String, String> driverLabels = s.driver().labels() == null ? Map.of() : s.driver().labels();
      assertTrue(driverLabels.keySet().stream().noneMatch(k -> k.startsWith("alibabacloud.com/")),
          e.getKey() + ": the driver must stay on guaranteed capacity");
      assertTrue(s.driver().tolerations() == null || s.driver().tolerations().isEmpty(), e.getKey());

      Map<String, String> conf = s.sparkConf();
      assertEquals("true", conf.get("spark.decommission.enabled"), e.getKey());
      assertEquals("true", conf.get("spark.storage.decommission.shuffleBlocks.enabled"), e.getKey());
      assertTrue(conf.get("spark.storage.decommission.fallbackStorage.path").startsWith("oss://"), e.getKey());
      String kill = conf.get("spark.executor.decommission.killInterval");
      assertTrue(kill.endsWith("s") && Integer.parseInt(kill.substring(0, kill.length() - 1)) < 300,
          e.getKey() + ": kill interval must be shorter than the 5-minute eviction notice, got " + kill);
      assertTrue(s.executor().terminationGracePeriodSeconds() >= 60,
          e.getKey() + ": executors need time to migrate blocks after the stop signal");
      assertTrue(s.dynamicAllocation().enabled(), e.getKey());
      assertEquals("true", conf.get("spark.dynamicAllocation.shuffleTracking.enabled"), e.getKey());
      assertEquals(SparkApplication.RestartType.OnFailure, s.restartPolicy().type(), e.getKey());
      assertTrue(s.restartPolicy().onFailureRetries() > 0, e.getKey());
      assertEquals("true", conf.get("spark.eventLog.enabled"), e.getKey());
      assertTrue(conf.get("spark.eventLog.dir").startsWith("oss://"), e.getKey());
      assertEquals("com.aliyun.oss.common.auth.EnvironmentVariableCredentialsProvider",
          s.hadoopConf().get("fs.oss.credentials.provider"), e.getKey());
      for (List<Kube.EnvVar> env : List.of(s.driver().env(), s.executor().env())) {
        assertTrue(env.stream().anyMatch(v -> v.name().equals("OSS_ACCESS_KEY_SECRET") && v.valueFrom() != null
            && v.valueFrom().secretKeyRef() != null), e.getKey() + ": credentials from a Secret");
      }
      assertNotNull(s.batchSchedulerOptions().queue(), e.getKey() + ": a team queue");
      assertNotNull(s.batchSchedulerOptions().priorityClassName(), e.getKey() + ": a priority class");
    }
  }

  @Test
  void everyPodRunsAsNonRootWithoutEscalationAndWithRequestsAndLimits() {
    for (var e : specs) {
      SparkApplication.Spec s = e.getValue();
      checkSparkPod(e.getKey() + " driver", s.driver().podSecurityContext(), s.driver().securityContext(),
          s.driver().coreRequest(), s.driver().coreLimit(), s.driver().memory());
      checkSparkPod(e.getKey() + " executor", s.executor().podSecurityContext(), s.executor().securityContext(),
          s.executor().coreRequest(), s.executor().coreLimit(), s.executor().memory());
    }
    int workloads = 0;
    for (Doc d : docs) {
      if (!d.kind().equals("Deployment")) {
        continue;
      }
      workloads++;
      JsonNode pod = d.node().at("/spec/template/spec");
      assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), d.where() + ": runAsNonRoot");
      for (JsonNode c : pod.path("containers")) {
        String where = d.where() + " container " + c.path("name").asText();
        assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), where + ": escalation");
        for (String r : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/cpu",
            "/resources/limits/memory")) {
          assertFalse(c.at(r).isMissingNode(), where + ": no " + r);
        }
      }
    }
    assertTrue(workloads >= 1, "the History Server Deployment");
  }

  private static void checkSparkPod(String where, Kube.PodSecurityContext pod, Kube.SecurityContext container,
      String coreRequest, String coreLimit, String memory) {
    assertNotNull(pod, where + ": podSecurityContext");
    assertEquals(Boolean.TRUE, pod.runAsNonRoot(), where + ": runAsNonRoot");
    assertNotNull(container, where + ": securityContext");
    assertEquals(Boolean.FALSE, container.allowPrivilegeEscalation(), where + ": allowPrivilegeEscalation");
    assertNotNull(coreRequest, where + ": coreRequest");
    assertNotNull(coreLimit, where + ": coreLimit (the CPU limit)");
    assertNotNull(memory, where + ": memory (request and limit)");
  }

  @Test
  void kustomizationsListEveryManifestBesideThemAndNothingMissing() throws IOException {
    List<Path> kustomizations;
    try (Stream<Path> files = Files.walk(K8S)) {
      kustomizations = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
    }
    assertTrue(kustomizations.size() >= 4, "base, sparkapplications, dev and prod: " + kustomizations);
    for (Path k : kustomizations) {
      JsonNode node = YAML.readTree(k.toFile());
      List<String> listed = new ArrayList<>();
      node.path("resources").forEach(r -> listed.add(r.asText()));
      for (String r : listed) {
        Path target = k.getParent().resolve(r).normalize();
        assertTrue(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")),
            k + " lists " + r + ", which does not exist");
      }
      try (Stream<Path> siblings = Files.list(k.getParent())) {
        for (Path f : siblings.filter(p -> p.toString().endsWith(".yaml")).toList()) {
          String name = f.getFileName().toString();
          if (!name.equals("kustomization.yaml") && !name.equals("kustomizeconfig.yaml")) {
            assertTrue(listed.contains(name), k + " does not list " + name);
          }
        }
      }
    }
  }

  private static String match(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }
}
