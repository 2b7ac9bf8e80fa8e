package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.call.AgentLegs;
import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PREVIEW} in real time with one agent whose phone rings and is never answered: while it
 * rings the agent's screen already shows the call and the customer has not been dialled; after the
 * ring timeout the agent is paused with the reason and the attempt goes back untouched, its task in
 * the pool again, nobody dialled.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(120)
class PreviewAbsentAgentIT {

  /** Monday 2026-11-23 10:00:05 in Shanghai: calling hours are open. */
  private static final Instant START = Instant.parse("2026-11-23T02:00:05Z");

  private static final String TOKEN = "preview-absent-supervisor-token";

  /** Rings and is never answered on the simulated PBX. */
  private static final String ABSENT = "2095";

  @TempDir Path dir;

  @Test
  void the_agent_sees_the_call_before_the_customer_rings_and_an_absent_agent_releases_it(PgUrl db)
      throws Exception {
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(
                Optional.of(db.uri()),
                dir,
                START,
                CentreChecks.supervisor(TOKEN),
                "node-preview-absent"))) {
      centre.agents().signIn(List.of(ABSENT), "default").await();
      int port = centre.service().httpPort();
      long id = CentreChecks.newPreviewCampaign(port, TOKEN, "新契约回访 preview absent");
      // the first holders share a number (duplicates for the branch): enough rows for some to dial
      CentreChecks.importDemo(port, TOKEN, id, 10, 17, START);

      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!CentreChecks.agent(port, TOKEN, ABSENT).getString("state").equals("ON_CALL")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(CentreChecks.agent(port, TOKEN, ABSENT).getString("state"))
          .as("the agent is reserved; %s", CentreChecks.left(db))
          .isEqualTo("ON_CALL");
      JsonObject current =
          new JsonObject(
              CentreChecks.send(
                  port, TOKEN, "GET", "/api/agents/" + ABSENT + "/current", null, null));
      UUID attempt = UUID.fromString(current.getString("attemptId"));
      assertThat(current.getJsonArray("policyNos")).isNotEmpty();
      assertThat(centre.pbx().originateOrder(AgentLegs.channelId(attempt)))
          .as("the agent's phone rings")
          .isPositive();
      assertThat(centre.pbx().originateOrder(attempt.toString()))
          .as("the customer is not dialled while the agent's phone rings")
          .isEqualTo(-1);

      deadline = System.nanoTime() + 40_000_000_000L;
      JsonObject agent = CentreChecks.agent(port, TOKEN, ABSENT);
      while (!agent.getString("state").equals("PAUSED") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        agent = CentreChecks.agent(port, TOKEN, ABSENT);
      }
      assertThat(agent.getString("state")).isEqualTo("PAUSED");
      assertThat(agent.getString("reason")).isEqualTo("phone did not answer (NOANSWER)");

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        String of = " FROM attempt WHERE id = '" + attempt + "'";
        long releasedUndialled =
            CentreChecks.one(
                s, "SELECT count(*)" + of + " AND state = 'RELEASED' AND dialed_at IS NULL");
        assertThat(releasedUndialled).isOne();
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM task t, attempt a WHERE a.id = '"
                        + attempt
                        + "' AND t.id = ANY(a.task_ids) AND t.state <> 'PENDING'"))
            .as("the task is back in the pool")
            .isZero();
        assertThat(CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL"))
            .isZero();
      }
      assertThat(centre.pbx().originates()).as("only the agent's phone was rung").isOne();
    }
  }
}
