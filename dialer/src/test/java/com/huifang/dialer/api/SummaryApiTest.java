package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CallReport;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.StorePool;
import com.huifang.scheduler.store.TaskStore;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.window.HolidayCalendar;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A call summary's body is checked, field by field, before any attempt is looked up. */
@ExtendWith(FreshDatabase.class)
@Timeout(60)
class SummaryApiTest {

  private static final String UNKNOWN_ATTEMPT =
      "/api/attempts/00000000-0000-0000-0000-000000000001/summary";

  private static final Instant MONDAY_11 = Instant.parse("2026-11-23T03:00:00Z");

  private static ApiServer api;
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start(PgUrl db) {
    api = new ApiServer(db);
    vertx = Vertx.vertx();
    pool = StorePool.create(vertx, db, 2, "summary-api-test");
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
    api.close();
  }

  @Test
  void a_note_that_is_not_text_or_too_long_is_refused_naming_the_field() throws Exception {
    for (String note : new String[] {"42", "\"" + "很".repeat(2_001) + "\""}) {
      HttpResponse<String> r =
          api.postJson(
              UNKNOWN_ATTEMPT, ApiServer.AGENT, "{\"result\":\"STANDARD\",\"note\":" + note + "}");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonObject error = new JsonObject(r.body());
      assertThat(error.getJsonArray("details").getJsonObject(0).getString("field"))
          .isEqualTo("note");
    }
  }

  @Test
  void a_good_summary_of_an_unknown_attempt_is_not_found() throws Exception {
    HttpResponse<String> r =
        api.postJson(
            UNKNOWN_ATTEMPT,
            ApiServer.AGENT,
            "{\"result\":\"STANDARD\",\"note\":\"" + "很".repeat(2_000) + "\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
  }

  @Test
  void a_summary_of_a_call_with_nothing_left_to_summarise_still_ends_the_wrap_up()
      throws Exception {
    Campaign c =
        new CampaignStore(pool)
            .create(CampaignSettings.defaults("wrap-up", CampaignKind.NEW_CONTRACT), MONDAY_11)
            .await();
    new TaskStore(pool, HolidayCalendar.NONE)
        .importRows(
            c,
            List.of(
                new TaskImport(
                    "W-1",
                    "客户",
                    "H-W1",
                    List.of(PhoneNumber.of("13900000981")),
                    CaseType.NEW,
                    null,
                    MONDAY_11.minusSeconds(86_400),
                    null,
                    ProductType.TRADITIONAL,
                    "A001",
                    null,
                    "b",
                    null,
                    false,
                    false,
                    null)),
            MONDAY_11)
        .await();
    AttemptStore attempts = new AttemptStore(pool, HolidayCalendar.NONE);
    UUID attempt =
        attempts
            .lease(c.id(), 1, "n1", MONDAY_11, Duration.ofMinutes(5))
            .await()
            .getFirst()
            .attemptId();
    attempts.markDialing(attempt, "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300)).await();
    // the customer hung up at once: the task went on to its next number, nothing awaits a summary
    attempts
        .complete(
            attempt,
            CallReport.of(Outcome.EARLY_HANGUP, MONDAY_11, MONDAY_11.plusSeconds(3)),
            MONDAY_11.plusSeconds(3))
        .await();
    pool.preparedQuery(
            "INSERT INTO agent (extension, name, agent_group, state, attempt_id)"
                + " VALUES ('2201', '坐席', 'default', 'WRAP_UP', $1)")
        .execute(Tuple.of(attempt))
        .await();

    HttpResponse<String> r =
        api.postJson(
            "/api/attempts/" + attempt + "/summary",
            ApiServer.AGENT,
            "{\"result\":\"RETRY\",\"reason\":\"EARLY_HANGUP\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(
            pool.query("SELECT state FROM agent WHERE extension = '2201'")
                .execute()
                .await()
                .iterator()
                .next()
                .getString(0))
        .isEqualTo("IDLE");
  }
}
