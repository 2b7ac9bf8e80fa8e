package com.huifang.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Drives an asynchronous operation from {@code workers} concurrent loops, each starting its next
 * operation when the last completes, for a warm-up and then a measured period.
 */
public final class Load {

  /**
   * What one measured period gave.
   *
   * @param disk the mean time and size of the machine's disks' writes in the period ({@link
   *     DiskWrites}), empty where they cannot be read
   */
  public record Result(
      long operations,
      long rows,
      Duration elapsed,
      long p50Nanos,
      long p99Nanos,
      Optional<DiskWrites.PerWrite> disk) {

    public double rowsPerSecond() {
      return rows / (elapsed.toNanos() / 1e9);
    }

    public double operationsPerSecond() {
      return operations / (elapsed.toNanos() / 1e9);
    }

    public double p99Millis() {
      return p99Nanos / 1e6;
    }
  }

  private Load() {}

  /**
   * Runs {@code operation} (which yields the rows it handled) until the period ends. Blocks the
   * calling thread, which must not be a Vert.x thread.
   */
  public static Result run(
      Vertx vertx, int workers, Duration warmup, Duration measure, Supplier<Future<Integer>> op) {
    runPeriod(vertx, workers, warmup, op);
    return runPeriod(vertx, workers, measure, op);
  }

  private static Result runPeriod(
      Vertx vertx, int workers, Duration period, Supplier<Future<Integer>> op) {
    Optional<DiskWrites> diskBefore = DiskWrites.now();
    long start = System.nanoTime();
    long deadline = start + period.toNanos();
    AtomicLong operations = new AtomicLong();
    AtomicLong rows = new AtomicLong();
    List<Recorder> recorders = new ArrayList<>();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Recorder recorder = new Recorder();
      recorders.add(recorder);
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(op, deadline, operations, rows, recorder, done));
      loops.add(done.future());
    }
    Future.all(loops).await();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Optional<DiskWrites.PerWrite> disk = DiskWrites.perWriteSince(diskBefore);
    long[] all = Recorder.merge(recorders);
    return new Result(
        operations.get(), rows.get(), elapsed, percentile(all, 0.50), percentile(all, 0.99), disk);
  }

  private static void loop(
      Supplier<Future<Integer>> op,
      long deadline,
      AtomicLong operations,
      AtomicLong rows,
      Recorder recorder,
      Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    long began = System.nanoTime();
    op.get()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                done.fail(ar.cause());
                return;
              }
              recorder.add(System.nanoTime() - began);
              operations.incrementAndGet();
              rows.addAndGet(ar.result());
              loop(op, deadline, operations, rows, recorder, done);
            });
  }

  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Latencies of one loop; loops never share one, so no locking. */
  private static final class Recorder {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    static long[] merge(List<Recorder> recorders) {
      long[] all = new long[recorders.stream().mapToInt(r -> r.size).sum()];
      int at = 0;
      for (Recorder r : recorders) {
        System.arraycopy(r.values, 0, all, at, r.size);
        at += r.size;
      }
      Arrays.sort(all);
      return all;
    }
  }
}
