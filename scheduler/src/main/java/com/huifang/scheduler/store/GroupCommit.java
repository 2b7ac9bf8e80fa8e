package com.huifang.scheduler.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: writes that arrive while {@code maxInFlight} transactions are being committed wait,
 * and go together in the next one. Nothing waits for the database when it is idle (the first write
 * goes at once, or as soon as the task submitting it ends); under load a batch of up to {@code
 * maxBatch} costs one transaction instead of one each. Items of one batch must not conflict with
 * items of another (each attempt is in one batch).
 *
 * <p>Writes submitted on a Vert.x context are drained once the context's current task has ended, so
 * the writes one task submits together (the marks of one lease's calls, the outcomes of one batch
 * of marks) go in one transaction, not one each while transactions are free: waiting for the end of
 * a task that is already running costs no round trip.
 *
 * <p>A batch that fails as a whole (one item's compare-and-set lost, a deadlock, the database away)
 * is retried item by item, so one bad item fails alone and the others are still written. Each
 * caller gets its own item's result or failure.
 *
 * @param <I> one write
 * @param <O> its result
 */
final class GroupCommit<I, O> {

  private record Pending<I, O>(I item, Promise<O> promise) {}

  private final Function<List<I>, Future<List<O>>> writeAll;
  private final int maxBatch;
  private final int maxInFlight;
  private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean drainScheduled;

  /**
   * @param writeAll writes the items in one transaction and returns their results in the same
   *     order, or fails without having written any of them
   */
  GroupCommit(Function<List<I>, Future<List<O>>> writeAll, int maxBatch, int maxInFlight) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.writeAll = writeAll;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /** Queues one write; completes when it is committed (or has failed on its own). */
  Future<O> submit(I item) {
    Promise<O> promise = Promise.promise();
    Context context = Vertx.currentContext();
    boolean schedule;
    synchronized (this) {
      queue.add(new Pending<>(item, promise));
      schedule = context != null && !drainScheduled;
      drainScheduled |= schedule;
    }
    if (context == null) {
      drain();
    } else if (schedule) {
      context.runOnContext(
          v -> {
            synchronized (this) {
              drainScheduled = false;
            }
            drain();
          });
    }
    return promise.future();
  }

  private void drain() {
    while (true) {
      List<Pending<I, O>> batch;
      synchronized (this) {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        inFlight++;
        batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        while (batch.size() < maxBatch && !queue.isEmpty()) {
          batch.add(queue.poll());
        }
      }
      write(batch)
          .onComplete(
              done -> {
                synchronized (this) {
                  inFlight--;
                }
                drain();
              });
    }
  }

  private Future<Void> write(List<Pending<I, O>> batch) {
    Future<List<O>> all;
    try {
      all = writeAll.apply(batch.stream().map(Pending::item).toList());
    } catch (RuntimeException e) {
      all = Future.failedFuture(e);
    }
    return all.transform(
        r -> {
          if (r.succeeded()) {
            List<O> results = r.result();
            for (int i = 0; i < batch.size(); i++) {
              batch.get(i).promise().complete(results.get(i));
            }
            return Future.succeededFuture();
          }
          if (batch.size() == 1) {
            batch.getFirst().promise().fail(r.cause());
            return Future.succeededFuture();
          }
          Future<Void> oneByOne = Future.succeededFuture();
          for (Pending<I, O> p : batch) {
            oneByOne = oneByOne.compose(v -> write(List.of(p)));
          }
          return oneByOne;
        });
  }
}
