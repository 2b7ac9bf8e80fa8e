package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.engine.EngineSettings;
import com.huifang.dialer.service.DialerService;
import com.huifang.dialer.sim.SimClock;
import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The running service moves problem cases down a tier when the month turns in their zone. */
@ExtendWith(FreshDatabase.class)
@Timeout(60)
class MonthTurnApiTest {

  /** 2026-11-30 12:00 in Shanghai. */
  private static final Instant NOVEMBER_30_NOON = Instant.parse("2026-11-30T04:00:00Z");

  /** One second into 2026-12-01 in Shanghai (still 30 November in UTC). */
  private static final Instant DECEMBER_1 = Instant.parse("2026-11-30T16:00:01Z");

  @Test
  void a_problem_case_moves_down_a_tier_soon_after_the_month_turns(PgUrl db) throws Exception {
    SimClock clock = new SimClock(NOVEMBER_30_NOON, 1);
    DialerService.Options options =
        new DialerService.Options(
            clock,
            EngineSettings.defaults(),
            AmiConnection.Settings.defaults(),
            true,
            Duration.ofSeconds(30));
    try (ApiServer api = new ApiServer(db, options)) {
      HttpResponse<String> created =
          api.postJson(
              "/api/campaigns",
              ApiServer.SUPERVISOR,
              "{\"name\":\"month turn\",\"kind\":\"NEW_CONTRACT\"}");
      long id = new JsonObject(created.body()).getLong("id");
      HttpResponse<String> imported =
          api.send(
              "POST",
              "/api/campaigns/" + id + "/tasks",
              ApiServer.IMPORTER,
              "application/x-ndjson",
              """
              {"policyNo":"MT-1","holderName":"韩梅","holderId":"HMT1","phones":["13812349001"],"caseType":"PROBLEM","issuedMonth":"2026-10","productType":"TRADITIONAL"}
              """);
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(tier(api)).isEqualTo("LAST_MONTH");

      clock.jumpTo(DECEMBER_1);

      long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!tier(api).equals("MONTH_BEFORE_LAST") && System.nanoTime() < giveUp) {
        Thread.sleep(100);
      }
      assertThat(tier(api)).isEqualTo("MONTH_BEFORE_LAST");
    }
  }

  private static String tier(ApiServer api) throws Exception {
    HttpResponse<String> r = api.get("/api/tasks?policyNo=MT-1", ApiServer.SUPERVISOR);
    return new JsonArray(r.body()).getJsonObject(0).getString("tier");
  }
}
