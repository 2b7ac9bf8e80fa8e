package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small {@code PREVIEW} campaign through the service and the simulated PBX over ARI: for every
 * dialled attempt the agent's leg was originated before the customer's, nobody was abandoned, no
 * channel id was originated twice, and an agent who does not answer their phone is paused with the
 * reason while the attempts rung to them go back to the pool undialled.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(240)
class AriPreviewCampaignIT {

  /** Monday 2026-11-23 09:30 in Shanghai, half an hour before calling hours open. */
  private static final Instant START = Instant.parse("2026-11-23T01:30:00Z");

  private static final String TOKEN = "ari-preview-supervisor-token";

  /** {@code 2094} rings and is never answered on the simulated PBX. */
  private static final String ABSENT = "2094";

  @TempDir Path dir;

  @Test
  void over_ari_the_agent_is_rung_before_every_customer_and_nobody_is_abandoned(PgUrl db)
      throws Exception {
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(
                    Optional.of(db.uri()),
                    dir,
                    START,
                    CentreChecks.supervisor(TOKEN),
                    "node-ari-preview")
                .withSpeed(600)
                .overAri())) {
      centre.agents().signIn(List.of("2001", "2002", ABSENT, "2003"), "default").await();
      int port = centre.service().httpPort();
      long id = CentreChecks.newPreviewCampaign(port, TOKEN, "新契约回访 ARI preview");
      JsonObject imported = CentreChecks.importDemo(port, TOKEN, id, 120, 11, START);
      assertThat(imported.getInteger("accepted")).isGreaterThan(100);

      CentreChecks.runToEnd(centre, id, db, 150);

      Map<String, Long> originates = centre.ari().originateOrders();
      CentreChecks.previewRanToEnd(
          port,
          TOKEN,
          db,
          ABSENT,
          attempt -> firstAgentLeg(originates, attempt),
          attempt -> originates.getOrDefault(attempt, -1L),
          centre.ari().duplicateOriginates());
    }
  }

  /** The place of the first originate of an agent's leg for {@code attempt}, or -1. */
  private static long firstAgentLeg(Map<String, Long> originates, String attempt) {
    return originates.entrySet().stream()
        .filter(e -> e.getKey().startsWith(attempt + "-agent-"))
        .mapToLong(Map.Entry::getValue)
        .min()
        .orElse(-1);
  }
}
