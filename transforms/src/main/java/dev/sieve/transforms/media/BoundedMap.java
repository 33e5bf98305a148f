package dev.sieve.transforms.media;

import dev.sieve.transforms.core.Preconditions;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Maps an iterator through a slow function (a remote read) with at most {@code concurrency} calls in flight, keeping
 * the input order, so a store's latency overlaps instead of adding up and the output is the same whatever the
 * timing. Each call has a deadline ({@code timeout} from its start); a call that misses it, or throws, is answered by
 * {@code onFailure} with a {@link TimeoutException} or the exception, and the rest go on. Memory is bounded: at most
 * {@code concurrency} inputs and results are held. Threads are daemons and are shut down when the input is used up
 * or {@link #close()} is called (a Spark task calls it on completion).
 *
 * <p>A call stuck in a read that ignores interruption keeps its thread until the read returns; the deadline still
 * answers its row on time.
 *
 * @param <I> input
 * @param <O> output
 */
public final class BoundedMap<I, O> implements Iterator<O>, AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private record InFlight<I, O>(I input, Future<O> future, long deadlineNanos) {}

  private final Iterator<I> in;
  private final Function<I, O> work;
  private final BiFunction<I, Throwable, O> onFailure;
  private final long timeoutNanos;
  private final int concurrency;
  private final ArrayDeque<InFlight<I, O>> window = new ArrayDeque<>();
  private ExecutorService pool;

  /**
   * @param concurrency calls in flight, at least 1
   * @param timeoutMillis per call, at least 1
   */
  public BoundedMap(Iterator<I> in, int concurrency, long timeoutMillis, Function<I, O> work,
      BiFunction<I, Throwable, O> onFailure) {
    Preconditions.checkArgument(concurrency >= 1, "concurrency must be >= 1, got %s", concurrency);
    Preconditions.checkArgument(timeoutMillis >= 1, "timeout must be >= 1 ms, got %s", timeoutMillis);
    this.in = Preconditions.checkNotNull(in, "in");
    this.work = Preconditions.checkNotNull(work, "work");
    this.onFailure = Preconditions.checkNotNull(onFailure, "onFailure");
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.concurrency = concurrency;
  }

  private ExecutorService pool() {
    if (pool == null) {
      int id = POOLS.incrementAndGet();
      AtomicInteger n = new AtomicInteger();
      ThreadFactory threads = r -> {
        Thread t = new Thread(r, "sieve-probe-" + id + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      pool = Executors.newFixedThreadPool(concurrency, threads);
    }
    return pool;
  }

  private void fill() {
    while (window.size() < concurrency && in.hasNext()) {
      I item = in.next();
      // the deadline counts from submission: the window never holds more calls than threads, so each starts at once
      Future<O> f = pool().submit(() -> work.apply(item));
      window.add(new InFlight<>(item, f, System.nanoTime() + timeoutNanos));
    }
  }

  @Override
  public boolean hasNext() {
    fill();
    if (window.isEmpty()) {
      close();
      return false;
    }
    return true;
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    InFlight<I, O> head = window.poll();
    O out;
    try {
      long wait = Math.max(0, head.deadlineNanos() - System.nanoTime());
      out = head.future().get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      head.future().cancel(true);
      out = onFailure.apply(head.input(), e);
    } catch (ExecutionException e) {
      out = onFailure.apply(head.input(), e.getCause() == null ? e : e.getCause());
    } catch (CancellationException e) {
      out = onFailure.apply(head.input(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for a probe", e);
    }
    fill();
    return out;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    for (InFlight<I, O> f : window) {
      f.future().cancel(true);
    }
  }
}
