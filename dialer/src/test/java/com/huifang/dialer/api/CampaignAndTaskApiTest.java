package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class CampaignAndTaskApiTest {

  @RegisterExtension static final ApiServer api = ApiServer.perClass();

  private static long newCampaign(String name) throws Exception {
    HttpResponse<String> r =
        api.postJson(
            "/api/campaigns",
            ApiServer.SUPERVISOR,
            "{\"name\":\"" + name + "\",\"kind\":\"NEW_CONTRACT\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getLong("id");
  }

  @Test
  void a_campaign_is_created_with_the_kinds_defaults_and_counters() throws Exception {
    HttpResponse<String> r =
        api.postJson(
            "/api/campaigns",
            ApiServer.SUPERVISOR,
            "{\"name\":\"十一月新契约回访\",\"kind\":\"NEW_CONTRACT\"}");

    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject c = new JsonObject(r.body());
    assertThat(c.getString("state")).isEqualTo("RUNNING");
    assertThat(c.getString("timezone")).isEqualTo("Asia/Shanghai");
    assertThat(c.getJsonObject("counters").getLong("pending")).isZero();
    HttpResponse<String> again = api.get("/api/campaigns/" + c.getLong("id"), ApiServer.IMPORTER);
    assertThat(new JsonObject(again.body()).getString("name")).isEqualTo("十一月新契约回访");
  }

  @Test
  void bad_campaign_bodies_name_every_bad_field_and_roles_are_enforced() throws Exception {
    HttpResponse<String> bad =
        api.postJson(
            "/api/campaigns", ApiServer.SUPERVISOR, "{\"kind\":\"COLD\",\"timezone\":\"Mars/X\"}");
    HttpResponse<String> notJson =
        api.postJson("/api/campaigns", ApiServer.SUPERVISOR, "{\"name\": ");
    HttpResponse<String> importer =
        api.postJson("/api/campaigns", ApiServer.IMPORTER, "{\"name\":\"x\",\"kind\":\"RENEWAL\"}");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(
            new JsonObject(bad.body())
                .getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
        .contains("name", "kind", "timezone");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(notJson.body()).getString("error")).isEqualTo("bad_json");
    assertThat(new JsonObject(notJson.body()).getString("message"))
        .startsWith("the body is not valid JSON: Unexpected end-of-input")
        .endsWith("(line 1, column 10)")
        .doesNotContain("Source");
    assertThat(importer.statusCode()).isEqualTo(403);
    assertThat(api.get("/api/campaigns/987654", ApiServer.SUPERVISOR).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/campaigns/abc", ApiServer.SUPERVISOR).statusCode()).isEqualTo(400);
  }

  @Test
  void an_unknown_endpoint_is_404_and_a_wrong_method_405_in_the_api_s_json() throws Exception {
    HttpResponse<String> unknown = api.get("/api/campaign", ApiServer.SUPERVISOR);
    HttpResponse<String> wrongMethod =
        api.send("DELETE", "/api/campaigns/1", ApiServer.SUPERVISOR, null, null);
    HttpResponse<String> anonymous = api.get("/api/campaign", null);

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("message"))
        .isEqualTo("no such endpoint: /api/campaign");
    assertThat(wrongMethod.statusCode()).as(wrongMethod.body()).isEqualTo(405);
    assertThat(new JsonObject(wrongMethod.body()).getString("error"))
        .isEqualTo("method_not_allowed");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void an_ndjson_import_keeps_good_rows_and_names_each_bad_one() throws Exception {
    long id = newCampaign("import-ndjson");
    String body =
        """
        {"policyNo":"N-1","holderName":"王芳","holderId":"HN1","phones":["13812341001"],"caseType":"NEW","receiptAt":"2026-11-20T09:00:00+08:00","productType":"TRADITIONAL"}
        {"policyNo":"N-2","holderName":"李雷","holderId":"HN2","phones":["12345"],"caseType":"OLD","productType":"TRADITIONAL"}
        not json at all
        {"policyNo":"N-3","holderName":"韩梅","holderId":"HN3","phones":["13812341003"],"caseType":"PROBLEM","issuedMonth":"2026-10","productType":"UNIVERSAL"}
        """;

    HttpResponse<String> r =
        api.send(
            "POST",
            "/api/campaigns/" + id + "/tasks",
            ApiServer.IMPORTER,
            "application/x-ndjson",
            body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject result = new JsonObject(r.body());
    assertThat(result.getInteger("accepted")).isEqualTo(2);
    JsonArray rejected = result.getJsonArray("rejected");
    assertThat(rejected.stream().map(e -> ((JsonObject) e).getLong("line")))
        .containsExactly(2L, 2L, 3L);
    assertThat(rejected.stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactly("caseType", "phones[0]", "json");
    // every bad field is listed; the rows add up to the file's
    assertThat(result.getInteger("rejectedCount")).isEqualTo(3);
    assertThat(result.getInteger("rejectedRows")).isEqualTo(2);
    JsonObject campaign =
        new JsonObject(api.get("/api/campaigns/" + id, ApiServer.SUPERVISOR).body());
    assertThat(campaign.getJsonObject("counters").getLong("pending")).isEqualTo(2);

    JsonArray view = new JsonArray(api.get("/api/tasks?policyNo=N-3", ApiServer.QA).body());
    assertThat(view.getJsonObject(0).getString("tier")).isIn("LAST_MONTH", "MONTH_BEFORE_LAST");
  }

  @Test
  void a_csv_import_lands_and_re_importing_updates_instead_of_duplicating() throws Exception {
    long id = newCampaign("import-csv");
    String csv =
        "policyNo,holderName,holderId,phone1,caseType,productType\r\n"
            + "C-1,张三,HC1,13812342001,NEW,TRADITIONAL\r\n"
            + "C-2,李四,HC2,13812342002,VERIFICATION,PARTICIPATING\r\n";

    HttpResponse<String> first =
        api.send("POST", "/api/campaigns/" + id + "/tasks", ApiServer.IMPORTER, "text/csv", csv);
    HttpResponse<String> second =
        api.send("POST", "/api/campaigns/" + id + "/tasks", ApiServer.IMPORTER, "text/csv", csv);

    assertThat(new JsonObject(first.body()).getInteger("inserted")).isEqualTo(2);
    assertThat(new JsonObject(second.body()).getInteger("updated")).isEqualTo(2);
    assertThat(new JsonArray(api.get("/api/tasks?policyNo=C-1", ApiServer.SUPERVISOR).body()))
        .hasSize(1);
  }

  @Test
  void imports_need_a_known_campaign_a_known_format_and_the_right_role() throws Exception {
    long id = newCampaign("import-guards");

    assertThat(
            api.send(
                    "POST",
                    "/api/campaigns/" + id + "/tasks",
                    ApiServer.IMPORTER,
                    "application/xml",
                    "<x/>")
                .statusCode())
        .isEqualTo(415);
    assertThat(
            api.send(
                    "POST",
                    "/api/campaigns/999999/tasks",
                    ApiServer.IMPORTER,
                    "text/csv",
                    "policyNo\r\n")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            api.send(
                    "POST",
                    "/api/campaigns/" + id + "/tasks",
                    ApiServer.AGENT,
                    "text/csv",
                    "policyNo\r\n")
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void pause_resume_and_stop_are_audited_with_who_did_it() throws Exception {
    long id = newCampaign("control");

    HttpResponse<String> paused =
        api.send("POST", "/api/campaigns/" + id + "/pause", ApiServer.SUPERVISOR, null, null);
    api.send("POST", "/api/campaigns/" + id + "/resume", ApiServer.ADMIN, null, null);
    api.send("POST", "/api/campaigns/" + id + "/stop", ApiServer.SUPERVISOR, null, null);
    HttpResponse<String> afterStop =
        api.send("POST", "/api/campaigns/" + id + "/resume", ApiServer.SUPERVISOR, null, null);

    assertThat(new JsonObject(paused.body()).getString("state")).isEqualTo("PAUSED");
    assertThat(afterStop.statusCode()).isEqualTo(409);
    JsonArray audit =
        new JsonArray(api.get("/api/campaigns/" + id + "/audit", ApiServer.ADMIN).body());
    assertThat(
            audit.stream()
                .map(
                    a ->
                        ((JsonObject) a).getString("action")
                            + "/"
                            + ((JsonObject) a).getString("principal")))
        .containsExactly("PAUSE/lin", "RESUME/root", "STOP/lin");
  }

  @Test
  void patch_changes_pacing_while_running_and_refuses_the_kind() throws Exception {
    long id = newCampaign("patch");

    HttpResponse<String> ok =
        api.send(
            "PATCH",
            "/api/campaigns/" + id,
            ApiServer.SUPERVISOR,
            "application/json",
            "{\"pacing\":{\"mode\":\"PREDICTIVE\",\"ratio\":1.5},\"maxChannels\":12}");
    HttpResponse<String> refused =
        api.send(
            "PATCH",
            "/api/campaigns/" + id,
            ApiServer.SUPERVISOR,
            "application/json",
            "{\"kind\":\"RENEWAL\"}");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getJsonObject("pacing").getString("mode"))
        .isEqualTo("PREDICTIVE");
    assertThat(refused.statusCode()).isEqualTo(400);
  }
}
