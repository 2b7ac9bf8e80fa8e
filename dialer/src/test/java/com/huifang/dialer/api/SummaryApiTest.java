package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
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

  private static ApiServer api;

  @BeforeAll
  static void start(PgUrl db) {
    api = new ApiServer(db);
  }

  @AfterAll
  static void stop() {
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
}
