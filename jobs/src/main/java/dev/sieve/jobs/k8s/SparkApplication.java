package dev.sieve.jobs.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A {@code SparkApplication} ({@code sparkoperator.k8s.io/v1beta2}), every spec field the operator's v2.1.1 CRD
 * defines. Required fields are checked on construction; {@code status} is the operator's and is not accepted in a
 * manifest. Immutable.
 */
public record SparkApplication(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
  public static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
  public static final String KIND = "SparkApplication";

  public SparkApplication {
    Manifests.constant(apiVersion, API_VERSION, "apiVersion");
    Manifests.constant(kind, KIND, "kind");
    Manifests.required(metadata, "metadata");
    Manifests.required(spec, "spec");
  }

  /** The metadata a manifest sets. */
  public record ObjectMeta(String name, String namespace, Map<String, String> labels,
      Map<String, String> annotations) {
    public ObjectMeta {
      Manifests.required(name, "name");
    }
  }

  /** {@code spec.type}. */
  public enum Type {
    Java, Python, Scala, R
  }

  /** {@code spec.mode}. */
  public enum DeployMode {
    @JsonProperty("cluster") CLUSTER,
    @JsonProperty("client") CLIENT
  }

  /** {@code spec.pythonVersion}. */
  public enum PythonVersion {
    @JsonProperty("2") TWO,
    @JsonProperty("3") THREE
  }

  /** {@code spec}: {@code SparkApplicationSpec}. */
  public record Spec(
      List<String> arguments,
      String batchScheduler,
      BatchSchedulerOptions batchSchedulerOptions,
      Dependencies deps,
      DriverSpec driver,
      List<JsonNode> driverIngressOptions,
      DynamicAllocation dynamicAllocation,
      ExecutorSpec executor,
      Integer failureRetries,
      Map<String, String> hadoopConf,
      String hadoopConfigMap,
      String image,
      String imagePullPolicy,
      List<String> imagePullSecrets,
      String mainApplicationFile,
      String mainClass,
      String memoryOverheadFactor,
      DeployMode mode,
      Monitoring monitoring,
      Map<String, String> nodeSelector,
      String proxyUser,
      PythonVersion pythonVersion,
      RestartPolicy restartPolicy,
      Long retryInterval,
      Map<String, String> sparkConf,
      String sparkConfigMap,
      SparkUiOptions sparkUIOptions,
      String sparkVersion,
      Long timeToLiveSeconds,
      Type type,
      List<JsonNode> volumes) {
    public Spec {
      Manifests.required(driver, "driver");
      Manifests.required(executor, "executor");
      Manifests.required(mainApplicationFile, "mainApplicationFile");
      Manifests.required(sparkVersion, "sparkVersion");
      Manifests.required(type, "type");
    }
  }

  /** {@code batchSchedulerOptions}: {@code BatchSchedulerConfiguration}. */
  public record BatchSchedulerOptions(String priorityClassName, String queue, Map<String, Kube.IntOrString> resources) {}

  /** {@code deps}: {@code Dependencies}. */
  public record Dependencies(List<String> archives, List<String> excludePackages, List<String> files,
      List<String> jars, List<String> packages, List<String> pyFiles, List<String> repositories) {}

  /** {@code dynamicAllocation}; the operator turns shuffle tracking on with it (there is no field for that). */
  public record DynamicAllocation(Boolean enabled, Integer initialExecutors, Integer maxExecutors,
      Integer minExecutors, Long shuffleTrackingTimeout) {}

  /** {@code restartPolicy}. */
  public record RestartPolicy(Integer onFailureRetries, Long onFailureRetryInterval,
      Integer onSubmissionFailureRetries, Long onSubmissionFailureRetryInterval, RestartType type) {
    public RestartPolicy {
      Manifests.atLeast(onFailureRetries, 0, "onFailureRetries");
      Manifests.atLeast(onFailureRetryInterval, 1, "onFailureRetryInterval");
      Manifests.atLeast(onSubmissionFailureRetries, 0, "onSubmissionFailureRetries");
      Manifests.atLeast(onSubmissionFailureRetryInterval, 1, "onSubmissionFailureRetryInterval");
    }
  }

  /** {@code restartPolicy.type}. */
  public enum RestartType {
    Never, Always, OnFailure
  }

  /** {@code monitoring}: {@code MonitorSpec}. */
  public record Monitoring(Boolean exposeDriverMetrics, Boolean exposeExecutorMetrics, String metricsProperties,
      String metricsPropertiesFile, Prometheus prometheus) {
    public Monitoring {
      Manifests.required(exposeDriverMetrics, "exposeDriverMetrics");
      Manifests.required(exposeExecutorMetrics, "exposeExecutorMetrics");
    }
  }

  /** {@code monitoring.prometheus}: {@code PrometheusSpec}. */
  public record Prometheus(String configFile, String configuration, String jmxExporterJar, Integer port,
      String portName) {
    public Prometheus {
      Manifests.required(jmxExporterJar, "jmxExporterJar");
      Manifests.atLeast(port, 1024, "port");
      Manifests.atMost(port, 49151, "port");
    }
  }

  /** {@code sparkUIOptions}: {@code SparkUIConfiguration}. */
  public record SparkUiOptions(Map<String, String> ingressAnnotations, List<JsonNode> ingressTLS,
      Map<String, String> serviceAnnotations, Map<String, String> serviceLabels, Integer servicePort,
      String servicePortName, String serviceType) {}

  /** {@code secrets[]}: {@code SecretInfo}. */
  public record SecretInfo(String name, String path, String secretType) {
    public SecretInfo {
      Manifests.required(name, "name");
      Manifests.required(path, "path");
      Manifests.required(secretType, "secretType");
    }
  }

  /** {@code configMaps[]}: {@code NamePath}. */
  public record NamePath(String name, String path) {
    public NamePath {
      Manifests.required(name, "name");
      Manifests.required(path, "path");
    }
  }

  /** {@code gpu}: {@code GPUSpec}. */
  public record Gpu(String name, Long quantity) {
    public Gpu {
      Manifests.required(name, "name");
      Manifests.required(quantity, "quantity");
    }
  }

  /** {@code driver}: {@code DriverSpec} (a {@code SparkPodSpec} plus the driver's own fields). */
  public record DriverSpec(
      JsonNode affinity,
      Map<String, String> annotations,
      List<NamePath> configMaps,
      String coreLimit,
      String coreRequest,
      Integer cores,
      JsonNode dnsConfig,
      List<Kube.EnvVar> env,
      List<JsonNode> envFrom,
      Map<String, NameKey> envSecretKeyRefs,
      Map<String, String> envVars,
      Gpu gpu,
      List<JsonNode> hostAliases,
      Boolean hostNetwork,
      String image,
      List<JsonNode> initContainers,
      String javaOptions,
      String kubernetesMaster,
      Map<String, String> labels,
      JsonNode lifecycle,
      String memory,
      String memoryOverhead,
      Map<String, String> nodeSelector,
      String podName,
      Kube.PodSecurityContext podSecurityContext,
      List<JsonNode> ports,
      String priorityClassName,
      String schedulerName,
      List<SecretInfo> secrets,
      Kube.SecurityContext securityContext,
      String serviceAccount,
      Map<String, String> serviceAnnotations,
      Map<String, String> serviceLabels,
      Boolean shareProcessNamespace,
      List<JsonNode> sidecars,
      JsonNode template,
      Long terminationGracePeriodSeconds,
      List<Kube.Toleration> tolerations,
      List<Kube.VolumeMount> volumeMounts) {
    public DriverSpec {
      Manifests.atLeast(cores, 1, "cores");
      Manifests.matches(podName, POD_NAME, "podName");
    }
  }

  /** The CRD's pattern for {@code driver.podName} (a DNS subdomain). */
  static final java.util.regex.Pattern POD_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** {@code executor}: {@code ExecutorSpec} (a {@code SparkPodSpec} plus the executors' own fields). */
  public record ExecutorSpec(
      JsonNode affinity,
      Map<String, String> annotations,
      List<NamePath> configMaps,
      String coreLimit,
      String coreRequest,
      Integer cores,
      Boolean deleteOnTermination,
      JsonNode dnsConfig,
      List<Kube.EnvVar> env,
      List<JsonNode> envFrom,
      Map<String, NameKey> envSecretKeyRefs,
      Map<String, String> envVars,
      Gpu gpu,
      List<JsonNode> hostAliases,
      Boolean hostNetwork,
      String image,
      List<JsonNode> initContainers,
      Integer instances,
      String javaOptions,
      Map<String, String> labels,
      JsonNode lifecycle,
      String memory,
      String memoryOverhead,
      Map<String, String> nodeSelector,
      Kube.PodSecurityContext podSecurityContext,
      List<JsonNode> ports,
      String priorityClassName,
      String schedulerName,
      List<SecretInfo> secrets,
      Kube.SecurityContext securityContext,
      String serviceAccount,
      Boolean shareProcessNamespace,
      List<JsonNode> sidecars,
      JsonNode template,
      Long terminationGracePeriodSeconds,
      List<Kube.Toleration> tolerations,
      List<Kube.VolumeMount> volumeMounts) {
    public ExecutorSpec {
      Manifests.atLeast(cores, 1, "cores");
      Manifests.atLeast(instances, 1, "instances");
    }
  }

  /** {@code envSecretKeyRefs} values (deprecated in the operator in favour of {@code env}). */
  public record NameKey(String key, String name) {
    public NameKey {
      Manifests.required(key, "key");
      Manifests.required(name, "name");
    }
  }
}
