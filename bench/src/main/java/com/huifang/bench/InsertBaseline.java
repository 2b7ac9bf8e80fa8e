package com.huifang.bench;

import com.huifang.postgres.PgUrl;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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

  /**
   * Judges the figures of {@code benchmark} against inserts measured just before each of them: on a
   * virtual machine the disk's speed, and every database figure with it, moves by several times
   * within minutes, so a reference taken once for several figures would judge later ones on another
   * machine.
   */
  record Beside(String benchmark, Vertx vertx, PgUrl db, Duration warmup, Duration measure) {

    /**
     * Measures inserts at {@code workers}, then {@code run}; adds the second to {@code figures},
     * judged against the first, and returns it.
     */
    Load.Result judge(
        List<Figure> figures,
        int workers,
        String name,
        String unit,
        Optional<Figure.Requirement> requirement,
        Supplier<Load.Result> run) {
      Pool pool = BenchMain.pool(vertx, db, workers);
      Load.Result insert;
      try {
        insert = InsertBaseline.measure(vertx, pool, workers, warmup, measure);
      } finally {
        pool.close().await();
      }
      Load.Result r = run.get();
      figures.add(
          new Figure(
              benchmark,
              name,
              r.rowsPerSecond(),
              unit,
              Optional.of(
                  new Figure.Reference(
                      "single-row INSERT, " + workers + " writers",
                      insert.rowsPerSecond(),
                      insert.disk())),
              requirement,
              r.disk()));
      return r;
    }
  }

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
