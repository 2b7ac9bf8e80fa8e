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
 * <p>PostgreSQL's own plan cache is left to choose between a plan per execution and one plan for
 * all ({@code plan_cache_mode = auto}): planning the hand-out for every lease cost more than
 * running it. The hand-out writes its batch size into its text, so its one plan is made for it, and
 * an import refreshes the statistics (which makes every cached plan on the table be made again).
 */
public final class StorePool {

  private StorePool() {}

  public static Pool create(Vertx vertx, PgUrl url, int size, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name))
        .connectingTo(
            PgConnectOptions.fromUri(url.uri())
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(256))
        .using(vertx)
        .build();
  }
}
