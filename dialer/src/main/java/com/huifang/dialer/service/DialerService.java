package com.huifang.dialer.service;

import com.huifang.dialer.api.CampaignApi;
import com.huifang.dialer.api.TaskApi;
import com.huifang.dialer.config.DialerConfig;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.dialer.http.HealthHandler;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.StorePool;
import com.huifang.scheduler.store.TaskStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database (migrated), Vert.x with Micrometer metrics, the pool and the HTTP
 * API. {@link #start} blocks until the service answers; {@link #stop} until it has let go of
 * everything.
 */
public final class DialerService {

  private static final Logger LOG = LoggerFactory.getLogger(DialerService.class);

  private final Database database;
  private final Vertx vertx;
  private final Pool pool;
  private final HttpServer http;

  private DialerService(Database database, Vertx vertx, Pool pool, HttpServer http) {
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
  }

  /** Starts everything; on failure releases what was started and rethrows. */
  public static DialerService start(DialerConfig config) {
    Database database = Database.openAndMigrate(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    try {
      Pool pool = StorePool.create(vertx, database.url(), config.pgPoolSize(), "dialer");
      Router router = router(vertx, config, pool, database, registry);
      HttpServer http =
          vertx
              .createHttpServer(new HttpServerOptions().setHost(config.httpHost()))
              .requestHandler(router)
              .listen(config.httpPort())
              .await();
      LOG.info(
          "event=service_started node={} httpPort={} database={} embedded={}",
          config.nodeId(),
          http.actualPort(),
          database.url(),
          database.isEmbedded());
      return new DialerService(database, vertx, pool, http);
    } catch (RuntimeException e) {
      vertx.close().await();
      database.close();
      throw e;
    }
  }

  private static Router router(
      Vertx vertx,
      DialerConfig config,
      Pool pool,
      Database database,
      PrometheusMeterRegistry registry) {
    Router router = Router.router(vertx);
    router
        .get("/health")
        .handler(new HealthHandler(pool, database.url().toString(), List::of, Clock.systemUTC()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    ApiAuth auth = new ApiAuth(config.tokens());
    router.route("/api/*").handler(auth.authenticate());
    Clock clock = Clock.systemUTC();
    CampaignStore campaigns = new CampaignStore(pool);
    new CampaignApi(campaigns, clock).mount(router);
    new TaskApi(pool, campaigns, new TaskStore(pool, config.holidays()), clock).mount(router);
    router.route("/api/*").last().handler(ctx -> notFound(ctx.normalizedPath(), ctx));
    router.errorHandler(
        500,
        ctx -> {
          LOG.error(
              "event=request_failed method={} path={}",
              ctx.request().method(),
              ctx.normalizedPath(),
              ctx.failure());
          ApiError.send(ctx, 500, "internal", "the request failed on our side; see the log");
        });
    return router;
  }

  private static void notFound(String path, io.vertx.ext.web.RoutingContext ctx) {
    ApiError.send(ctx, 404, "not_found", "no such endpoint: " + path);
  }

  public int httpPort() {
    return http.actualPort();
  }

  /** Stops accepting requests, closes the pool and Vert.x, then the embedded database. */
  public void stop() {
    LOG.info("event=service_stopping");
    try {
      http.close().await();
      pool.close().await();
      vertx.close().await();
    } finally {
      database.close();
      LOG.info("event=service_stopped");
    }
  }
}
