package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code PROGRESSIVE} campaign where two agents signed in and left their desks (one phone rings
 * unanswered, one is busy): every customer put through to them was then put through to another
 * agent or given the abandon message, never left hanging, and both agents end paused with the
 * reason the agent API shows.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(300)
class AgentNoAnswerIT {

  private static final Instant START = Instant.parse("2026-11-23T01:30:00Z");

  private static final String TOKEN = "no-answer-supervisor-token";

  /** On the simulated PBX {@code 2093} rings and is never answered, {@code 2099} is busy. */
  private static final Set<String> ABSENT = Set.of("2093", "2099");

  @TempDir Path dir;

  @Test
  void customers_of_an_agent_who_does_not_answer_get_another_agent_and_the_agent_is_paused(PgUrl db)
      throws Exception {
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(
                    Optional.of(db.uri()),
                    dir,
                    START,
                    CentreChecks.supervisor(TOKEN),
                    "node-no-answer")
                .withSpeed(600))) {
      // the absent agents sign in first: they are the longest idle, so they get the first calls
      centre.agents().signIn(List.of("2093", "2099"), "default").await();
      centre.agents().signIn(List.of("2001", "2002", "2003"), "default").await();
      int port = centre.service().httpPort();
      long id = CentreChecks.newCampaign(port, TOKEN, "新契约回访 absent agents");
      JsonObject imported = CentreChecks.importDemo(port, TOKEN, id, 200, 13, START);
      assertThat(imported.getInteger("accepted")).isGreaterThan(150);

      CentreChecks.runToEnd(centre, id, db, 150);

      JsonObject noAnswer = CentreChecks.agent(port, TOKEN, "2093");
      assertThat(noAnswer.getString("state")).isEqualTo("PAUSED");
      assertThat(noAnswer.getString("reason")).contains("NOANSWER");
      JsonObject busy = CentreChecks.agent(port, TOKEN, "2099");
      assertThat(busy.getString("state")).isEqualTo("PAUSED");
      assertThat(busy.getString("reason")).contains("BUSY");

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        int metAbsent = 0;
        try (ResultSet rs =
            s.executeQuery(
                "SELECT id, outcome, agent FROM attempt WHERE answered_at IS NOT NULL")) {
          while (rs.next()) {
            List<String> dialled = centre.pbx().agentsDialled(rs.getString(1));
            if (dialled.stream().noneMatch(ABSENT::contains)) {
              continue;
            }
            metAbsent++;
            String outcome = rs.getString(2);
            assertThat(outcome)
                .as("attempt %s, agents %s", rs.getString(1), dialled)
                .isIn("ANSWERED", "ABANDONED", "EARLY_HANGUP");
            if (outcome.equals("ANSWERED")) {
              assertThat(rs.getString(3)).isNotNull().isNotIn(ABSENT);
              assertThat(dialled.getLast()).isEqualTo(rs.getString(3));
            }
          }
        }
        // each absent agent was given a customer at least once (again only when that customer hung
        // up
        // before the phone stopped ringing: then the agent was never reported absent)
        assertThat(metAbsent)
            .as("customers put through to an absent agent")
            .isGreaterThanOrEqualTo(2);
        assertThat(
                CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE agent IN ('2093', '2099')"))
            .isZero();
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM task WHERE state NOT IN ('DONE', 'AT_BRANCH', 'EXEMPT')"))
            .isZero();
      }
    }
  }
}
