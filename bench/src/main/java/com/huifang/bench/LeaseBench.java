package com.huifang.bench;

import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CallReport;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.LeasedCall;
import com.huifang.scheduler.store.SchedulerSchema;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The scheduler's hand-out on a pool of {@link #PENDING} due tasks: leased rows per second for
 * batches of 1 and 50, lease-then-complete attempts per second, p99 lease latency, and the batched
 * rate again after {@link #FINISHED} finished attempts and tasks have piled up beside the pool.
 * Between runs the leased tasks go back to the pool, so every run starts from the same pool.
 */
final class LeaseBench {

  static final int PENDING = 1_000_000;
  static final int FINISHED = 1_000_000;

  /** Inside Shanghai calling hours on a working day, after every seeded task is due. */
  static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

  private final Vertx vertx;
  private final PgUrl db;
  private final Duration warmup;
  private final Duration measure;
  private long campaignId;

  LeaseBench(Vertx vertx, PgUrl db, Duration warmup, Duration measure) {
    this.vertx = vertx;
    this.db = db;
    this.warmup = warmup;
    this.measure = measure;
  }

  /** Creates the schema, a running campaign and the pending pool. */
  void seed() {
    SchedulerSchema.migrate(db);
    Pool pool = BenchMain.pool(vertx, db, 1);
    try {
      Campaign c =
          new CampaignStore(pool)
              .create(CampaignSettings.defaults("bench", CampaignKind.NEW_CONTRACT), NOW)
              .await();
      campaignId = c.id();
      pool.preparedQuery(
              """
              INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones, case_type,
                                product_type, state, tier, rank, deadline, next_due_at)
              SELECT $1, 'P' || g, 'holder', 'H' || g,
                     ARRAY['138' || lpad(g::text, 8, '0')],
                     CASE WHEN g % 10 = 0 THEN 'PROBLEM' ELSE 'NEW' END,
                     'TRADITIONAL', 'PENDING',
                     CASE WHEN g % 10 = 0 THEN 1 ELSE 4 END,
                     CASE WHEN g % 10 = 0 THEN 2 ELSE 5 END,
                     $2::timestamptz + (g % 1000) * interval '1 minute',
                     $3::timestamptz - (g % 5000) * interval '1 second'
              FROM generate_series(1, $4) g
              """)
          .execute(Tuple.of(campaignId, ts(NOW.plus(Duration.ofDays(5))), ts(NOW), PENDING))
          .await();
      pool.query("VACUUM ANALYZE task").execute().await();
    } finally {
      pool.close().await();
    }
  }

  /** Adds {@link #FINISHED} settled tasks and their finished attempts and history. */
  void pileUpHistory() {
    Pool pool = BenchMain.pool(vertx, db, 1);
    try {
      pool.preparedQuery(
              """
              WITH t AS (
                INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones,
                                  case_type, product_type, state, tier, rank, closed_at)
                SELECT $1, 'F' || g, 'holder', 'F' || g, ARRAY['139' || lpad(g::text, 8, '0')],
                       'NEW', 'TRADITIONAL', 'DONE', 4, 5, $2::timestamptz
                FROM generate_series(1, $3) g
                RETURNING id)
              , a AS (
                INSERT INTO attempt (id, campaign_id, task_ids, phone_index, pass_no, state,
                                     outcome, created_at, ended_at)
                SELECT gen_random_uuid(), $1, ARRAY[id], 0, 1, 'DONE', 'ANSWERED', $2, $2
                FROM t RETURNING task_ids)
              INSERT INTO task_history (task_id, at, old_state, new_state, cause)
              SELECT task_ids[1], $2, 'AWAITING_SUMMARY', 'DONE', 'SUMMARY_STANDARD' FROM a
              """)
          .execute(Tuple.of(campaignId, ts(NOW.minus(Duration.ofDays(1))), FINISHED))
          .await();
      pool.query("VACUUM ANALYZE").execute().await();
    } finally {
      pool.close().await();
    }
  }

  /** Leased rows per second with {@code leasers} concurrent leasers taking {@code batch} each. */
  Load.Result lease(int leasers, int batch) {
    return run(leasers, store -> lease(store, batch).map(LeaseBench::rows));
  }

  /**
   * Attempts per second through the dialer's whole store path: lease {@code batch} calls, mark each
   * as being dialled, and record each as not answered, every write concurrent as the dialer sends
   * them (so the store's group commit joins what arrives together).
   */
  Load.Result leaseThenComplete(int leasers, int batch) {
    return run(leasers, store -> lease(store, batch).compose(calls -> completeAll(store, calls)));
  }

  private Future<List<LeasedCall>> lease(AttemptStore store, int batch) {
    return store.lease(campaignId, batch, "bench", NOW, Duration.ofMinutes(5));
  }

  /**
   * {@code op} by {@code leasers} at once on a pool of as many connections, then the pool reset.
   */
  private Load.Result run(int leasers, Function<AttemptStore, Future<Integer>> op) {
    Pool pool = BenchMain.pool(vertx, db, leasers);
    try {
      AttemptStore store = new AttemptStore(pool, HolidayCalendar.NONE);
      Load.Result r = Load.run(vertx, leasers, warmup, measure, () -> op.apply(store));
      reset(pool);
      return r;
    } finally {
      pool.close().await();
    }
  }

  private static Future<Integer> completeAll(AttemptStore store, List<LeasedCall> calls) {
    List<Future<Boolean>> done = new ArrayList<>(calls.size());
    for (LeasedCall call : calls) {
      done.add(
          store
              .markDialing(call.attemptId(), "bench", "pbx", NOW, NOW.plusSeconds(60))
              .compose(
                  ok ->
                      store.complete(
                          call.attemptId(),
                          CallReport.of(Outcome.NO_ANSWER, NOW, NOW.plusSeconds(30)),
                          NOW.plusSeconds(30)))
              .map(r -> r instanceof AttemptStore.Result.Applied));
    }
    return Future.all(done)
        .map(
            all -> {
              int applied = 0;
              for (int i = 0; i < all.size(); i++) {
                if (!Boolean.TRUE.equals(all.resultAt(i))) {
                  throw new IllegalStateException(
                      "attempt " + calls.get(i).attemptId() + " was not recorded");
                }
                applied++;
              }
              return applied;
            });
  }

  private static int rows(List<LeasedCall> calls) {
    int n = 0;
    for (LeasedCall c : calls) {
      n += c.policies().size();
    }
    return n;
  }

  /** Puts every leased or retried task back in the pool and forgets the bench's attempts. */
  private void reset(Pool pool) {
    pool.preparedQuery(
            "UPDATE task SET state = 'PENDING', attempt_id = NULL, next_due_at = $2,"
                + " pass_no = 1, phone_index = 0, pass_starts = '{}', rank = tier + 1"
                + " WHERE campaign_id = $1 AND (state <> 'PENDING' OR next_due_at > $2)"
                + " AND policy_no LIKE 'P%'")
        .execute(Tuple.of(campaignId, ts(NOW.minusSeconds(1))))
        .await();
    pool.query("DELETE FROM task_history WHERE cause <> 'SUMMARY_STANDARD'").execute().await();
    pool.query("DELETE FROM attempt WHERE outcome IS DISTINCT FROM 'ANSWERED'").execute().await();
    pool.query("VACUUM ANALYZE task").execute().await();
  }

  private static java.time.OffsetDateTime ts(Instant i) {
    return java.time.OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
  }
}
