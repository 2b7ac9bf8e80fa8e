package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.service.DialerService;
import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dialer nodes on one database and one PBX: a pause sent to one node stops new dials on both
 * within a second (LISTEN/NOTIFY), a resume on the other starts them again, and no attempt is ever
 * dialled twice.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(300)
class PauseOnTwoNodesIT {

  /** Monday 2026-11-23 10:00 in Shanghai: calling hours are open. */
  private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");

  private static final String TOKEN = "pause-supervisor-token";

  @TempDir Path dir;

  @Test
  void a_pause_on_one_node_stops_every_node_within_a_second(PgUrl db) throws Exception {
    JsonArray tokens = CentreChecks.supervisor(TOKEN);
    // a slower clock than the end-to-end test, so the campaign is still dialling when paused
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(Optional.of(db.uri()), dir, START, tokens, "node-a")
                .withSpeed(60)
                .withAgents(10))) {
      DialerService b = centre.startNode("node-b");
      int portA = centre.service().httpPort();
      int portB = b.httpPort();
      long id = CentreChecks.newCampaign(portA, TOKEN, "two nodes");
      CentreChecks.importDemo(portB, TOKEN, id, 1500, 11, START);

      long deadline = System.nanoTime() + 60_000_000_000L;
      while (centre.pbx().originates() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(centre.pbx().originates()).as("dialling started").isGreaterThanOrEqualTo(100);

      CentreChecks.send(portA, TOKEN, "POST", "/api/campaigns/" + id + "/pause", null, null);
      Thread.sleep(1000);
      long afterOneSecond = centre.pbx().originates();
      Thread.sleep(2000);
      assertThat(centre.pbx().originates())
          .as("no dial more than 1 s after the pause")
          .isEqualTo(afterOneSecond);

      CentreChecks.send(portB, TOKEN, "POST", "/api/campaigns/" + id + "/resume", null, null);
      long resumeDeadline = System.nanoTime() + 10_000_000_000L;
      while (centre.pbx().originates() <= afterOneSecond && System.nanoTime() < resumeDeadline) {
        Thread.sleep(50);
      }
      assertThat(centre.pbx().originates()).as("dialling resumed").isGreaterThan(afterOneSecond);
      CentreChecks.send(portA, TOKEN, "POST", "/api/campaigns/" + id + "/stop", null, null);
      Thread.sleep(1500);

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        assertThat(CentreChecks.one(s, "SELECT count(DISTINCT lease_owner) FROM attempt"))
            .isEqualTo(2);
        assertThat(centre.pbx().originates())
            .isEqualTo(
                CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL"));
        assertThat(centre.pbx().duplicateOriginates()).isZero();
        assertThat(
                CentreChecks.one(s, "SELECT count(*) FROM control_audit WHERE campaign_id = " + id))
            .isEqualTo(3);
      }
    }
  }
}
