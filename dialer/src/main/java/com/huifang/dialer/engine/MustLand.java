package com.huifang.dialer.engine;

import com.huifang.dialer.pbx.Backoff;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A write that must land (an outcome the PBX gave, an agent set free): while the database is away
 * it is tried again with back-off, 0.1 s doubling to 5 s, for about ten minutes, until it succeeds
 * or its owner stops. Nothing else would write it: an outcome would be lost, an agent left {@code
 * ON_CALL} would never be offered a call again.
 */
final class MustLand {

  /** About ten minutes of tries at the longest back-off. */
  static final int MAX_TRIES = 130;

  private static final Backoff BACKOFF =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.0);

  private MustLand() {}

  /**
   * Runs {@code write} (made again for each try) until it succeeds, {@link #MAX_TRIES} have failed,
   * or {@code running} turns false; {@code retrying} hears the first failure, {@code done} the last
   * result.
   */
  static <T> void write(
      Vertx vertx,
      Supplier<Future<T>> write,
      BooleanSupplier running,
      Consumer<Throwable> retrying,
      Handler<AsyncResult<T>> done) {
    write(vertx, write, running, retrying, done, 0);
  }

  private static <T> void write(
      Vertx vertx,
      Supplier<Future<T>> write,
      BooleanSupplier running,
      Consumer<Throwable> retrying,
      Handler<AsyncResult<T>> done,
      int tries) {
    write
        .get()
        .onComplete(
            r -> {
              if (r.succeeded() || tries >= MAX_TRIES || !running.getAsBoolean()) {
                done.handle(r);
                return;
              }
              if (tries == 0) {
                retrying.accept(r.cause());
              }
              vertx.setTimer(
                  BACKOFF.delay(tries, ThreadLocalRandom.current()).toMillis(),
                  t -> write(vertx, write, running, retrying, done, tries + 1));
            });
  }
}
