package com.huifang.dialer.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /health}, without authentication: the database and each PBX connection. 200 when
 * everything is up, 503 otherwise, with the details either way.
 */
public final class HealthHandler implements Handler<RoutingContext> {

  /** What a PBX adapter reports of its connection. */
  public record PbxHealth(String name, String protocol, boolean connected, JsonObject details) {}

  private static final Duration DB_TIMEOUT = Duration.ofSeconds(2);

  private final Pool pool;
  private final String database;
  private final Supplier<List<PbxHealth>> pbxs;
  private final Clock clock;

  public HealthHandler(Pool pool, String database, Supplier<List<PbxHealth>> pbxs, Clock clock) {
    this.pool = pool;
    this.database = database;
    this.pbxs = pbxs;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = clock.millis();
    pool.query("SELECT 1")
        .execute()
        .timeout(DB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .map(rows -> new JsonObject().put("status", "UP"))
        .recover(e -> Future.succeededFuture(databaseDown(e)))
        .onComplete(
            ar -> {
              JsonObject db =
                  ar.result().put("database", database).put("latencyMs", clock.millis() - started);
              JsonArray pbxList = new JsonArray();
              boolean allUp = "UP".equals(db.getString("status"));
              for (PbxHealth p : pbxs.get()) {
                allUp &= p.connected();
                pbxList.add(
                    new JsonObject()
                        .put("name", p.name())
                        .put("protocol", p.protocol())
                        .put("status", p.connected() ? "UP" : "DOWN")
                        .mergeIn(p.details()));
              }
              JsonObject body =
                  new JsonObject()
                      .put("status", allUp ? "UP" : "DOWN")
                      .put("database", db)
                      .put("pbxs", pbxList);
              ctx.response()
                  .setStatusCode(allUp ? 200 : 503)
                  .putHeader("content-type", "application/json")
                  .end(body.encode());
            });
  }

  private static JsonObject databaseDown(Throwable e) {
    return new JsonObject().put("status", "DOWN").put("error", String.valueOf(e.getMessage()));
  }
}
