package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
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
 * A customer who asked to be called at 08:50 is called then, though calling hours open at 10:00;
 * nobody else is called before 10:00.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(120)
class AppointmentIT {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Monday 2026-11-23 08:40 in Shanghai. */
  private static final Instant START = Instant.parse("2026-11-23T00:40:00Z");

  private static final String TOKEN = "appointment-supervisor-token";

  @TempDir Path dir;

  @Test
  void an_early_appointment_the_customer_asked_for_is_dialled_at_its_time(PgUrl db)
      throws Exception {
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(
                    Optional.of(db.uri()), dir, START, CentreChecks.supervisor(TOKEN), "node-appt")
                .withSpeed(60)
                .withAgents(2))) {
      int port = centre.service().httpPort();
      long id = CentreChecks.newCampaign(port, TOKEN, "新契约回访 appointment");
      CentreChecks.send(
          port,
          TOKEN,
          "POST",
          "/api/campaigns/" + id + "/tasks",
          "application/x-ndjson",
          """
          {"policyNo":"AP-1","holderName":"王芳","holderId":"HAP1","phones":["13812345001"],"caseType":"NEW","receiptAt":"2026-11-22T09:00:00+08:00","productType":"TRADITIONAL","appointmentAt":"2026-11-23T08:50:00+08:00"}
          {"policyNo":"AP-2","holderName":"李雷","holderId":"HAP2","phones":["13812345002"],"caseType":"NEW","receiptAt":"2026-11-22T09:00:00+08:00","productType":"TRADITIONAL"}
          """);

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Instant dialled = null;
        while (dialled == null && System.nanoTime() < deadline) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT min(dialed_at) FROM attempt WHERE 'AP-1' = ANY (policy_nos)")) {
            rs.next();
            dialled = rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant();
          }
          Thread.sleep(100);
        }
        assertThat(dialled).as("AP-1 was dialled; %s", CentreChecks.left(db)).isNotNull();
        assertThat(dialled.atZone(SHANGHAI).toLocalTime())
            .isBetween(LocalTime.of(8, 50), LocalTime.of(9, 59));
        assertThat(
                CentreChecks.one(
                    s,
                    "SELECT count(*) FROM attempt WHERE 'AP-2' = ANY (policy_nos)"
                        + " AND dialed_at < '2026-11-23T02:00:00Z'"))
            .isZero();
      }
    }
  }
}
