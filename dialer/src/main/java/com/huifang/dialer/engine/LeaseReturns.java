package com.huifang.dialer.engine;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CallReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the leases of calls that were not placed after all (no PBX free, calling hours over,
 * an agent rung first who was lost, a dial mark that failed): the attempt goes back to the pool,
 * or, where its dial mark had landed and only the answer was lost, is recorded {@code FAILED},
 * since nothing was dialled. While the database is away the give-back is tried again until it
 * answers ({@link MustLand}): a lease left open is renewed with the node's other calls, and its
 * tasks would wait for as long as the node runs.
 */
final class LeaseReturns {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseReturns.class);

  private final Vertx vertx;
  private final Clock clock;
  private final String node;
  private final AttemptStore attempts;
  private final BooleanSupplier running;
  private final Runnable wake;

  /**
   * @param running whether the autodialer still runs (a give-back is retried only while it does)
   * @param wake looks for work, after a give-back the database had held up: its tasks are due again
   */
  LeaseReturns(
      Vertx vertx,
      Clock clock,
      String node,
      AttemptStore attempts,
      BooleanSupplier running,
      Runnable wake) {
    this.vertx = vertx;
    this.clock = clock;
    this.node = node;
    this.attempts = attempts;
    this.running = running;
    this.wake = wake;
  }

  /** Gives back the lease of {@code attemptId}, whose customer was not dialled. */
  void giveBack(UUID attemptId) {
    boolean[] heldUp = {false};
    MustLand.write(
        vertx,
        () ->
            attempts
                .release(attemptId, node, clock.instant())
                .compose(
                    released ->
                        released
                            ? Future.succeededFuture(true)
                            : attempts
                                .complete(
                                    attemptId,
                                    CallReport.of(Outcome.FAILED, null, clock.instant()),
                                    clock.instant())
                                .map(false)),
        running,
        e -> {
          heldUp[0] = true;
          LOG.warn("event=give_back_retrying attempt={} reason={}", attemptId, e.getMessage());
        },
        r -> {
          if (r.failed()) {
            LOG.error("event=not_given_back attempt={}", attemptId, r.cause());
            return;
          }
          if (heldUp[0]) {
            LOG.info("event=given_back attempt={} released={}", attemptId, r.result());
            wake.run();
          }
        });
  }
}
