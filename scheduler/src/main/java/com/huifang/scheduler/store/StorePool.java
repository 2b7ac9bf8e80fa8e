package com.huifang.scheduler.store;

import com.huifang.postgres.PgUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The connection pool every store runs on. Prepared statements are cached per connection: the
 * hand-out statement is parsed once, not on every lease (without the cache each call prepares,
 * executes and closes it: three round trips).
 *
 * <p>Every execution is planned for its own parameters ({@code plan_cache_mode =
 * force_custom_plan}). A generic plan cannot see a lease's {@code LIMIT} (it assumes a tenth of the
 * table) nor how big the campaign is, and PostgreSQL settles on one after five executions: a
 * hand-out prepared while a campaign was still empty kept a plan that scans the whole task table on
 * every lease once the campaign was imported.
 */
public final class StorePool {

  private StorePool() {}

  public static Pool create(Vertx vertx, PgUrl url, int size, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name))
        .connectingTo(
            PgConnectOptions.fromUri(url.uri())
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(256)
                .addProperty("plan_cache_mode", "force_custom_plan"))
        .using(vertx)
        .build();
  }
}
