package com.huifang.scheduler.store;

import com.huifang.postgres.PgUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * The connection pool every store runs on. Prepared statements are cached per connection: the
 * hand-out statement is parsed once, not on every lease (without the cache each call prepares,
 * executes and closes it: three round trips).
 *
 * <p>Every execution is planned for its own parameters ({@code plan_cache_mode =
 * force_custom_plan}). A plan that PostgreSQL keeps for all executions is made from the table's
 * size when it is first chosen and is only made again when the table's statistics are refreshed:
 * the outcome statement, prepared while the attempt table was empty, kept scanning it whole as it
 * grew (with autovacuum off nothing refreshed it). The hot path's statements keep one plan each,
 * made without table scans ({@link #BEGIN_HOT_PATH}).
 */
public final class StorePool {

  /** The pool's planning mode. */
  static final String CUSTOM_PLANS = "force_custom_plan";

  /**
   * Opens a transaction of the hot path (hand-out, outcomes) with its settings, which hold until it
   * ends. Each of its statements is keyed by an index and run thousands of times a second, so each
   * keeps one plan, made with table scans ruled out, so that a plan made while a table was still
   * empty (where a scan is cheapest) reads its index as it grows. The plan is kept from the first
   * execution on: left to choose ({@code auto}), the server planned the outcome's close and its
   * task load again on every execution (for arrays of one attempt a plan made for the values looks
   * cheaper), and planning them took longer than running them.
   */
  static final String BEGIN_HOT_PATH =
      "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_seqscan = off";

  /**
   * {@link #BEGIN_HOT_PATH} for the hand-out, whose commit does not wait for its WAL to reach the
   * disk. A lease the server loses in a crash loses nothing: no call is placed on a lease until the
   * dial mark, a durable commit, has recorded it, and a durable commit flushes all the WAL before
   * its own, the lease's with it. A lease lost before its mark leaves the tasks in the pool, and
   * the node's mark then finds no lease and does not dial.
   */
  static final String BEGIN_HAND_OUT = BEGIN_HOT_PATH + "; SET LOCAL synchronous_commit = off";

  /**
   * The longest statement text the connection keeps prepared. The client's default (2,048
   * characters) left out the hand-out of ten tasks or more (about 2,700), which was then prepared,
   * planned and closed again on every lease: three round trips and 2-3 ms of planning.
   */
  static final int CACHED_SQL_LIMIT = 16_384;

  private StorePool() {}

  /**
   * One transaction in one round trip: {@code begin} (one of the {@code BEGIN_} strings), the
   * statements {@code work} sends on the connection (without waiting for their answers) and {@code
   * COMMIT} go to the server together. Completes with the rows of the statement {@code work}
   * returns once the commit has answered; after a failed statement the {@code COMMIT} rolls the
   * transaction back and this fails.
   */
  static Future<RowSet<Row>> inOneTrip(
      Pool pool, String begin, Function<SqlConnection, Future<RowSet<Row>>> work) {
    return pool.withConnection(
        conn -> {
          Future<?> opened = conn.query(begin).execute();
          Future<RowSet<Row>> rows = work.apply(conn);
          Future<?> commit = conn.query("COMMIT").execute();
          return Future.join(opened, rows, commit).map(v -> rows.result());
        });
  }

  public static Pool create(Vertx vertx, PgUrl url, int size, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name))
        .connectingTo(
            PgConnectOptions.fromUri(url.uri())
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(256)
                .setPreparedStatementCacheSqlLimit(CACHED_SQL_LIMIT)
                .addProperty("plan_cache_mode", CUSTOM_PLANS))
        .using(vertx)
        .build();
  }
}
