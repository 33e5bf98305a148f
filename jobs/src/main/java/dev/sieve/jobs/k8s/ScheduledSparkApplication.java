package dev.sieve.jobs.k8s;

/**
 * A {@code ScheduledSparkApplication} ({@code sparkoperator.k8s.io/v1beta2}): a {@link SparkApplication.Spec}
 * template run on a cron schedule, with the fields of the operator's v2.1.1 CRD. Immutable.
 */
public record ScheduledSparkApplication(String apiVersion, String kind, SparkApplication.ObjectMeta metadata,
    Spec spec) {
  public static final String KIND = "ScheduledSparkApplication";

  public ScheduledSparkApplication {
    Manifests.constant(apiVersion, SparkApplication.API_VERSION, "apiVersion");
    Manifests.constant(kind, KIND, "kind");
    Manifests.required(metadata, "metadata");
    Manifests.required(spec, "spec");
  }

  /** What to do when a run is due while the previous one still runs (the operator's three policies). */
  public enum ConcurrencyPolicy {
    Allow, Forbid, Replace
  }

  /** {@code spec}: {@code ScheduledSparkApplicationSpec}. */
  public record Spec(ConcurrencyPolicy concurrencyPolicy, Integer failedRunHistoryLimit, String schedule,
      Integer successfulRunHistoryLimit, Boolean suspend, SparkApplication.Spec template) {
    public Spec {
      Manifests.required(schedule, "schedule");
      Manifests.required(template, "template");
    }
  }
}
