package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AMI connection drops, and frames arrive garbled, in the middle of calls: the adapter
 * reconnects, the campaign still runs to its end, every attempt ends with an outcome the PBX gave
 * or {@code UNKNOWN} (never a guess), and no attempt is dialled twice.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(300)
class AmiFaultsIT {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "faults-supervisor-token";

  @TempDir Path dir;

  @Test
  void dropped_connections_and_garbled_frames_lose_nothing_and_dial_nothing_twice(PgUrl db)
      throws Exception {
    JsonArray tokens =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("token", TOKEN)
                    .put("principal", "lin")
                    .put("role", "supervisor"));
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            new SimulatedCentre.Setup(
                Optional.of(db.uri()), dir, START, 120, 10, 0, tokens, "node-f"))) {
      int port = centre.service().httpPort();
      long id =
          new JsonObject(
                  post(
                      port,
                      "/api/campaigns",
                      "application/json",
                      "{\"name\":\"faults\",\"kind\":\"NEW_CONTRACT\"}"))
              .getLong("id");
      post(
          port,
          "/api/campaigns/" + id + "/tasks",
          "application/x-ndjson",
          String.join("\n", DemoCampaign.ndjson(400, 5, START, SHANGHAI)));

      long deadline = System.nanoTime() + 200_000_000_000L;
      int faults = 0;
      while (!centre.driver().finished(id).await() && System.nanoTime() < deadline) {
        Thread.sleep(700);
        if (faults < 6) {
          if (faults % 2 == 0) {
            centre.pbx().dropConnections();
          } else {
            centre.pbx().garbleNext(3);
          }
          faults++;
        }
      }
      assertThat(faults).as("faults injected while the campaign ran").isEqualTo(6);
      assertThat(centre.driver().finished(id).await())
          .as("the campaign ran to its end; left: %s", CentreChecks.left(db))
          .isTrue();

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        assertThat(
                one(
                    s,
                    "SELECT count(*) FROM attempt WHERE state <> 'DONE' AND state <> 'RELEASED'"))
            .isZero();
        assertThat(one(s, "SELECT count(*) FROM attempt WHERE state = 'DONE' AND outcome IS NULL"))
            .isZero();
        // an originate sent while the connection was down never reached the PBX (FAILED)
        assertThat(centre.pbx().originates())
            .isLessThanOrEqualTo(
                one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL"));
        assertThat(centre.pbx().duplicateOriginates()).isZero();
        assertThat(
                one(
                    s,
                    "SELECT count(*) FROM task WHERE state NOT IN ('DONE', 'AT_BRANCH', 'EXEMPT')"))
            .isZero();
      }
      assertThat(centre.service().dialer().inFlight()).isZero();
    }
  }

  private static long one(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String post(int port, String path, String type, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return r.body();
  }
}
