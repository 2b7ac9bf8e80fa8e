package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole campaign of 2,000 policies through the service, the simulated PBX over AMI and ten
 * simulated agents, in compressed time, then the domain's promises checked on what was recorded.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(600)
class CampaignEndToEndIT {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Monday 2026-11-23 09:30 in Shanghai, half an hour before calling hours open. */
  private static final Instant START = Instant.parse("2026-11-23T01:30:00Z");

  private static final String TOKEN = "e2e-supervisor-token";

  @TempDir Path dir;

  @Test
  void a_campaign_runs_to_the_end_and_keeps_every_rule(PgUrl db) throws Exception {
    JsonArray tokens = CentreChecks.supervisor(TOKEN);
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(Optional.of(db.uri()), dir, START, tokens, "node-e2e")
                .withSpeed(600)
                .withAgents(10))) {
      int port = centre.service().httpPort();
      long id = CentreChecks.newCampaign(port, TOKEN, "新契约回访 e2e");
      JsonObject imported = CentreChecks.importDemo(port, TOKEN, id, 2000, 7, START);
      assertThat(imported.getInteger("accepted"))
          .as(imported.getJsonArray("rejected").stream().limit(5).toList().toString())
          .isGreaterThan(1900);
      assertThat(imported.getInteger("rejectedCount")).isPositive();

      CentreChecks.runToEnd(centre, id, db, 120);

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM task WHERE state NOT IN ('DONE', 'AT_BRANCH', 'EXEMPT')"))
            .isZero();
        // a wrong number from the dialer means every number of the task was struck (an agent may
        // also report a wrong person)
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM task WHERE state = 'AT_BRANCH'"
                        + " AND branch_reason = 'WRONG_NUMBER' AND cardinality(struck_phones) <> cardinality(phones)"
                        + " AND NOT EXISTS (SELECT 1 FROM task_history h WHERE h.task_id = task.id"
                        + " AND h.cause = 'SUMMARY_VERIFICATION')"))
            .isZero();
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(*) FROM task WHERE branch_reason = 'UNREACHABLE'"))
            .isPositive();
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM task WHERE branch_reason = 'UNREACHABLE'"
                        + " AND pass_no < 4"))
            .isZero();
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(*) FROM task WHERE branch_reason = 'DUPLICATE_NUMBER'"))
            .isGreaterThanOrEqualTo(3);
        // no attempt was dialled twice: one originate per dialled attempt
        long dialled =
            CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL");
        assertThat(centre.pbx().originates()).isEqualTo(dialled);
        assertThat(centre.pbx().duplicateOriginates()).isZero();
        // nobody was dialled outside calling hours (10:00-19:30 Shanghai)
        try (ResultSet rs =
            s.executeQuery("SELECT dialed_at FROM attempt WHERE dialed_at IS NOT NULL")) {
          while (rs.next()) {
            LocalTime local = rs.getTimestamp(1).toInstant().atZone(SHANGHAI).toLocalTime();
            assertThat(local).isBetween(LocalTime.of(10, 0), LocalTime.of(19, 30));
          }
        }
        // at most dailyCap (3) passes of a task start on one local day
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM (SELECT t.id, (p AT TIME ZONE 'Asia/Shanghai')::date"
                        + " FROM task t, unnest(t.pass_starts) p GROUP BY 1, 2 HAVING count(*) > 3) x"))
            .isZero();
        // verification cases were handed out before last month's problem cases, before older ones
        long ver = CentreChecks.one(s, firstDial(0));
        long last = CentreChecks.one(s, firstDial(1));
        long older = CentreChecks.one(s, firstDial(3));
        long fresh = CentreChecks.one(s, firstDial(4));
        assertThat(ver).isLessThanOrEqualTo(last);
        assertThat(last).isLessThanOrEqualTo(older);
        assertThat(older).isLessThanOrEqualTo(fresh);
        // the abandon rate stayed within its cap (3 %)
        long answered =
            CentreChecks.one(
                s, "SELECT count(*) FROM attempt WHERE outcome IN ('ANSWERED', 'ABANDONED')");
        long abandoned =
            CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE outcome = 'ABANDONED'");
        assertThat(answered).isPositive();
        assertThat((double) abandoned / answered).isLessThanOrEqualTo(0.03);
        assertThat(CentreChecks.one(s, "SELECT count(*) FROM task WHERE state = 'DONE'"))
            .isPositive();
        assertThat(CentreChecks.one(s, "SELECT count(DISTINCT outcome) FROM attempt"))
            .isGreaterThanOrEqualTo(7);
        // every conversation with an agent was recorded, under every policy number of the call
        // (a customer who hangs up the moment the agent is put through may end the call before
        // the recording starts: in compressed time that is a few milliseconds)
        Thread.sleep(3000); // the last files' grace
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM attempt a WHERE a.outcome = 'ANSWERED'"
                        + " AND a.ended_at - a.answered_at >= interval '10 seconds' AND NOT EXISTS"
                        + " (SELECT 1 FROM recording r WHERE r.attempt_id = a.id"
                        + " AND r.state = 'COMPLETE' AND r.policy_nos = a.policy_nos)"))
            .as(recordingStates(s))
            .isZero();
        // the policy view lists each call with its recordings and the agent's note
        try (ResultSet rs =
            s.executeQuery(
                "SELECT a.id, a.policy_nos[1], r.id FROM attempt a JOIN recording r"
                    + " ON r.attempt_id = a.id WHERE a.summary_result = 'STANDARD'"
                    + " AND r.state = 'COMPLETE' LIMIT 1")) {
          assertThat(rs.next()).isTrue();
          JsonObject call = attemptInView(port, rs.getString(2), rs.getString(1)).orElseThrow();
          assertThat(call.getJsonArray("recordingIds").getList()).contains(rs.getString(3));
          assertThat(call.getString("note")).isNotBlank();
        }
      }
    }
  }

  private static Optional<JsonObject> attemptInView(int port, String policyNo, String attemptId)
      throws Exception {
    JsonArray view =
        new JsonArray(
            CentreChecks.send(port, TOKEN, "GET", "/api/tasks?policyNo=" + policyNo, null, null));
    for (int i = 0; i < view.size(); i++) {
      JsonArray attempts = view.getJsonObject(i).getJsonArray("attempts");
      for (int j = 0; j < attempts.size(); j++) {
        if (attempts.getJsonObject(j).getString("id").equals(attemptId)) {
          return Optional.of(attempts.getJsonObject(j));
        }
      }
    }
    return Optional.empty();
  }

  private static String recordingStates(Statement s) throws Exception {
    StringBuilder out = new StringBuilder();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT a.outcome || '/' || coalesce(r.state, 'none') || '/'"
                + " || (r.policy_nos = a.policy_nos)::text, count(*) FROM attempt a"
                + " LEFT JOIN recording r ON r.attempt_id = a.id WHERE a.answered_at IS NOT NULL"
                + " GROUP BY 1")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('=').append(rs.getLong(2)).append("; ");
      }
    }
    return out.toString();
  }

  /** Median epoch second of the first dial of tasks of one tier. */
  private static String firstDial(int tier) {
    return "SELECT coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY f), 0) FROM ("
        + "SELECT extract(epoch FROM min(a.dialed_at))::bigint AS f FROM task t"
        + " JOIN task_history h ON h.task_id = t.id AND h.cause = 'LEASED'"
        + " JOIN attempt a ON a.id = h.attempt_id WHERE t.tier = "
        + tier
        + " AND a.dialed_at IS NOT NULL GROUP BY t.id) x";
  }
}
