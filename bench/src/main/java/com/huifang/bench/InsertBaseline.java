package com.huifang.bench;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference every database figure is judged against: single-row autocommit {@code INSERT}s of a
 * task-sized row, through the same client, pool and server, at the same concurrency.
 */
public final class InsertBaseline {

  private static final String TABLE =
      "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, campaign_id bigint NOT"
          + " NULL, policy_no text NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL"
          + " DEFAULT now())";
  private static final String INSERT =
      "INSERT INTO bench_insert (campaign_id, policy_no, payload) VALUES ($1, $2, $3)";
  private static final String PAYLOAD = "x".repeat(120);

  private InsertBaseline() {}

  /** Rows per second (one row per operation) with {@code workers} concurrent inserters. */
  public static Load.Result measure(
      Vertx vertx, Pool pool, int workers, Duration warmup, Duration measure) {
    pool.query(TABLE).execute().await();
    AtomicLong next = new AtomicLong();
    return Load.run(
        vertx,
        workers,
        warmup,
        measure,
        () ->
            pool.preparedQuery(INSERT)
                .execute(Tuple.of(1L, "P" + next.incrementAndGet(), PAYLOAD))
                .map(rows -> rows.rowCount()));
  }
}
