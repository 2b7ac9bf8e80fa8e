package com.huifang.dialer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.report.CallbackMethod;
import com.huifang.scheduler.report.MonthlyReport;
import com.huifang.scheduler.report.MonthlyReportCalculator;
import com.huifang.scheduler.report.ReportAttempt;
import com.huifang.scheduler.report.ReportTask;
import com.huifang.scheduler.report.ReportTask.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonthlyReportFormatsTest {

  private static final Instant DUE = Instant.parse("2026-11-10T01:00:00Z");
  private static final Instant DONE = Instant.parse("2026-11-11T02:00:00Z");

  private static final MonthlyReport REPORT =
      MonthlyReportCalculator.compute(
          YearMonth.of(2026, 11),
          ZoneId.of("Asia/Shanghai"),
          Instant.parse("2026-12-01T00:00:00Z"),
          List.of(
              new ReportTask(
                  1,
                  "大连中支",
                  DUE,
                  Optional.of(DONE.plusSeconds(86_400)),
                  Optional.of(DONE),
                  Optional.of(CallbackMethod.PHONE),
                  false,
                  Optional.empty(),
                  Optional.of(
                      new Problem(List.of("MISLEADING"), "不清楚保险责任, 免责条款", Optional.empty()))),
              new ReportTask(
                  2,
                  "大连中支",
                  DUE,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  false,
                  Optional.empty(),
                  Optional.empty())),
          List.of(
              new ReportAttempt(DUE, Outcome.POWERED_OFF),
              new ReportAttempt(DONE, Outcome.ANSWERED)));

  @Test
  void json_carries_counts_formula_and_both_labels_for_every_figure() {
    JsonObject json = MonthlyReportFormats.json(REPORT);

    assertThat(json.getString("month")).isEqualTo("2026-11");
    assertThat(json.getJsonObject("successRate").getLong("count")).isEqualTo(1);
    assertThat(json.getJsonObject("successRate").getLong("of")).isEqualTo(2);
    assertThat(json.getJsonObject("successRate").getDouble("value")).isEqualTo(0.5);
    assertThat(json.getBoolean("successTargetMet")).isFalse();
    JsonObject phone =
        json.getJsonArray("figures").stream()
            .map(JsonObject.class::cast)
            .filter(f -> f.getString("key").equals("PHONE"))
            .findFirst()
            .orElseThrow();
    assertThat(phone.getString("labelZh")).isEqualTo("电话回访占比");
    assertThat(phone.getString("labelEn")).isEqualTo("share of phone callbacks");
    assertThat(json.getJsonArray("outcomes").getJsonObject(0).getString("labelZh")).isEqualTo("接通");
  }

  @Test
  void a_figure_with_nothing_to_divide_is_null_not_zero() {
    MonthlyReport empty =
        MonthlyReportCalculator.compute(
            YearMonth.of(2026, 6),
            ZoneId.of("Asia/Shanghai"),
            Instant.parse("2026-12-01T00:00:00Z"),
            List.of(),
            List.of());

    JsonObject json = MonthlyReportFormats.json(empty);

    assertThat(json.getJsonObject("successRate").containsKey("value")).isTrue();
    assertThat(json.getJsonObject("successRate").getValue("value")).isNull();
    assertThat(json.getValue("successTargetMet")).isNull();
  }

  @Test
  void csv_opens_in_a_spreadsheet_with_chinese_intact_and_commas_quoted() {
    String csv = MonthlyReportFormats.csv(REPORT);
    String[] lines = csv.split("\r\n");

    assertThat(csv).startsWith("\uFEFFfigure,key,中文,english,count,of,value,formula\r\n");
    assertThat(lines)
        .contains(
            "successRate,,回访成功率,callback success rate,1,2,0.5000," + "成功量 / (应访量 - 拒访量 - 回访前撤、退保量)")
        .contains("outcome,POWERED_OFF,关机,powered off,1,,,")
        .anySatisfy(l -> assertThat(l).startsWith("problemCause,\"不清楚保险责任, 免责条款\","));
  }

  @Test
  void cells_that_a_spreadsheet_would_run_as_formulas_are_defused() {
    assertThat(MonthlyReportFormats.quote("=HYPERLINK(\"x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(MonthlyReportFormats.quote("+86")).isEqualTo("'+86");
    assertThat(MonthlyReportFormats.quote("plain")).isEqualTo("plain");
  }
}
