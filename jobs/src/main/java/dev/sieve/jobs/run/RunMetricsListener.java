package dev.sieve.jobs.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Sums the task metrics of a run (successful tasks) for the report; failed task attempts are counted apart. */
public final class RunMetricsListener extends SparkListener {
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong failedTasks = new AtomicLong();
  private final AtomicLong runTimeMs = new AtomicLong();
  private final AtomicLong cpuTimeNs = new AtomicLong();
  private final AtomicLong gcTimeMs = new AtomicLong();
  private final AtomicLong inputBytes = new AtomicLong();
  private final AtomicLong inputRecords = new AtomicLong();
  private final AtomicLong shuffleReadBytes = new AtomicLong();
  private final AtomicLong shuffleWriteBytes = new AtomicLong();
  private final AtomicLong outputBytes = new AtomicLong();
  private final AtomicLong spillBytes = new AtomicLong();
  private final AtomicLong peakExecutionMemory = new AtomicLong();

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskInfo() == null || !end.taskInfo().successful()) {
      failedTasks.incrementAndGet();
      return;
    }
    tasks.incrementAndGet();
    TaskMetrics m = end.taskMetrics();
    if (m == null) {
      return;
    }
    runTimeMs.addAndGet(m.executorRunTime());
    cpuTimeNs.addAndGet(m.executorCpuTime());
    gcTimeMs.addAndGet(m.jvmGCTime());
    inputBytes.addAndGet(m.inputMetrics().bytesRead());
    inputRecords.addAndGet(m.inputMetrics().recordsRead());
    shuffleReadBytes.addAndGet(m.shuffleReadMetrics().totalBytesRead());
    shuffleWriteBytes.addAndGet(m.shuffleWriteMetrics().bytesWritten());
    outputBytes.addAndGet(m.outputMetrics().bytesWritten());
    spillBytes.addAndGet(m.diskBytesSpilled());
    peakExecutionMemory.accumulateAndGet(m.peakExecutionMemory(), Math::max);
  }

  public Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobs", jobs.get());
    out.put("tasks", tasks.get());
    out.put("failed_task_attempts", failedTasks.get());
    out.put("executor_run_time_s", runTimeMs.get() / 1000.0);
    out.put("executor_cpu_time_s", cpuTimeNs.get() / 1e9);
    out.put("jvm_gc_time_s", gcTimeMs.get() / 1000.0);
    out.put("input_bytes", inputBytes.get());
    out.put("input_records_read", inputRecords.get());
    out.put("shuffle_read_bytes", shuffleReadBytes.get());
    out.put("shuffle_write_bytes", shuffleWriteBytes.get());
    out.put("output_bytes", outputBytes.get());
    out.put("disk_spill_bytes", spillBytes.get());
    out.put("peak_task_execution_memory_bytes", peakExecutionMemory.get());
    return out;
  }
}
