package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cases the branch settles with its own visit or letter (上门回访, 信函回访) and policies cancelled before
 * their callback, through the API and into the monthly report.
 */
@Timeout(60)
class BranchApiTest {

  @RegisterExtension static final ApiServer api = ApiServer.perClass();

  private static long taskId(String policy) throws Exception {
    JsonArray view = new JsonArray(api.get("/api/tasks?policyNo=" + policy, ApiServer.QA).body());
    return view.getJsonObject(0).getLong("id");
  }

  private static HttpResponse<String> settle(String policy, String body, String token)
      throws Exception {
    return api.postJson("/api/tasks/" + taskId(policy) + "/settle", token, body);
  }

  private static long campaign(String name) throws Exception {
    HttpResponse<String> created =
        api.postJson(
            "/api/campaigns",
            ApiServer.SUPERVISOR,
            new JsonObject().put("name", name).put("kind", "NEW_CONTRACT").encode());
    return new JsonObject(created.body()).getLong("id");
  }

  private static HttpResponse<String> importCsv(long campaign, String csv) throws Exception {
    return api.send(
        "POST", "/api/campaigns/" + campaign + "/tasks", ApiServer.IMPORTER, "text/csv", csv);
  }

  private static JsonObject report(YearMonth month, long campaign) throws Exception {
    return new JsonObject(
        api.get(
                "/api/reports/monthly?month=" + month + "&campaign=" + campaign,
                ApiServer.SUPERVISOR)
            .body());
  }

  private static String field(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonArray("details").getJsonObject(0).getString("field");
  }

  @Test
  void the_branch_settles_cases_by_visit_or_letter_and_the_report_counts_each_method()
      throws Exception {
    // this month's receipts, so the report of the service's own month holds them
    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    String receipt = month.atDay(1) + "T09:00:00+08:00";
    long campaign = campaign("branch callbacks");
    // three holders of one number go to the branch; B-4 was surrendered before its callback
    String csv =
        "policyNo,holderName,holderId,phone1,caseType,receiptAt,productType,cancelledAt\r\n"
            + "B-1,张三,HB1,13812343001,NEW,"
            + receipt
            + ",TRADITIONAL,\r\n"
            + "B-2,李四,HB2,13812343001,NEW,"
            + receipt
            + ",TRADITIONAL,\r\n"
            + "B-3,王五,HB3,13812343001,NEW,"
            + receipt
            + ",TRADITIONAL,\r\n"
            + "B-4,赵六,HB4,13812343004,NEW,"
            + receipt
            + ",TRADITIONAL,"
            + receipt
            + "\r\n";
    HttpResponse<String> imported = importCsv(campaign, csv);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(new JsonObject(imported.body()).getInteger("cancelled")).isEqualTo(1);

    HttpResponse<String> visited =
        settle("B-1", "{\"method\":\"VISIT\",\"result\":\"STANDARD\"}", ApiServer.SUPERVISOR);
    HttpResponse<String> written =
        settle("B-2", "{\"method\":\"LETTER\",\"result\":\"SUB_STANDARD\"}", ApiServer.IMPORTER);
    HttpResponse<String> twice =
        settle("B-1", "{\"method\":\"LETTER\",\"result\":\"STANDARD\"}", ApiServer.SUPERVISOR);
    HttpResponse<String> byPhone =
        settle("B-3", "{\"method\":\"PHONE\",\"result\":\"STANDARD\"}", ApiServer.SUPERVISOR);
    HttpResponse<String> problem =
        settle("B-3", "{\"method\":\"VISIT\",\"result\":\"PROBLEM\"}", ApiServer.SUPERVISOR);
    HttpResponse<String> noResult = settle("B-3", "{\"method\":\"VISIT\"}", ApiServer.SUPERVISOR);
    HttpResponse<String> agent =
        settle("B-3", "{\"method\":\"VISIT\",\"result\":\"STANDARD\"}", ApiServer.AGENT);
    HttpResponse<String> unknown =
        api.postJson(
            "/api/tasks/987654/settle",
            ApiServer.SUPERVISOR,
            "{\"method\":\"VISIT\",\"result\":\"STANDARD\"}");

    assertThat(visited.statusCode()).as(visited.body()).isEqualTo(200);
    assertThat(new JsonObject(visited.body()).getString("state")).isEqualTo("DONE");
    assertThat(new JsonObject(visited.body()).getString("summaryResult")).isEqualTo("STANDARD");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(field(twice)).isEqualTo("state");
    assertThat(field(byPhone)).isEqualTo("method");
    assertThat(field(problem)).as("a problem found needs its categories").isEqualTo("categories");
    assertThat(field(noResult)).isEqualTo("result");
    assertThat(agent.statusCode()).isEqualTo(403);
    assertThat(unknown.statusCode()).isEqualTo(404);
    JsonArray b4 = new JsonArray(api.get("/api/tasks?policyNo=B-4", ApiServer.QA).body());
    assertThat(b4.getJsonObject(0).getString("state")).isEqualTo("CANCELLED");
    assertThat(b4.getJsonObject(0).getString("cancelledAt")).isNotNull();

    JsonObject report = report(month, campaign);
    assertThat(report.getLong("due")).isEqualTo(4);
    assertThat(report.getLong("cancelledBeforeCallback")).isEqualTo(1);
    assertThat(report.getLong("successful")).isEqualTo(2);
    assertThat(report.getJsonObject("successRate").getLong("of")).isEqualTo(3);
    assertThat(report.getJsonObject("visitAndLetterShare").getLong("count")).isEqualTo(2);
    assertThat(report.getBoolean("visitAndLetterLimitKept")).isFalse();
  }

  @Test
  void a_problem_found_on_a_visit_makes_a_problem_case_of_the_branch_that_the_report_counts()
      throws Exception {
    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    String receipt = month.atDay(1) + "T09:00:00+08:00";
    long campaign = campaign("visit problems");
    // three holders of one number: all three go to the branch
    StringBuilder csv =
        new StringBuilder("policyNo,holderName,holderId,phone1,caseType,receiptAt,productType\r\n");
    for (int i = 1; i <= 3; i++) {
      csv.append("BP-" + i + ",客户" + i + ",HBP" + i + ",13812345001,NEW," + receipt)
          .append(",TRADITIONAL\r\n");
    }
    assertThat(importCsv(campaign, csv.toString()).statusCode()).isEqualTo(200);

    HttpResponse<String> noCategory =
        settle("BP-1", "{\"method\":\"VISIT\",\"result\":\"PROBLEM\"}", ApiServer.SUPERVISOR);
    HttpResponse<String> categoryWithoutProblem =
        settle(
            "BP-2",
            "{\"method\":\"VISIT\",\"result\":\"STANDARD\",\"categories\":[\"MISLEADING\"]}",
            ApiServer.SUPERVISOR);
    HttpResponse<String> problem =
        settle(
            "BP-1",
            "{\"method\":\"VISIT\",\"result\":\"PROBLEM\","
                + "\"categories\":[\"MISLEADING\",\"PROXY_SIGNATURE\"]}",
            ApiServer.SUPERVISOR);
    HttpResponse<String> byLetter =
        settle(
            "BP-2",
            "{\"method\":\"LETTER\",\"result\":\"PROBLEM\",\"categories\":[\"COOLING_OFF\"]}",
            ApiServer.IMPORTER);

    assertThat(field(noCategory)).isEqualTo("categories");
    assertThat(field(categoryWithoutProblem)).isEqualTo("categories");
    assertThat(problem.statusCode()).as(problem.body()).isEqualTo(200);
    JsonObject answered = new JsonObject(problem.body());
    assertThat(answered.getString("state")).isEqualTo("AT_BRANCH");
    assertThat(answered.getString("branchReason")).isEqualTo("PROBLEM");
    assertThat(answered.getJsonArray("categories"))
        .containsExactly("MISLEADING", "PROXY_SIGNATURE");
    assertThat(byLetter.statusCode()).as(byLetter.body()).isEqualTo(200);
    JsonObject view =
        new JsonArray(api.get("/api/tasks?policyNo=BP-1", ApiServer.QA).body()).getJsonObject(0);
    // first explanation of a proxy signature: 15 working days from the visit, not the 7 days of
    // the verification case it was before
    assertThat(
            Duration.between(
                    Instant.parse(view.getString("atBranchSince")),
                    Instant.parse(view.getString("branchDueAt")))
                .toDays())
        .isGreaterThanOrEqualTo(19);

    JsonObject report = report(month, campaign);
    assertThat(report.getLong("successful")).isEqualTo(2);
    assertThat(report.getJsonObject("visitAndLetterShare").getLong("count")).isEqualTo(2);
    assertThat(figure(report, "problemRate", "").getLong("count")).isEqualTo(2);
    assertThat(figure(report, "problemCategory", "MISLEADING").getLong("count")).isEqualTo(1);
    assertThat(figure(report, "problemCategory", "COOLING_OFF").getLong("count")).isEqualTo(1);
    assertThat(figure(report, "openProblems", "").getLong("count")).isEqualTo(2);
  }

  private static JsonObject figure(JsonObject report, String figure, String key) {
    JsonArray figures = report.getJsonArray("figures");
    for (int i = 0; i < figures.size(); i++) {
      JsonObject f = figures.getJsonObject(i);
      if (figure.equals(f.getString("figure")) && key.equals(f.getString("key"))) {
        return f;
      }
    }
    throw new AssertionError("no figure " + figure + " " + key + " in " + figures.encode());
  }
}
