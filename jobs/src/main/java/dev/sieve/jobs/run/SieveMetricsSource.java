package dev.sieve.jobs.run;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;
import org.apache.spark.sql.SparkSession;

/**
 * Sieve's live counters as a Spark metrics source named {@code sieve}, so they are served with Spark's own metrics
 * by every configured sink — on ACK the driver's PrometheusServlet at {@code /metrics/prometheus} (see
 * {@code conf/ack.conf}). One source per driver, replaced at the start of each run; its gauges read the run's state
 * when scraped:
 *
 * <ul>
 *   <li>{@code run.active} (1 while a run lasts), {@code run.jobs_completed}, {@code run.tasks_completed},
 *       {@code run.tasks_failed}, {@code run.input_bytes}, {@code run.input_records_read},
 *       {@code run.shuffle_read_bytes}, {@code run.shuffle_write_bytes}, {@code run.output_bytes},
 *       {@code run.spill_bytes} — from the run's task metrics as tasks finish;
 *   <li>{@code records.input}, {@code records.kept}, {@code records.rejected} and {@code rejected.<reason code>} for
 *       every code the job's stages can emit — set once the verdicts are counted;
 *   <li>{@code runs.succeeded}, {@code runs.failed} — since the driver started.
 * </ul>
 *
 * With {@code spark.metrics.namespace=sieve} the Prometheus names read
 * {@code metrics_sieve_driver_sieve_records_kept_Value}, {@code metrics_sieve_driver_sieve_rejected_near_duplicate_Value}.
 */
public final class SieveMetricsSource implements Source {
  public static final String NAME = "sieve";
  private static final AtomicLong SUCCEEDED = new AtomicLong();
  private static final AtomicLong FAILED = new AtomicLong();

  private final MetricRegistry registry = new MetricRegistry();
  private final AtomicLong active = new AtomicLong(1);
  private final AtomicLong input = new AtomicLong();
  private final AtomicLong kept = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final Map<String, AtomicLong> byReason = new ConcurrentHashMap<>();

  SieveMetricsSource(RunMetricsListener live, Collection<String> reasonCodes) {
    gauge("run.active", active::get);
    Map<String, String> liveKeys = Map.of("run.jobs_completed", "jobs", "run.tasks_completed", "tasks",
        "run.tasks_failed", "failed_task_attempts", "run.input_bytes", "input_bytes", "run.input_records_read",
        "input_records_read", "run.shuffle_read_bytes", "shuffle_read_bytes", "run.shuffle_write_bytes",
        "shuffle_write_bytes", "run.output_bytes", "output_bytes", "run.spill_bytes", "disk_spill_bytes");
    liveKeys.forEach((metric, key) -> gauge(metric, () -> ((Number) live.snapshot().get(key)).longValue()));
    gauge("records.input", input::get);
    gauge("records.kept", kept::get);
    gauge("records.rejected", rejected::get);
    for (String code : new TreeSet<>(reasonCodes)) {
      AtomicLong n = byReason.computeIfAbsent(code, c -> new AtomicLong());
      gauge("rejected." + code, n::get);
    }
    gauge("runs.succeeded", SUCCEEDED::get);
    gauge("runs.failed", FAILED::get);
  }

  private void gauge(String name, LongSupplier value) {
    registry.register(name, (Gauge<Long>) value::getAsLong);
  }

  @Override
  public String sourceName() {
    return NAME;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }

  /** Registers a fresh source for a run with Spark's metrics system, replacing the previous run's. */
  static SieveMetricsSource register(SparkSession spark, RunMetricsListener live, Collection<String> reasonCodes) {
    SieveMetricsSource source = new SieveMetricsSource(live, reasonCodes);
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      scala.collection.Iterator<Source> old = env.metricsSystem().getSourcesByName(NAME).iterator();
      while (old.hasNext()) {
        env.metricsSystem().removeSource(old.next());
      }
      env.metricsSystem().registerSource(source);
    }
    return source;
  }

  /** The run's verdict counts, once known. */
  void counts(long inputRecords, long keptRecords, long rejectedRecords, Map<String, Long> rejectedByReason) {
    input.set(inputRecords);
    kept.set(keptRecords);
    rejected.set(rejectedRecords);
    rejectedByReason.forEach((code, n) -> {
      AtomicLong c = byReason.get(code);
      if (c != null) {
        c.set(n);
      }
    });
  }

  /** The run ended. */
  void finished(boolean succeeded) {
    active.set(0);
    (succeeded ? SUCCEEDED : FAILED).incrementAndGet();
  }
}
