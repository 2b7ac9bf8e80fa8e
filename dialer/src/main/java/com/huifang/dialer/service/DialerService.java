package com.huifang.dialer.service;

import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.ami.AmiPbx;
import com.huifang.dialer.api.AgentApi;
import com.huifang.dialer.api.BranchApi;
import com.huifang.dialer.api.CampaignApi;
import com.huifang.dialer.api.RecordingApi;
import com.huifang.dialer.api.ReportApi;
import com.huifang.dialer.api.TaskApi;
import com.huifang.dialer.ari.AriConnection;
import com.huifang.dialer.ari.AriPbx;
import com.huifang.dialer.config.DialerConfig;
import com.huifang.dialer.config.PbxSettings;
import com.huifang.dialer.engine.Autodialer;
import com.huifang.dialer.engine.Capacity;
import com.huifang.dialer.engine.EngineSettings;
import com.huifang.dialer.engine.PbxPort;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.dialer.http.HealthHandler;
import com.huifang.dialer.recording.RecordingFiles;
import com.huifang.dialer.recording.RecordingReferences;
import com.huifang.dialer.recording.RetentionPurge;
import com.huifang.recording.audit.AccessAudit;
import com.huifang.recording.store.RecordingStore;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.ReportStore;
import com.huifang.scheduler.store.Retiering;
import com.huifang.scheduler.store.StorePool;
import com.huifang.scheduler.store.TaskStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database (migrated), Vert.x with Micrometer metrics, the pool, the PBX
 * connections, the autodialer, the campaign-change listener and the HTTP API. {@link #start} blocks
 * until the service answers; {@link #stop} until it has let go of everything.
 */
public final class DialerService {

  private static final Logger LOG = LoggerFactory.getLogger(DialerService.class);

  /**
   * What a run may change besides the config: the domain clock (the demo compresses time), the
   * autodialer's timing and the AMI and ARI connections' settings.
   */
  public record Options(
      Clock clock,
      EngineSettings engine,
      AmiConnection.Settings ami,
      boolean dialing,
      Duration recordingGrace,
      AriConnection.Settings ari) {

    /** With the default ARI connection settings. */
    public Options(
        Clock clock,
        EngineSettings engine,
        AmiConnection.Settings ami,
        boolean dialing,
        Duration recordingGrace) {
      this(clock, engine, ami, dialing, recordingGrace, AriConnection.Settings.defaults());
    }

    public static Options defaults() {
      return new Options(
          Clock.systemUTC(),
          EngineSettings.defaults(),
          AmiConnection.Settings.defaults(),
          true,
          Duration.ofSeconds(30));
    }
  }

  private final Database database;
  private final Vertx vertx;
  private final Pool pool;
  private final HttpServer http;
  private final List<AmiPbx> amis;
  private final List<AriPbx> aris;
  private final Autodialer dialer;
  private final RecordingReferences references;
  private final PgSubscriber subscriber;

  private DialerService(
      Database database,
      Vertx vertx,
      Pool pool,
      HttpServer http,
      Engine engine,
      RecordingReferences references,
      PgSubscriber subscriber) {
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
    this.amis = engine.amis();
    this.aris = engine.aris();
    this.dialer = engine.dialer();
    this.references = references;
    this.subscriber = subscriber;
  }

  public static DialerService start(DialerConfig config) {
    return start(config, Options.defaults());
  }

  /** Starts everything; on failure releases what was started and rethrows. */
  public static DialerService start(DialerConfig config, Options options) {
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
      Clock clock = options.clock();
      Pool pool = StorePool.create(vertx, database.url(), config.pgPoolSize(), "dialer");
      CampaignStore campaigns = new CampaignStore(pool);
      AttemptStore attempts = new AttemptStore(pool, config.holidays());
      outcomeMetrics(attempts, registry);
      AgentStore agents = new AgentStore(pool);
      TaskStore tasks = new TaskStore(pool, config.holidays());
      Map<String, Path> dirs = new HashMap<>();
      config.pbxs().forEach(p -> dirs.put(p.name(), p.recordingsDir()));
      RecordingFiles files = new RecordingFiles(dirs);
      RecordingStore recordings = new RecordingStore(pool);
      AccessAudit audit = new AccessAudit(pool);
      RecordingReferences references =
          new RecordingReferences(
              vertx,
              recordings,
              config.retention(),
              files,
              options.recordingGrace(),
              clock,
              registry);
      Context engineContext = vertx.getOrCreateContext();
      CompletableFuture<Engine> built = new CompletableFuture<>();
      engineContext.runOnContext(
          v -> {
            try {
              List<AmiPbx> amis = new ArrayList<>();
              List<AriPbx> aris = new ArrayList<>();
              List<PbxPort> ports = new ArrayList<>();
              for (PbxSettings p : config.pbxs()) {
                if (p.ami().isPresent()) {
                  AmiPbx ami = new AmiPbx(vertx, p, options.ami(), registry, clock);
                  amis.add(ami);
                  ports.add(ami);
                } else {
                  AriPbx ari = new AriPbx(vertx, p, options.ari(), registry, clock);
                  references.fetchWith(p.name(), ari::fetchRecording);
                  aris.add(ari);
                  ports.add(ari);
                }
              }
              Autodialer dialer =
                  new Autodialer(
                      vertx,
                      clock,
                      config.nodeId(),
                      campaigns,
                      attempts,
                      agents,
                      new Capacity(pool, config.nodeId(), options.engine().inFlightRefresh()),
                      ports,
                      config.holidays(),
                      options.engine(),
                      references,
                      registry);
              amis.forEach(AmiPbx::start);
              aris.forEach(AriPbx::start);
              built.complete(new Engine(amis, aris, dialer));
            } catch (RuntimeException e) {
              built.completeExceptionally(e);
            }
          });
      Engine engine = built.join();
      if (options.dialing()) {
        engine.dialer.start().await();
      }
      references
          .completeLeftOpen(clock.instant())
          .onSuccess(n -> LOG.info("event=recordings_left_open completed={}", n));
      Retiering retiering = new Retiering(campaigns, tasks);
      retiering.run(clock.instant()).onFailure(DialerService::retierFailed);
      vertx.setPeriodic(
          options.engine().maintenance().toMillis(),
          t -> retiering.run(clock.instant()).onFailure(DialerService::retierFailed));
      RetentionPurge purge = new RetentionPurge(vertx, recordings, audit, files);
      purge.runOnce(clock.instant());
      vertx.setPeriodic(Duration.ofHours(24).toMillis(), t -> purge.runOnce(clock.instant()));
      PgSubscriber subscriber =
          PgSubscriber.subscriber(vertx, PgConnectOptions.fromUri(database.url().uri()))
              .reconnectPolicy(retries -> 1000L);
      subscriber
          .channel(CampaignStore.CHANNEL)
          .handler(payload -> engine.dialer.campaignsChanged());
      subscriber
          .connect()
          .onFailure(
              e ->
                  LOG.warn(
                      "event=listen_failed channel={} fallback=polling reason={}",
                      CampaignStore.CHANNEL,
                      e.getMessage()));
      Router router = Router.router(vertx);
      router
          .get("/health")
          .handler(
              new HealthHandler(
                  pool, database.url().toString(), () -> health(engine), Clock.systemUTC()));
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
      ApiAuth auth = new ApiAuth(config.tokens());
      router.route("/api/*").handler(auth.authenticate());
      new CampaignApi(campaigns, clock).mount(router);
      new TaskApi(pool, campaigns, tasks, recordings, clock).mount(router);
      new BranchApi(tasks, clock).mount(router);
      new AgentApi(agents, attempts, clock, engine.dialer::wake).mount(router);
      new ReportApi(new ReportStore(pool), clock).mount(router);
      new RecordingApi(recordings, audit, files, clock, registry).mount(router);
      // what Vert.x itself refuses answers in the same JSON as every other error
      router.errorHandler(
          404,
          ctx -> ApiError.send(ctx, 404, "not_found", "no such endpoint: " + ctx.normalizedPath()));
      router.errorHandler(
          405,
          ctx ->
              ApiError.send(
                  ctx,
                  405,
                  "method_not_allowed",
                  ctx.request().method() + " is not allowed on " + ctx.normalizedPath()));
      router.errorHandler(
          400, ctx -> ApiError.send(ctx, 400, "bad_request", "the request could not be read"));
      router.errorHandler(
          413,
          ctx ->
              ApiError.send(
                  ctx, 413, "too_large", "the body is larger than this endpoint accepts"));
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
      HttpServer http =
          vertx
              .createHttpServer(new HttpServerOptions().setHost(config.httpHost()))
              .requestHandler(router)
              .listen(config.httpPort())
              .await();
      LOG.info(
          "event=service_started node={} httpPort={} database={} embedded={} pbxs={}",
          config.nodeId(),
          http.actualPort(),
          database.url(),
          database.isEmbedded(),
          config.pbxs().size());
      return new DialerService(database, vertx, pool, http, engine, references, subscriber);
    } catch (RuntimeException e) {
      vertx.close().await();
      database.close();
      throw e;
    }
  }

  private record Engine(List<AmiPbx> amis, List<AriPbx> aris, Autodialer dialer) {}

  /**
   * Outcomes recorded in one round trip from the calls this node leased, and the long way (read
   * back first): a long way that keeps growing with the calls means the held calls are being moved
   * under the node (re-imports, settings changes, expired leases).
   */
  private static void retierFailed(Throwable e) {
    LOG.warn("event=retier_failed reason={}", e.getMessage());
  }

  private static void outcomeMetrics(AttemptStore attempts, MeterRegistry registry) {
    FunctionCounter.builder(
            "dialer_outcomes_recorded", attempts, AttemptStore::outcomesFromHeldCalls)
        .description("call outcomes written to the database, by how")
        .tag("way", "held")
        .register(registry);
    FunctionCounter.builder("dialer_outcomes_recorded", attempts, AttemptStore::outcomesTheLongWay)
        .description("call outcomes written to the database, by how")
        .tag("way", "long")
        .register(registry);
  }

  private static List<HealthHandler.PbxHealth> health(Engine engine) {
    List<HealthHandler.PbxHealth> out = new ArrayList<>();
    for (AmiPbx p : engine.amis()) {
      var c = p.connection();
      JsonObject details = details(c.state().name(), p.inFlight(), c.lastError());
      c.lastEventAt().ifPresent(t -> details.put("lastEventAt", t.toString()));
      out.add(new HealthHandler.PbxHealth(p.name(), "ami", p.available(), details));
    }
    for (AriPbx p : engine.aris()) {
      var c = p.connection();
      JsonObject details = details(c.state().name(), p.inFlight(), c.lastError());
      c.lastEventAt().ifPresent(t -> details.put("lastEventAt", t.toString()));
      out.add(new HealthHandler.PbxHealth(p.name(), "ari", p.available(), details));
    }
    return out;
  }

  private static JsonObject details(String state, int inFlight, String lastError) {
    return new JsonObject()
        .put("state", state)
        .put("callsInFlight", inFlight)
        .put("lastError", lastError);
  }

  public int httpPort() {
    return http.actualPort();
  }

  /** The autodialer of this node (tests and the demo watch it). */
  public Autodialer dialer() {
    return dialer;
  }

  /** The pool (the demo's simulated agents and progress line read through it). */
  public Pool pool() {
    return pool;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops dialling, closes the PBX connections, stops accepting requests, closes the pool and
   * Vert.x, then the embedded database. Calls in flight are left to the PBX; their leases expire
   * and another node (or this one, restarted) reconciles them.
   */
  public void stop() {
    LOG.info("event=service_stopping");
    try {
      dialer.stop().await();
      for (AmiPbx p : amis) {
        p.stop().otherwiseEmpty().await();
      }
      for (AriPbx p : aris) {
        p.stop().otherwiseEmpty().await();
      }
      subscriber.close().otherwiseEmpty().await();
      http.close().await();
      references.stop();
      pool.close().await();
      vertx.close().await();
    } finally {
      database.close();
      LOG.info("event=service_stopped");
    }
  }
}
