package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.call.AgentLegs;
import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small {@code PREVIEW} campaign through the service and the simulated PBX over AMI: for every
 * dialled attempt the agent's phone was originated before the customer's, nobody was abandoned, and
 * an agent who signed in but does not answer their phone is paused with the reason while the
 * attempts rung to them go back to the pool undialled.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(300)
class PreviewCampaignIT {

  /** Monday 2026-11-23 09:30 in Shanghai, half an hour before calling hours open. */
  private static final Instant START = Instant.parse("2026-11-23T01:30:00Z");

  private static final String TOKEN = "preview-supervisor-token";

  /** {@code 2094} rings and is never answered on the simulated PBX. */
  private static final String ABSENT = "2094";

  @TempDir Path dir;

  @Test
  void the_agent_is_rung_before_every_customer_and_nobody_is_abandoned(PgUrl db) throws Exception {
    try (SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(
                    Optional.of(db.uri()),
                    dir,
                    START,
                    CentreChecks.supervisor(TOKEN),
                    "node-preview")
                .withSpeed(600))) {
      centre.agents().signIn(List.of("2001", "2002", ABSENT, "2003", "2004"), "default").await();
      int port = centre.service().httpPort();
      long id = CentreChecks.newPreviewCampaign(port, TOKEN, "新契约回访 preview");
      JsonObject imported = CentreChecks.importDemo(port, TOKEN, id, 300, 11, START);
      assertThat(imported.getInteger("accepted")).isGreaterThan(250);

      CentreChecks.runToEnd(centre, id, db, 150);

      CentreChecks.previewRanToEnd(
          port,
          TOKEN,
          db,
          ABSENT,
          attempt -> centre.pbx().originateOrder(AgentLegs.channelId(UUID.fromString(attempt))),
          attempt -> centre.pbx().originateOrder(attempt),
          centre.pbx().duplicateOriginates());
    }
  }
}
