package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bad query of the monthly report is refused with what is wrong with it. */
@Timeout(60)
class ReportApiTest {

  @RegisterExtension static final ApiServer api = ApiServer.perClass();

  private static String refusal(String query) throws Exception {
    HttpResponse<String> r = api.get("/api/reports/monthly" + query, ApiServer.SUPERVISOR);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return new JsonObject(r.body()).getString("message");
  }

  @Test
  void each_bad_parameter_is_named_with_what_is_wrong() throws Exception {
    assertThat(refusal("")).isEqualTo("month is required, like 2026-11");
    assertThat(refusal("?month=2026-13")).isEqualTo("month '2026-13' is not a month like 2026-11");
    assertThat(refusal("?month=2026-11&timezone=Mars/Olympus"))
        .isEqualTo("timezone must be an IANA zone like Asia/Shanghai");
    assertThat(refusal("?month=2026-11&campaign=first"))
        .isEqualTo("campaign must be a campaign id");
  }

  @Test
  void a_good_month_is_answered() throws Exception {
    HttpResponse<String> r = api.get("/api/reports/monthly?month=2026-11", ApiServer.SUPERVISOR);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("month")).isEqualTo("2026-11");
  }
}
