package com.huifang.dialer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.LeasedCall;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.window.HolidayCalendar;
import com.huifang.testkit.OwnPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls not placed after all while PostgreSQL was away (its own server, stopped and started again),
 * such as one whose dial mark failed: once the database is back each lease is given back (its task
 * in the pool again), or, where the mark had landed, its attempt recorded {@code FAILED}. Left
 * alone, a lease was renewed with the node's other calls and its task waited for as long as the
 * node ran.
 */
@Timeout(120)
class LeaseReturnsIT {

  /** Monday 2026-11-23 11:00 in Shanghai: inside calling hours. */
  private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

  @TempDir Path dir;

  @Test
  void leases_not_dialled_go_back_once_the_database_is_back() throws Exception {
    try (OutageDatabase outage = OutageDatabase.start(dir, "lease-returns-test")) {
      OwnPostgres pg = outage.pg();
      Vertx vertx = outage.vertx();
      Pool pool = outage.pool();
      Campaign c =
          new CampaignStore(pool)
              .create(CampaignSettings.defaults("mark failed", CampaignKind.NEW_CONTRACT), NOW)
              .await();
      pool.preparedQuery(
              "INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones, case_type,"
                  + " product_type, state, tier, rank, deadline, next_due_at)"
                  + " SELECT $1, 'P' || g, 'holder', 'H' || g, ARRAY['1380000000' || g], 'NEW',"
                  + " 'TRADITIONAL', 'PENDING', 4, 5, $2::timestamptz + interval '5 days', $2"
                  + " FROM generate_series(1, 2) g")
          .execute(Tuple.of(c.id(), NOW.atOffset(ZoneOffset.UTC)))
          .await();
      AttemptStore attempts = new AttemptStore(pool, HolidayCalendar.NONE);
      List<LeasedCall> leased =
          attempts.lease(c.id(), 2, "node-a", NOW, Duration.ofDays(1)).await();
      assertThat(leased).hasSize(2);
      LeasedCall unmarked = leased.get(0);
      LeasedCall marked = leased.get(1);
      // the mark that landed, though its answer was lost
      assertThat(
              attempts
                  .markDialing(marked.attemptId(), "node-a", "pbx1", NOW, NOW.plusSeconds(600))
                  .await())
          .isTrue();

      AtomicInteger wakes = new AtomicInteger();
      LeaseReturns returns =
          new LeaseReturns(
              vertx,
              Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC),
              "node-a",
              attempts,
              () -> true,
              wakes::incrementAndGet);
      pg.stop();
      for (LeasedCall call : leased) {
        vertx.runOnContext(v -> returns.giveBack(call.attemptId()));
      }
      Thread.sleep(1500);
      assertThat(wakes).as("nothing given back while the database is away").hasValue(0);
      pg.restart();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (wakes.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(attempt(pool, unmarked.attemptId())).isEqualTo("RELEASED/null");
      assertThat(attempt(pool, marked.attemptId())).isEqualTo("DONE/FAILED");
      assertThat(taskState(pool, unmarked)).isEqualTo("PENDING");
      assertThat(taskState(pool, marked)).isNotIn("DIALING");
    }
  }

  private static String attempt(Pool pool, UUID id) {
    Row r =
        pool.preparedQuery("SELECT state, outcome FROM attempt WHERE id = $1")
            .execute(Tuple.of(id))
            .await()
            .iterator()
            .next();
    return r.getString("state") + "/" + r.getString("outcome");
  }

  private static String taskState(Pool pool, LeasedCall call) {
    return pool.preparedQuery("SELECT state FROM task WHERE id = $1")
        .execute(Tuple.of(call.policies().getFirst().taskId()))
        .await()
        .iterator()
        .next()
        .getString("state");
  }
}
