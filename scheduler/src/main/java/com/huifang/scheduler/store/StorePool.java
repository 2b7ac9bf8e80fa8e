package com.huifang.scheduler.store;

import com.huifang.postgres.PgUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The connection pool every store runs on. Prepared statements are cached per connection: the
 * hand-out statement is planned once, not on every lease (without the cache each call prepares,
 * executes and closes it: three round trips and a fresh plan).
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
