package dev.sieve.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark work done while one pipeline ran: jobs, stages, tasks, summed task time, shuffle written and spilled
 * bytes. Pipelines run one at a time, so the harness {@link #reset}s before a pipeline and takes a
 * {@link #snapshot} after it. Listener events arrive asynchronously; {@link #awaitQuiet} waits until every started
 * job has reported its end (task events are delivered before their job's end event).
 */
final class PipelineMetrics extends SparkListener {
  private final AtomicLong jobsStarted = new AtomicLong();
  private final AtomicLong jobsEnded = new AtomicLong();
  private final AtomicLong stages = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong runMs = new AtomicLong();
  private final AtomicLong cpuNs = new AtomicLong();
  private final AtomicLong shuffleWrite = new AtomicLong();
  private final AtomicLong spillMemory = new AtomicLong();
  private final AtomicLong spillDisk = new AtomicLong();
  private final AtomicLong peakExecution = new AtomicLong();

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    jobsStarted.incrementAndGet();
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    jobsEnded.incrementAndGet();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    stages.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    tasks.incrementAndGet();
    TaskMetrics m = e.taskMetrics();
    if (m == null) {
      return;
    }
    runMs.addAndGet(m.executorRunTime());
    cpuNs.addAndGet(m.executorCpuTime());
    shuffleWrite.addAndGet(m.shuffleWriteMetrics().bytesWritten());
    spillMemory.addAndGet(m.memoryBytesSpilled());
    spillDisk.addAndGet(m.diskBytesSpilled());
    peakExecution.accumulateAndGet(m.peakExecutionMemory(), Math::max);
  }

  void reset() {
    for (AtomicLong a : new AtomicLong[] {jobsStarted, jobsEnded, stages, tasks, runMs, cpuNs, shuffleWrite,
        spillMemory, spillDisk, peakExecution}) {
      a.set(0);
    }
  }

  /** Waits (at most {@code maxMs}) until every job started since the reset has reported its end. */
  void awaitQuiet(long maxMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + maxMs;
    while (jobsEnded.get() < jobsStarted.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobs", jobsStarted.get());
    m.put("stages", stages.get());
    m.put("tasks", tasks.get());
    m.put("task_time_s", Math.round(runMs.get() / 10.0) / 100.0);
    m.put("task_cpu_s", Math.round(cpuNs.get() / 1e7) / 100.0);
    m.put("shuffle_write_mb", Math.round(shuffleWrite.get() / 1e4) / 100.0);
    m.put("spill_memory_mb", Math.round(spillMemory.get() / 1e4) / 100.0);
    m.put("spill_disk_mb", Math.round(spillDisk.get() / 1e4) / 100.0);
    m.put("peak_task_execution_memory_mb", Math.round(peakExecution.get() / 1e4) / 100.0);
    return m;
  }
}
