package com.huifang.dialer.engine;

import com.huifang.postgres.Migrations;
import com.huifang.scheduler.store.SchedulerSchema;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.OwnPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The dialer's database on a PostgreSQL server of its own, for tests that stop it and start it
 * again ({@link OwnPostgres#stop}, {@link OwnPostgres#restart}), with a pool of two on it.
 */
record OutageDatabase(OwnPostgres pg, Vertx vertx, Pool pool) implements AutoCloseable {

  static OutageDatabase start(Path dir, String poolName) throws IOException {
    OwnPostgres pg = OwnPostgres.start(dir);
    SchedulerSchema.migrate(pg.url());
    Migrations.apply(pg.url(), "dialer");
    Vertx vertx = Vertx.vertx();
    return new OutageDatabase(pg, vertx, StorePool.create(vertx, pg.url(), 2, poolName));
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
    pg.close();
  }
}
