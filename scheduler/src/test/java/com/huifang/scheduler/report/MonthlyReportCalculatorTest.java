package com.huifang.scheduler.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.report.ReportTask.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonthlyReportCalculatorTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final Instant AS_OF = at("2026-12-05T00:00:00+08:00");

  /**
   * Eleven tasks, figures computed by hand: due in November (Shanghai) are 1, 3, 5, 6, 7, 8, 9, 10,
   * 11 (task 1 is due on 31 October in UTC; 2 and 4 fall in October and December).
   */
  private static final List<ReportTask> TASKS =
      List.of(
          success(
              1,
              "大连中支",
              "2026-11-01T00:30:00+08:00",
              "2026-11-03T10:00:00+08:00",
              "2026-11-15T23:59:59+08:00",
              CallbackMethod.PHONE,
              null),
          success(
              2,
              "大连中支",
              "2026-10-31T23:30:00+08:00",
              "2026-11-02T10:00:00+08:00",
              "2026-11-14T23:59:59+08:00",
              CallbackMethod.PHONE,
              null),
          success(
              3,
              "沈阳中支",
              "2026-11-30T23:59:00+08:00",
              "2026-12-02T10:00:00+08:00",
              "2026-12-01T23:59:59+08:00",
              CallbackMethod.VISIT,
              null),
          pending(4, "沈阳中支", "2026-12-01T00:00:00+08:00"),
          new ReportTask(
              5,
              "大连中支",
              at("2026-11-10T09:00:00+08:00"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              true,
              Optional.empty(),
              Optional.empty()),
          new ReportTask(
              6,
              "大连中支",
              at("2026-11-12T09:00:00+08:00"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false,
              Optional.of(at("2026-11-13T09:00:00+08:00")),
              Optional.empty()),
          success(
              7,
              "大连中支",
              "2026-11-15T09:00:00+08:00",
              "2026-11-16T10:00:00+08:00",
              "2026-11-30T23:59:59+08:00",
              CallbackMethod.PHONE,
              new Problem(
                  List.of("MISLEADING", "PROXY_SIGNATURE"),
                  "不清楚犹豫期权益",
                  Optional.of(at("2026-11-25T10:00:00+08:00")))),
          success(
              8,
              "沈阳中支",
              "2026-11-20T09:00:00+08:00",
              "2026-11-21T10:00:00+08:00",
              "2026-12-05T23:59:59+08:00",
              CallbackMethod.PHONE,
              new Problem(
                  List.of("MISLEADING"), "不清楚犹豫期权益", Optional.of(at("2026-12-10T10:00:00+08:00")))),
          pending(9, "沈阳中支", "2026-11-22T09:00:00+08:00"),
          success(
              10,
              "沈阳中支",
              "2026-11-25T09:00:00+08:00",
              "2026-12-06T10:00:00+08:00",
              "2026-12-09T23:59:59+08:00",
              CallbackMethod.PHONE,
              null),
          new ReportTask(
              11,
              "大连中支",
              at("2026-11-26T09:00:00+08:00"),
              Optional.empty(),
              Optional.of(at("2026-11-29T10:00:00+08:00")),
              Optional.of(CallbackMethod.LETTER),
              false,
              Optional.empty(),
              Optional.empty()));

  private static final List<ReportAttempt> ATTEMPTS =
      List.of(
          new ReportAttempt(at("2026-11-01T00:30:00+08:00"), Outcome.BUSY),
          new ReportAttempt(at("2026-12-01T00:00:00+08:00"), Outcome.NO_ANSWER),
          new ReportAttempt(at("2026-11-15T10:00:00+08:00"), Outcome.ANSWERED),
          new ReportAttempt(at("2026-11-15T11:00:00+08:00"), Outcome.BUSY));

  @Test
  void the_month_is_the_report_zone_calendar_and_only_the_statistics_time_counts() {
    MonthlyReport r = MonthlyReportCalculator.compute(NOVEMBER, SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.due()).isEqualTo(9);
    assertThat(r.refused()).isEqualTo(1);
    assertThat(r.cancelledBeforeCallback()).isEqualTo(1);
    assertThat(r.successful()).as("task 10 succeeded after the statistics time").isEqualTo(5);
  }

  @Test
  void success_rate_excludes_refusals_and_cancellations_from_the_due_count() {
    MonthlyReport r = MonthlyReportCalculator.compute(NOVEMBER, SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.successRate().numerator()).isEqualTo(5);
    assertThat(r.successRate().denominator()).isEqualTo(7);
    assertThat(r.successRate().formula()).isEqualTo("成功量 / (应访量 - 拒访量 - 回访前撤、退保量)");
    assertThat(r.successTargetMet()).contains(false);
  }

  @Test
  void cooling_off_success_counts_callbacks_done_by_the_end_of_the_period_over_all_due() {
    MonthlyReport r = MonthlyReportCalculator.compute(NOVEMBER, SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.coolingOffSuccessRate()).isEqualTo(new Rate(3, 9, "犹豫期内成功回访件数 / 应回访件总量"));
  }

  @Test
  void method_shares_and_the_ten_percent_limit_on_visits_and_letters() {
    MonthlyReport r = MonthlyReportCalculator.compute(NOVEMBER, SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.methods().get(CallbackMethod.PHONE).numerator()).isEqualTo(3);
    assertThat(r.methods().get(CallbackMethod.VISIT).numerator()).isEqualTo(1);
    assertThat(r.methods().get(CallbackMethod.LETTER).numerator()).isEqualTo(1);
    assertThat(r.visitAndLetterShare().numerator()).isEqualTo(2);
    assertThat(r.visitAndLetterShare().denominator()).isEqualTo(5);
    assertThat(r.visitAndLetterLimitKept()).contains(false);
  }

  @Test
  void problem_cases_by_category_cause_and_branch_and_those_still_open() {
    MonthlyReport r = MonthlyReportCalculator.compute(NOVEMBER, SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.problemRate().numerator()).isEqualTo(2);
    assertThat(r.problemRate().denominator()).isEqualTo(5);
    assertThat(r.problemsByCategory())
        .extractingFromEntries(
            e -> e.getKey() + "=" + e.getValue().numerator() + "/" + e.getValue().denominator())
        .containsExactly("MISLEADING=2/2", "PROXY_SIGNATURE=1/2");
    assertThat(r.problemsByCause().get("不清楚犹豫期权益").numerator()).isEqualTo(2);
    assertThat(r.problemsByBranch().get("大连中支").numerator()).isEqualTo(1);
    assertThat(r.problemsByBranch().get("沈阳中支").numerator()).isEqualTo(1);
    assertThat(r.openProblems().numerator())
        .as("task 8 resolved after the statistics time")
        .isEqualTo(1);
    assertThat(r.problemCompletionRate().numerator()).isEqualTo(1);
    assertThat(r.problemCompletionRate().denominator()).isEqualTo(2);
  }

  @Test
  void outcomes_are_the_dials_of_the_month_in_the_report_zone() {
    MonthlyReport r = MonthlyReportCalculator.compute(NOVEMBER, SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.outcomes()).isEqualTo(Map.of(Outcome.BUSY, 2L, Outcome.ANSWERED, 1L));
  }

  @Test
  void the_same_facts_in_new_york_fall_in_other_months_across_the_dst_change() {
    ZoneId newYork = ZoneId.of("America/New_York");
    // 1 November 2026 00:00 EDT is 04:00Z; DST ends at 06:00Z the same day.
    List<ReportTask> tasks =
        List.of(
            pending(1, "b", "2026-11-01T03:59:00Z"),
            pending(2, "b", "2026-11-01T04:00:00Z"),
            pending(3, "b", "2026-12-01T04:59:00Z"),
            pending(4, "b", "2026-12-01T05:00:00Z"));

    MonthlyReport r =
        MonthlyReportCalculator.compute(
            NOVEMBER, newYork, at("2027-01-01T00:00:00Z"), tasks, List.of());

    assertThat(r.due()).as("tasks 2 and 3: November in New York, EST from the 1st").isEqualTo(2);
  }

  @Test
  void a_month_with_nothing_due_has_no_rates_rather_than_zero_percent() {
    MonthlyReport r =
        MonthlyReportCalculator.compute(YearMonth.of(2026, 6), SHANGHAI, AS_OF, TASKS, ATTEMPTS);

    assertThat(r.due()).isZero();
    assertThat(r.successRate().value()).isEmpty();
    assertThat(r.successTargetMet()).isEmpty();
  }

  @Test
  void facts_that_contradict_themselves_are_refused() {
    assertThatThrownBy(
            () ->
                new ReportTask(
                    1,
                    "b",
                    AS_OF,
                    Optional.empty(),
                    Optional.of(AS_OF),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("method");
    assertThatThrownBy(
            () ->
                new ReportTask(
                    1,
                    "b",
                    AS_OF,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    Optional.of(new Problem(List.of("MISLEADING"), "x", Optional.empty()))))
        .hasMessageContaining("successful callback");
  }

  private static ReportTask success(
      long id,
      String branch,
      String due,
      String succeeded,
      String coolingOffEnd,
      CallbackMethod method,
      Problem problem) {
    return new ReportTask(
        id,
        branch,
        at(due),
        Optional.of(at(coolingOffEnd)),
        Optional.of(at(succeeded)),
        Optional.of(method),
        false,
        Optional.empty(),
        Optional.ofNullable(problem));
  }

  private static ReportTask pending(long id, String branch, String due) {
    return new ReportTask(
        id,
        branch,
        at(due),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty());
  }

  private static Instant at(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }
}
