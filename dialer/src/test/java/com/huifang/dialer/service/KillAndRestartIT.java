package com.huifang.dialer.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.demo.DemoCampaign;
import com.huifang.dialer.sim.SimAgents;
import com.huifang.dialer.sim.SimPbx;
import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.StorePool;
import com.huifang.scheduler.window.HolidayCalendar;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dialer process is killed with SIGKILL in the middle of a campaign and started again: the
 * attempts it had leased go back to the pool, the ones it was dialling are reconciled against the
 * PBX, none is lost or left open, and no attempt is ever dialled twice.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(240)
class KillAndRestartIT {

  private static final String TOKEN = "kill-supervisor-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void a_node_killed_mid_campaign_loses_nothing_and_dials_nothing_twice(PgUrl db) throws Exception {
    Path recordings = Files.createDirectories(dir.resolve("recordings"));
    Vertx vertx = Vertx.vertx();
    SimPbx sim =
        SimPbx.start(
                vertx,
                new SimPbx.Settings(
                    "127.0.0.1",
                    0,
                    "dialer",
                    "sim-secret",
                    0.01,
                    recordings,
                    500,
                    Clock.systemUTC()))
            .await();
    int port = DialerProcess.freePort();
    Map<String, String> env =
        Map.of(
            "DIALER_PG_URL",
            db.uri(),
            "DIALER_HTTP_PORT",
            Integer.toString(port),
            "DIALER_NODE_ID",
            "node-k",
            "DIALER_AUTH_TOKENS",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("token", TOKEN)
                        .put("principal", "lin")
                        .put("role", "supervisor"))
                .encode(),
            "DIALER_PBXS",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("name", "sim")
                        .put(
                            "ami",
                            new JsonObject()
                                .put("host", "127.0.0.1")
                                .put("port", sim.port())
                                .put("user", "dialer")
                                .put("secret", "sim-secret"))
                        .put("dialPattern", "Local/{number}@outcomes")
                        .put("agentDialPattern", "Local/{extension}@agents")
                        .put("maxChannels", 40)
                        .put("recordingsDir", recordings.toString()))
                .encode());
    Pool pool = StorePool.create(vertx, db, 2, "test");
    SimAgents agents =
        new SimAgents(
            vertx,
            new AgentStore(pool),
            new AttemptStore(pool, HolidayCalendar.NONE),
            Clock.systemUTC(),
            () -> {});
    try (DialerProcess first = DialerProcess.start(dir, env, port, "serve")) {
      first.awaitHttp(Duration.ofSeconds(60));
      agents.signIn(10, "default").await();
      agents.start(20);
      long id =
          new JsonObject(
                  post(
                      port,
                      "/api/campaigns",
                      "application/json",
                      "{\"name\":\"kill\",\"kind\":\"NEW_CONTRACT\",\"timezone\":\""
                          + afternoonZone()
                          + "\"}"))
              .getLong("id");
      post(
          port,
          "/api/campaigns/" + id + "/tasks",
          "application/x-ndjson",
          String.join("\n", DemoCampaign.ndjson(400, 9, Instant.now(), ZoneOffset.UTC)));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (sim.originates() < 60 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(sim.originates()).as("dialling started").isGreaterThanOrEqualTo(60);
      first.kill();
    }
    long openAtKill = open(db);

    try (DialerProcess second = DialerProcess.start(dir, env, port, "serve")) {
      second.awaitHttp(Duration.ofSeconds(60));
      // no new dials from here: what is open must be the killed node's, settled by the new one
      post(port, "/api/campaigns/1/pause", null, null);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while ((open(db) > 0 || unresolved(db) > 0) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(open(db)).as("attempts left leased or dialling").isZero();
      assertThat(unresolved(db)).as("tasks left unreconciled").isZero();
      assertThat(sim.duplicateOriginates()).as("an attempt dialled twice").isZero();
      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL")) {
        rs.next();
        assertThat(sim.originates()).isLessThanOrEqualTo(rs.getLong(1));
      }
      assertThat(openAtKill).as("the kill left calls in flight to reconcile").isPositive();
      assertThat(second.output()).contains("event=recovered node=node-k");
    } finally {
      agents.stop();
      pool.close().await();
      vertx.close().await();
    }
  }

  private static long open(PgUrl db) throws Exception {
    return count(db, "SELECT count(*) FROM attempt WHERE state IN ('LEASED', 'DIALING')");
  }

  private static long unresolved(PgUrl db) throws Exception {
    return count(db, "SELECT count(*) FROM task WHERE state IN ('UNRESOLVED', 'DIALING')");
  }

  private static long count(PgUrl db, String sql) throws Exception {
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String post(int port, String path, String type, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return r.body();
  }

  /**
   * A zone where it is now mid-afternoon, inside the campaign's calling hours (10:00-19:30) for the
   * whole run, whatever time of day the test starts: {@code Etc/GMT-N} is N hours ahead of UTC.
   */
  private static String afternoonZone() {
    int utcHour = Instant.now().atZone(ZoneOffset.UTC).getHour();
    int ahead = Math.floorMod(14 - utcHour + 12, 24) - 12;
    return ahead == 0 ? "Etc/UTC" : "Etc/GMT" + (ahead > 0 ? "-" : "+") + Math.abs(ahead);
  }
}
