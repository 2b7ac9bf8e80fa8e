package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The AMI connection drops, and frames arrive garbled, in the middle of calls: the adapter
 * reconnects, the campaign still runs to its end, every attempt ends with an outcome the PBX gave
 * or {@code UNKNOWN} (never a guess), and no attempt is dialled twice.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(300)
class AmiFaultsIT {

  private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");
  private static final String TOKEN = "faults-supervisor-token";

  @TempDir Path dir;

  @Test
  void dropped_connections_and_garbled_frames_lose_nothing_and_dial_nothing_twice(PgUrl db)
      throws Exception {
    JsonArray tokens = CentreChecks.supervisor(TOKEN);
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(Optional.of(db.uri()), dir, START, tokens, "node-f")
                .withSpeed(120)
                .withAgents(10))) {
      int port = centre.service().httpPort();
      long id = CentreChecks.newCampaign(port, TOKEN, "faults");
      CentreChecks.importDemo(port, TOKEN, id, 400, 5, START);

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
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM attempt WHERE state <> 'DONE' AND state <> 'RELEASED'"))
            .isZero();
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(*) FROM attempt WHERE state = 'DONE' AND outcome IS NULL"))
            .isZero();
        // an originate sent while the connection was down never reached the PBX (FAILED)
        assertThat(centre.pbx().originates())
            .isLessThanOrEqualTo(
                CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL"));
        assertThat(centre.pbx().duplicateOriginates()).isZero();
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM task WHERE state NOT IN ('DONE', 'AT_BRANCH', 'EXEMPT')"))
            .isZero();
      }
      assertThat(centre.service().dialer().inFlight()).isZero();
    }
  }
}
