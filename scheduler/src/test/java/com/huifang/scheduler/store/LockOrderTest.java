package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTasks;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every write of several attempts locks them in id order, whatever order its plan visits them in,
 * so two such writes (an outcome batch, the dial marks, a lease renewal, the expiry) never wait for
 * each other in a cycle. Each test holds the lower of two attempts in another transaction, starts a
 * write of both, and checks that the write waits with the higher one still free: it asked for the
 * lower first.
 */
@Timeout(60)
class LockOrderTest {

  private static final int TASKS = 20;

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void held_outcomes_of_two_campaigns_lock_their_attempts_in_id_order() {
    Pair p = markedPairAcrossCampaigns("held", "131", "132");
    long held = fx.attempts.outcomesFromHeldCalls();

    waitsForTheLowerWithTheHigherFree(p, () -> completeTogether(fx.attempts, p.high(), p.low()));

    assertThat(fx.attempts.outcomesFromHeldCalls())
        .as("both were recorded from the held calls, in one statement")
        .isEqualTo(held + 2);
  }

  @Test
  void outcomes_recorded_the_long_way_lock_their_attempts_in_id_order() {
    Pair p = markedPairAcrossCampaigns("long", "133", "134");
    AttemptStore otherNode = new AttemptStore(fx.pool, HolidayCalendar.NONE);

    waitsForTheLowerWithTheHigherFree(p, () -> completeTogether(otherNode, p.high(), p.low()));

    assertThat(otherNode.outcomesTheLongWay()).isEqualTo(2);
  }

  @Test
  void dial_marks_lock_their_attempts_in_id_order_whatever_order_they_arrive_in() {
    Campaign c = fx.campaign("lock-order marks");
    fx.tasks.importRows(c, newTasks("LM-", "137", 2), MONDAY_11).await();
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    Pair p = Pair.of(calls.get(0).attemptId(), calls.get(1).attemptId());

    waitsForTheLowerWithTheHigherFree(
        p,
        () ->
            together(
                () ->
                    Future.all(
                        List.of(
                            fx.attempts.markDialing(
                                p.high(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300)),
                            fx.attempts.markDialing(
                                p.low(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300))))));

    assertThat(states(p)).containsExactly("DIALING", "DIALING");
  }

  @Test
  void the_expiry_locks_attempts_in_id_order_not_in_the_order_they_ran_out() {
    Campaign c = fx.campaign("lock-order expiry");
    fx.tasks.importRows(c, newTasks("LE-", "138", 2), MONDAY_11).await();
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    Pair p = Pair.of(calls.get(0).attemptId(), calls.get(1).attemptId());
    // the higher one runs out first, so a walk of the open leases by expiry meets it first
    fx.pool
        .preparedQuery(
            "UPDATE attempt SET lease_until = lease_until - interval '1 s' WHERE id = $1")
        .execute(Tuple.of(p.high()))
        .await();

    waitsForTheLowerWithTheHigherFree(
        p, () -> fx.attempts.expire(MONDAY_11.plus(Duration.ofMinutes(10))));

    assertThat(states(p)).containsExactly("RELEASED", "RELEASED");
  }

  /** Two attempts, {@code low} first in PostgreSQL's order of ids. */
  private record Pair(UUID low, UUID high) {

    static Pair of(UUID one, UUID other) {
      boolean oneFirst =
          fx.pool
              .preparedQuery("SELECT $1::uuid < $2::uuid")
              .execute(Tuple.of(one, other))
              .await()
              .iterator()
              .next()
              .getBoolean(0);
      return oneFirst ? new Pair(one, other) : new Pair(other, one);
    }
  }

  /**
   * Two campaigns, all their tasks leased and marked by {@link StoreFixture#attempts}, one outcome
   * of each recorded (so the store has read both campaigns), and an attempt of each still being
   * dialled, the lower id in the campaign created second. The tests send the higher one's outcome
   * first: neither that order nor a plan that visits attempts campaign by campaign (as the dial
   * loop's did when it deadlocked with lease renewals) meets the lower one first.
   */
  private static Pair markedPairAcrossCampaigns(
      String name, String firstNumbers, String secondNumbers) {
    Campaign first = fx.campaign(name + " first");
    Campaign second = fx.campaign(name + " second");
    fx.tasks.importRows(first, newTasks(name + "-F-", firstNumbers, TASKS), MONDAY_11).await();
    fx.tasks.importRows(second, newTasks(name + "-S-", secondNumbers, TASKS), MONDAY_11).await();
    for (Campaign c : List.of(first, second)) {
      List<LeasedCall> calls = fx.lease(c, TASKS, "n1", MONDAY_11);
      assertThat(calls).hasSize(TASKS);
      calls.forEach(fx::mark);
      noAnswer(fx.attempts, calls.getFirst().attemptId()).await();
    }
    Row pair =
        fx.pool
            .preparedQuery(
                "SELECT f.id AS high, s.id AS low FROM attempt f, attempt s"
                    + " WHERE f.campaign_id = $1 AND s.campaign_id = $2"
                    + " AND f.state = 'DIALING' AND s.state = 'DIALING' AND s.id < f.id LIMIT 1")
            .execute(Tuple.of(first.id(), second.id()))
            .await()
            .iterator()
            .next();
    return new Pair(pair.getUUID("low"), pair.getUUID("high"));
  }

  /**
   * Holds {@code p.low} in another transaction while {@code write} runs, checks that the write
   * waits and that {@code p.high} is free meanwhile, then lets the write finish.
   */
  private static void waitsForTheLowerWithTheHigherFree(Pair p, Supplier<Future<?>> write) {
    SqlConnection blocker = fx.pool.getConnection().await();
    try {
      blocker.query("BEGIN").execute().await();
      blocker
          .preparedQuery("SELECT id FROM attempt WHERE id = $1 FOR UPDATE")
          .execute(Tuple.of(p.low()))
          .await();
      Future<?> written = write.get();
      awaitOneWaitingForALock();
      assertThat(free(p.high()))
          .as("the higher attempt is free while the write waits for the lower one")
          .isTrue();
      blocker.query("COMMIT").execute().await();
      written.await();
    } finally {
      blocker.close().await();
    }
  }

  private static void awaitOneWaitingForALock() {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      long waiting =
          fx.pool
              .query(
                  "SELECT count(*) FROM pg_stat_activity"
                      + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      if (waiting > 0) {
        return;
      }
      sleep();
    }
    throw new AssertionError(
        "the write never waited for the attempt held by the other transaction");
  }

  private static boolean free(UUID attempt) {
    return fx.pool
        .withTransaction(
            tx ->
                tx.preparedQuery("SELECT id FROM attempt WHERE id = $1 FOR UPDATE SKIP LOCKED")
                    .execute(Tuple.of(attempt))
                    .map(rows -> rows.size() == 1))
        .await();
  }

  /** Outcomes of both attempts submitted in one event-loop task, so they share one batch. */
  private static Future<?> completeTogether(AttemptStore store, UUID one, UUID other) {
    return together(() -> Future.all(List.of(noAnswer(store, one), noAnswer(store, other))));
  }

  private static Future<?> together(Supplier<Future<?>> submit) {
    Promise<Object> done = Promise.promise();
    fx.vertx.getOrCreateContext().runOnContext(v -> submit.get().onComplete(done));
    return done.future();
  }

  private static Future<AttemptStore.Result> noAnswer(AttemptStore store, UUID attempt) {
    return store.complete(
        attempt,
        CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(30)),
        MONDAY_11.plusSeconds(30));
  }

  private static List<String> states(Pair p) {
    return fx
        .pool
        .preparedQuery("SELECT state FROM attempt WHERE id = ANY ($1) ORDER BY id")
        .execute(Tuple.of(new UUID[] {p.low(), p.high()}))
        .await()
        .stream()
        .map(r -> r.getString("state"))
        .toList();
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
