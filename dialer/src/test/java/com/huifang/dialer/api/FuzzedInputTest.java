package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.demo.DemoCampaign;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random damage to imports and API bodies: every bad row is reported with its line, every good row
 * lands, nothing lands twice, and no request is answered 5xx for bad input.
 */
@Timeout(120)
class FuzzedInputTest {

  private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");
  @RegisterExtension static final ApiServer api = ApiServer.perClass();

  private static String damage(String line, Random r) {
    StringBuilder b = new StringBuilder(line);
    switch (r.nextInt(7)) {
      case 0 -> b.setLength(r.nextInt(Math.max(1, b.length())));
      case 1 -> b.insert(r.nextInt(b.length() + 1), (char) r.nextInt(0x20, 0x7f));
      case 2 -> b.deleteCharAt(r.nextInt(Math.max(1, b.length() - 1)));
      case 3 -> b.insert(r.nextInt(b.length() + 1), "\"");
      case 4 -> b.replace(0, b.length(), b.toString().replace(':', ','));
      case 5 -> b.insert(r.nextInt(b.length() + 1), "\u0000\uFFFD");
      default -> b.append("x".repeat(r.nextInt(200)));
    }
    return b.toString();
  }

  @Test
  void damaged_ndjson_imports_report_every_bad_line_and_keep_every_good_one() throws Exception {
    Random r = new Random(42);
    long id =
        new JsonObject(
                api.postJson(
                        "/api/campaigns",
                        ApiServer.SUPERVISOR,
                        "{\"name\":\"fuzz\",\"kind\":\"NEW_CONTRACT\"}")
                    .body())
            .getLong("id");
    for (int round = 0; round < 8; round++) {
      List<String> lines = new ArrayList<>();
      for (String line : DemoCampaign.ndjson(60, 100 + round, NOW, ZoneId.of("Asia/Shanghai"))) {
        lines.add(r.nextInt(100) < 30 ? damage(line, r) : line);
      }
      HttpResponse<String> res =
          api.send(
              "POST",
              "/api/campaigns/" + id + "/tasks",
              ApiServer.IMPORTER,
              "application/x-ndjson",
              String.join("\n", lines));

      assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
      JsonObject result = new JsonObject(res.body());
      Set<Long> badLines = new HashSet<>();
      result.getJsonArray("rejected").forEach(e -> badLines.add(((JsonObject) e).getLong("line")));
      long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
      assertThat(result.getInteger("accepted") + badLines.size())
          .as("every line is either accepted or reported")
          .isEqualTo((int) nonBlank);
    }
  }

  @Test
  void damaged_csv_never_gets_a_server_error() throws Exception {
    Random r = new Random(7);
    long id =
        new JsonObject(
                api.postJson(
                        "/api/campaigns",
                        ApiServer.SUPERVISOR,
                        "{\"name\":\"fuzz-csv\",\"kind\":\"RENEWAL\"}")
                    .body())
            .getLong("id");
    String header = "policyNo,holderName,holderId,phone1,phone2,caseType,productType";
    for (int round = 0; round < 20; round++) {
      StringBuilder csv = new StringBuilder(round % 5 == 0 ? damage(header, r) : header);
      for (int i = 0; i < 30; i++) {
        String row =
            "F"
                + round
                + "-"
                + i
                + ",客户"
                + i
                + ",HF"
                + i
                + ",1390000"
                + (1000 + i)
                + ",,NEW,TRADITIONAL";
        csv.append("\r\n").append(r.nextInt(100) < 30 ? damage(row, r) : row);
      }
      HttpResponse<String> res =
          api.send(
              "POST",
              "/api/campaigns/" + id + "/tasks",
              ApiServer.IMPORTER,
              "text/csv",
              csv.toString());
      assertThat(res.statusCode()).as(res.body()).isLessThan(500);
    }
  }

  @Test
  void random_api_bodies_are_answered_with_4xx_never_5xx() throws Exception {
    Random r = new Random(3);
    List<String> seeds =
        List.of(
            "{\"name\":\"x\",\"kind\":\"NEW_CONTRACT\",\"pacing\":{\"mode\":\"PREDICTIVE\",\"ratio\":1.2}}",
            "{\"result\":\"RETRY\",\"reason\":\"NOT_PRESENT\",\"appointmentAt\":\"2026-11-24T10:00:00+08:00\"}",
            "{\"phones\":[\"13912345678\"],\"appointmentAt\":\"2026-11-24T10:00:00+08:00\"}",
            "{\"method\":\"VISIT\",\"result\":\"STANDARD\"}",
            "{\"state\":\"IDLE\"}",
            "{\"name\":\"王芳\",\"group\":\"default\"}",
            "{\"name\":\"a\\u0000b\",\"kind\":\"NEW_CONTRACT\"}",
            "{\"name\":\"a\\u0000b\",\"group\":\"g\\u0000\"}",
            "{\"agentGroup\":\"g\\u0000\",\"maxChannels\":5}");
    List<String[]> targets =
        List.of(
            new String[] {"POST", "/api/campaigns"},
            new String[] {"PATCH", "/api/campaigns/1"},
            new String[] {"POST", "/api/attempts/00000000-0000-0000-0000-000000000001/summary"},
            new String[] {"POST", "/api/tasks/1/return"},
            new String[] {"POST", "/api/tasks/1/settle"},
            new String[] {"POST", "/api/agents/2001/state"},
            new String[] {"PUT", "/api/agents/2001"},
            new String[] {"PUT", "/api/agents/2002"},
            new String[] {"POST", "/api/campaigns"},
            new String[] {"POST", "/api/attempts/not-a-uuid/summary"},
            new String[] {"PATCH", "/api/campaigns/-5"});
    for (int i = 0; i < 300; i++) {
      String body = seeds.get(r.nextInt(seeds.size()));
      for (int d = r.nextInt(3); d > 0; d--) {
        body = damage(body, r);
      }
      String[] t = targets.get(r.nextInt(targets.size()));
      HttpResponse<String> res =
          api.send(t[0], t[1], ApiServer.SUPERVISOR, "application/json", body);
      assertThat(res.statusCode())
          .as(t[0] + " " + t[1] + " " + body + " -> " + res.body())
          .isLessThan(500);
    }
  }

  @Test
  void a_body_over_the_limit_is_refused_in_the_api_s_own_json() throws Exception {
    String huge = "{\"name\":\"" + "x".repeat(300 * 1024) + "\",\"kind\":\"NEW_CONTRACT\"}";

    HttpResponse<String> res = api.postJson("/api/campaigns", ApiServer.SUPERVISOR, huge);

    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(new io.vertx.core.json.JsonObject(res.body()).getString("error"))
        .isEqualTo("too_large");
  }
}
