package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class AgentApiTest {

  @RegisterExtension static final ApiServer api = ApiServer.perClass();

  @Test
  void an_agent_who_also_sells_is_registered_with_their_sales_code() throws Exception {
    HttpResponse<String> ok =
        api.send(
            "PUT",
            "/api/agents/2101",
            ApiServer.SUPERVISOR,
            "application/json",
            "{\"name\":\"王芳\",\"group\":\"default\",\"salesCode\":\"A001\"}");
    HttpResponse<String> bad =
        api.send(
            "PUT",
            "/api/agents/2102",
            ApiServer.SUPERVISOR,
            "application/json",
            "{\"name\":\"李雷\",\"group\":\"default\",\"salesCode\":42}");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("salesCode")).isEqualTo("A001");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(
            new JsonObject(bad.body()).getJsonArray("details").getJsonObject(0).getString("field"))
        .isEqualTo("salesCode");
  }
}
