package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of two PBXs goes away mid-campaign: {@code /health} shows it down within seconds, new calls
 * go to the other PBX, and it is used again once it is back.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(240)
class PbxAwayIT {

  private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");
  private static final String TOKEN = "away-supervisor-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void a_pbx_that_goes_away_is_reported_avoided_and_used_again_when_back(PgUrl db)
      throws Exception {
    JsonArray tokens = CentreChecks.supervisor(TOKEN);
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(Optional.of(db.uri()), dir, START, tokens, "node-p")
                .withSpeed(60)
                .withAgents(10)
                .withPbxs(2))) {
      int port = centre.service().httpPort();
      long id = CentreChecks.newCampaign(port, TOKEN, "two pbxs");
      CentreChecks.importDemo(port, TOKEN, id, 1500, 3, START);
      await(() -> centre.pbx(0).originates() > 20 && centre.pbx(1).originates() > 20, 60);

      centre.stopPbx(1);
      await(() -> health(port).contains("\"status\":\"DOWN\""), 10);
      await(() -> gauge(port, "pbx_connected", "sim2") == 0.0, 10);
      HttpResponse<String> down = healthResponse(port);
      assertThat(down.statusCode()).isEqualTo(503);
      long onSecondWhenDown = centre.pbx(1).originates();
      long onFirstWhenDown = centre.pbx(0).originates();
      await(() -> centre.pbx(0).originates() > onFirstWhenDown + 50, 60);
      assertThat(centre.pbx(1).originates())
          .as("nothing sent to the PBX that is away")
          .isEqualTo(onSecondWhenDown);

      centre.restartPbx(1);
      await(() -> healthResponse(port).statusCode() == 200, 20);
      assertThat(gauge(port, "pbx_connected", "sim2")).isEqualTo(1.0);
      await(() -> centre.pbx(1).originates() > 0, 30);
      assertThat(centre.pbx(1).originates()).as("the PBX is used again").isPositive();
      CentreChecks.send(port, TOKEN, "POST", "/api/campaigns/" + id + "/stop", null, null);
    }
  }

  private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("within " + seconds + " s").isTrue();
  }

  /** A gauge's value for one PBX from {@code /metrics}, or -1 when absent. */
  private static double gauge(int port, String name, String pbx) {
    return get(port, "/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith(name + "{") && l.contains("pbx=\"" + pbx + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }

  private static String health(int port) {
    return healthResponse(port).body();
  }

  private static HttpResponse<String> healthResponse(int port) {
    return get(port, "/health");
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
