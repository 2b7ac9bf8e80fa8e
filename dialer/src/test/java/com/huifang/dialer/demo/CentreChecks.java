package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.ToLongFunction;

/** What the simulated-centre tests print when a campaign does not end: where everything is. */
final class CentreChecks {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private CentreChecks() {}

  /**
   * Waits up to {@code seconds} for the campaign to have nothing left to dial or summarise, and
   * fails saying what is left when it has not.
   */
  static void runToEnd(SimulatedCentre centre, long id, PgUrl db, long seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!centre.driver().finished(id).await() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(centre.driver().finished(id).await())
        .as("the campaign ran to its end; left: %s", left(db))
        .isTrue();
  }

  /** Calls the service's API and insists on a 2xx answer; returns the body. */
  static String send(int port, String token, String method, String path, String type, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
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

  /** One supervisor token, as the centre's {@code auth.tokens}. */
  static JsonArray supervisor(String token) {
    return new JsonArray()
        .add(
            new JsonObject().put("token", token).put("principal", "lin").put("role", "supervisor"));
  }

  /** Creates a new-contract campaign through the API; returns its id. */
  static long newCampaign(int port, String token, String name) throws Exception {
    return new JsonObject(
            send(
                port,
                token,
                "POST",
                "/api/campaigns",
                "application/json",
                new JsonObject().put("name", name).put("kind", "NEW_CONTRACT").encode()))
        .getLong("id");
  }

  /** Creates a new-contract campaign paced {@code PREVIEW} (agent rung first); returns its id. */
  static long newPreviewCampaign(int port, String token, String name) throws Exception {
    JsonObject pacing =
        new JsonObject().put("mode", "PREVIEW").put("ratio", 1.0).put("maxAbandonRate", 0.03);
    return new JsonObject(
            send(
                port,
                token,
                "POST",
                "/api/campaigns",
                "application/json",
                new JsonObject()
                    .put("name", name)
                    .put("kind", "NEW_CONTRACT")
                    .put("pacing", pacing)
                    .encode()))
        .getLong("id");
  }

  /** Imports a generated campaign of {@code policies} rows; returns the import's answer. */
  static JsonObject importDemo(
      int port, String token, long campaign, int policies, long seed, Instant start)
      throws Exception {
    return new JsonObject(
        send(
            port,
            token,
            "POST",
            "/api/campaigns/" + campaign + "/tasks",
            "application/x-ndjson",
            String.join("\n", DemoCampaign.ndjson(policies, seed, start, SHANGHAI))));
  }

  /** One agent as {@code GET /api/agents} lists them. */
  static JsonObject agent(int port, String token, String extension) throws Exception {
    JsonArray all = new JsonArray(send(port, token, "GET", "/api/agents", null, null));
    for (int i = 0; i < all.size(); i++) {
      if (extension.equals(all.getJsonObject(i).getString("extension"))) {
        return all.getJsonObject(i);
      }
    }
    throw new AssertionError("agent " + extension + " is not listed: " + all);
  }

  /**
   * What every {@code PREVIEW} campaign that ran to its end must show, whatever the protocol: the
   * agent who never answers is paused with the reason, every dialled attempt rang its agent's leg
   * before its customer, attempts rung to the absent agent went back undialled, nobody was
   * abandoned, nothing was originated twice, and every task is settled.
   *
   * @param agentLeg where the first originate of an attempt's agent leg came, or -1
   * @param customerLeg where an attempt's customer originate came, or -1
   */
  static void previewRanToEnd(
      int port,
      String token,
      PgUrl db,
      String absentAgent,
      ToLongFunction<String> agentLeg,
      ToLongFunction<String> customerLeg,
      long duplicateOriginates)
      throws Exception {
    JsonObject absent = agent(port, token, absentAgent);
    assertThat(absent.getString("state")).isEqualTo("PAUSED");
    assertThat(absent.getString("reason")).contains("NOANSWER");
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement()) {
      long dialled = 0;
      long releasedUndialled = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, dialed_at, state FROM attempt")) {
        while (rs.next()) {
          String attempt = rs.getString(1);
          long agentOrder = agentLeg.applyAsLong(attempt);
          long customerOrder = customerLeg.applyAsLong(attempt);
          if (rs.getTimestamp(2) != null) {
            dialled++;
            assertThat(agentOrder).as("agent rung first for " + attempt).isPositive();
            assertThat(customerOrder).as("customer of " + attempt).isGreaterThan(agentOrder);
          } else {
            assertThat(customerOrder).as("never dialled: " + attempt).isEqualTo(-1);
            if (agentOrder > 0 && rs.getString(3).equals("RELEASED")) {
              releasedUndialled++;
            }
          }
        }
      }
      assertThat(dialled).isPositive();
      assertThat(releasedUndialled).as("attempts rung to the absent agent").isPositive();
      assertThat(duplicateOriginates).isZero();
      assertThat(one(s, "SELECT count(*) FROM attempt WHERE outcome = 'ABANDONED'")).isZero();
      assertThat(one(s, "SELECT count(*) FROM attempt WHERE outcome = 'ANSWERED'")).isPositive();
      assertThat(one(s, "SELECT count(*) FROM attempt WHERE agent = '" + absentAgent + "'"))
          .isZero();
      assertThat(
              one(
                  s,
                  "SELECT count(*) FROM task WHERE state NOT IN ('DONE', 'AT_BRANCH', 'EXEMPT')"))
          .isZero();
    }
  }

  /** The first column of the first row of {@code sql}, as a number. */
  static long one(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String left(PgUrl db) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 'task ' || state, count(*) FROM task GROUP BY 1 UNION ALL"
                    + " SELECT 'attempt ' || state || ' ' || coalesce(outcome, '-'), count(*)"
                    + " FROM attempt GROUP BY 1 UNION ALL"
                    + " SELECT 'agent ' || state, count(*) FROM agent GROUP BY 1 UNION ALL"
                    + " SELECT 'next due ' || min(next_due_at)::text, 0 FROM task"
                    + " WHERE state = 'PENDING'")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('=').append(rs.getLong(2)).append("; ");
      }
    }
    return out.toString();
  }
}
