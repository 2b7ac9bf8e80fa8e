package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.recording.RecordingFiles;
import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign of 200 policies through the service driving the simulated PBX over ARI, with ten
 * simulated agents in time compressed 200-fold (a 90 s conversation takes 450 ms): every dialled
 * number ends as its number family says, answered customers are bridged to agents, and every
 * conversation's recording, fetched through ARI (the dialer's recordings directory is not the
 * PBX's), is completed with the SHA-256 of the file the PBX wrote.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(240)
class AriCampaignIT {

  /** Monday 2026-11-23 09:30 in Shanghai, half an hour before calling hours open. */
  private static final Instant START = Instant.parse("2026-11-23T01:30:00Z");

  private static final String TOKEN = "ari-supervisor-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Outcomes of an attempt of one task, by the last four digits of the number it dialled. */
  private static final String BY_FAMILY =
      "SELECT count(*) FROM attempt a JOIN task t ON t.id = a.task_ids[1]"
          + " WHERE cardinality(a.task_ids) = 1 AND a.outcome <> 'UNKNOWN' AND ";

  @TempDir Path dir;

  @Test
  void an_ari_pbx_is_dialled_connected_and_recorded(PgUrl db) throws Exception {
    JsonArray tokens = CentreChecks.supervisor(TOKEN);
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(Optional.of(db.uri()), dir, START, tokens, "node-ari")
                .withSpeed(200)
                .withAgents(10)
                .overAri())) {
      int port = centre.service().httpPort();
      long connecting = System.nanoTime() + 10L * 1_000_000_000L;
      while (get(port, "/health").statusCode() != 200 && System.nanoTime() < connecting) {
        Thread.sleep(50);
      }
      JsonObject health = new JsonObject(get(port, "/health").body());
      assertThat(health.getString("status")).as(health.encode()).isEqualTo("UP");
      assertThat(health.encode()).contains("\"protocol\":\"ari\"");
      assertThat(get(port, "/metrics").body())
          .containsPattern("pbx_connected\\{pbx=\"sim\",protocol=\"ari\"} 1\\.0");

      long id = CentreChecks.newCampaign(port, TOKEN, "新契约回访 ARI");
      JsonObject imported = CentreChecks.importDemo(port, TOKEN, id, 200, 11, START);
      assertThat(imported.getInteger("accepted")).isGreaterThan(180);
      CentreChecks.runToEnd(centre, id, db, 150);
      Thread.sleep(3000); // the last recordings' grace
      assertThat(get(port, "/metrics").body())
          .as("outcomes of the node's own calls are written in one round trip")
          .containsPattern("dialer_outcomes_recorded_total\\{way=\"held\"} [1-9]");

      try (Connection c = PgServer.connect(db);
          Statement s = c.createStatement()) {
        long dialled =
            CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE dialed_at IS NOT NULL");
        assertThat(dialled).isGreaterThan(200);
        assertThat(centre.ari().duplicateOriginates()).as("no attempt dialled twice").isZero();
        assertThat(CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE outcome = 'FAILED'"))
            .as("no call refused or lost by the PBX")
            .isZero();
        // a stall of the machine is minutes of compressed time: the tracker may give a call up as
        // UNKNOWN (it is reconciled and its task dialled again, never lost); only a few may be
        assertThat(CentreChecks.one(s, "SELECT count(*) FROM attempt WHERE outcome = 'UNKNOWN'"))
            .as("calls given up")
            .isLessThanOrEqualTo(dialled / 20);
        // each family ends as over AMI and on the real Asterisk
        String[][] families = {
          {"1017", "'BUSY'"},
          {"1019", "'NO_ANSWER'"},
          {"1020", "'POWERED_OFF'"},
          {"1001", "'EMPTY_NUMBER'"},
          {"1034", "'LINE_FAULT'"},
          {"1021", "'REJECTED'"},
          {"11__|13[4-8]_|130_", "'ANSWERED', 'ABANDONED', 'EARLY_HANGUP'"}
        };
        for (String[] f : families) {
          String number = "right(t.phones[a.phone_index + 1], 4) SIMILAR TO '" + f[0] + "'";
          assertThat(CentreChecks.one(s, BY_FAMILY + number))
              .as("attempts of family " + f[0])
              .isPositive();
          assertThat(
                  CentreChecks.one(s, BY_FAMILY + number + " AND a.outcome NOT IN (" + f[1] + ")"))
              .as("attempts of family " + f[0] + " not ending as " + f[1])
              .isZero();
        }
        // customers who stay on the line (11NN: 90 s, 13NN: NN s) are put through to agents; one
        // who hangs up before the agent is bridged (a stall of the machine) is an early hang-up
        String staying = "right(t.phones[a.phone_index + 1], 4) SIMILAR TO '11__|13[4-8]_'";
        long stayed = CentreChecks.one(s, BY_FAMILY + staying);
        assertThat(CentreChecks.one(s, BY_FAMILY + staying + " AND a.outcome = 'ANSWERED'"))
            .as("of %d customers who stayed on the line", stayed)
            .isGreaterThanOrEqualTo(stayed * 9 / 10);
        // one who hangs up as the call is answered (1300) is gone before any agent can be
        // bridged, however fast the machine: always an early hang-up
        String atOnce = "right(t.phones[a.phone_index + 1], 4) = '1300'";
        assertThat(CentreChecks.one(s, BY_FAMILY + atOnce))
            .as("customers who hang up at once")
            .isPositive();
        assertThat(CentreChecks.one(s, BY_FAMILY + atOnce + " AND a.outcome <> 'EARLY_HANGUP'"))
            .as("customers who hang up at once, not ending as EARLY_HANGUP")
            .isZero();
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(*) FROM attempt WHERE outcome = 'ANSWERED' AND agent IS NULL"))
            .isZero();
        assertThat(
                CentreChecks.one(
                    s, "SELECT count(DISTINCT agent) FROM attempt WHERE outcome = 'ANSWERED'"))
            .isGreaterThan(1);
        assertThat(centre.ari().liveChannelNames()).as("no channel left up").isEmpty();
        assertThat(centre.ari().bridges()).as("no bridge left behind").isZero();
        // every conversation was recorded; the file was fetched through ARI and fingerprinted
        int checked = 0;
        try (ResultSet rs =
            s.executeQuery(
                "SELECT r.state, r.path, r.sha256, r.bytes FROM attempt a"
                    + " LEFT JOIN recording r ON r.attempt_id = a.id WHERE a.outcome = 'ANSWERED'"
                    + " AND a.ended_at - a.answered_at >= interval '10 seconds'")) {
          while (rs.next()) {
            assertThat(rs.getString(1)).as("recording of an answered call").isEqualTo("COMPLETE");
            Path written = dir.resolve("recordings").resolve(rs.getString(2));
            Path fetched = dir.resolve("fetched").resolve(rs.getString(2));
            RecordingFiles.Fingerprint f = RecordingFiles.fingerprint(written);
            assertThat(rs.getString(3)).isEqualTo(f.sha256());
            assertThat(rs.getLong(4)).isEqualTo(f.bytes());
            assertThat(Files.readAllBytes(fetched)).isEqualTo(Files.readAllBytes(written));
            checked++;
          }
        }
        assertThat(checked).as("recorded conversations").isGreaterThan(10);
      }
      CentreChecks.send(port, TOKEN, "POST", "/api/campaigns/" + id + "/stop", null, null);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
