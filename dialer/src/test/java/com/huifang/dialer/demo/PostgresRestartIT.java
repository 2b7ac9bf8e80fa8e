package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.OwnPostgres;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarts in the middle of a campaign (its own server, so no other test is touched):
 * dialling stops while it is away, outcomes of calls ending meanwhile are kept and written once it
 * is back, dialling resumes by itself, and nothing is lost or dialled twice.
 */
@Timeout(300)
class PostgresRestartIT {

  private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");
  private static final String TOKEN = "pg-restart-supervisor-token";

  @TempDir Path dir;

  @Test
  void dialling_pauses_while_postgres_is_away_and_resumes_losing_nothing() throws Exception {
    OwnPostgres pg = OwnPostgres.start(dir);
    PgUrl db = pg.url();
    JsonArray tokens = CentreChecks.supervisor(TOKEN);
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(
                    Optional.of(db.uri()), dir.resolve("centre"), START, tokens, "node-r")
                .withSpeed(120)
                .withAgents(10))) {
      int api = centre.service().httpPort();
      long id = CentreChecks.newCampaign(api, TOKEN, "pg restart");
      CentreChecks.importDemo(api, TOKEN, id, 500, 13, START);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (centre.pbx().originates() < 80 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      pg.stop();
      Thread.sleep(1000);
      long whileAway = centre.pbx().originates();
      Thread.sleep(2000);
      assertThat(centre.pbx().originates())
          .as("no dial while the database is away")
          .isEqualTo(whileAway);
      pg.restart();

      long end = System.nanoTime() + 180_000_000_000L;
      boolean finished = false;
      while (!finished && System.nanoTime() < end) {
        Thread.sleep(250);
        try {
          finished = centre.driver().finished(id).await();
        } catch (RuntimeException stillReconnecting) {
          finished = false;
        }
      }
      assertThat(centre.pbx().originates())
          .as("dialling resumed by itself")
          .isGreaterThan(whileAway);
      assertThat(finished)
          .as("the campaign ran to its end; left: %s", CentreChecks.left(db))
          .isTrue();
      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(*) FROM attempt WHERE state IN ('LEASED', 'DIALING')"))
            .isZero();
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(*) FROM attempt WHERE state = 'DONE' AND outcome IS NULL"))
            .isZero();
        assertThat(centre.pbx().originates())
            .isLessThanOrEqualTo(
                CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL"));
      }
      assertThat(centre.pbx().duplicateOriginates()).isZero();
    } finally {
      pg.close();
    }
  }
}
