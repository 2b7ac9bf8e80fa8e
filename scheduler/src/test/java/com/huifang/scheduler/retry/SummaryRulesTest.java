package com.huifang.scheduler.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.SummaryReason;
import com.huifang.scheduler.task.SummaryResult;
import com.huifang.scheduler.task.TaskSnapshot;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SummaryRulesTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final CampaignRules RULES =
      CampaignRules.defaults(CampaignKind.NEW_CONTRACT, HolidayCalendar.NONE);
  private static final Instant NOW = at("2026-11-23T10:30");
  private static final TaskSnapshot TASK =
      new TaskSnapshot(
          List.of(PhoneNumber.of("13800000001"), PhoneNumber.of("13800000002")),
          Set.of(),
          1,
          1,
          List.of(at("2026-11-23T10:00")),
          ZONE);

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  private static AgentSummary summary(SummaryResult r, SummaryReason reason, Instant appt) {
    return new AgentSummary(r, reason, List.of(), appt, false, false);
  }

  private static SummaryDecision decide(AgentSummary s) {
    return SummaryRules.decide(TASK, s, NOW, RULES);
  }

  @ParameterizedTest
  @EnumSource(
      value = SummaryResult.class,
      names = {"STANDARD", "SUB_STANDARD"})
  void standard_and_sub_standard_close_the_task(SummaryResult result) {
    assertThat(decide(summary(result, null, null)))
        .isEqualTo(new SummaryDecision.Decided(new Decision.Close(result), false));
  }

  @Test
  void a_problem_case_goes_to_the_branch_with_its_categories_and_the_surrender_warning() {
    AgentSummary s =
        new AgentSummary(
            SummaryResult.PROBLEM,
            null,
            List.of("MISLEADING_COVER", "PROXY_SIGNATURE"),
            null,
            false,
            true);

    assertThat(decide(s))
        .isEqualTo(
            new SummaryDecision.Decided(
                new Decision.ToBranch(
                    BranchReason.PROBLEM, List.of("MISLEADING_COVER", "PROXY_SIGNATURE")),
                true));
  }

  @Test
  void a_problem_case_without_a_category_is_refused() {
    assertThat(decide(summary(SummaryResult.PROBLEM, null, null)))
        .isEqualTo(
            new SummaryDecision.Invalid(
                "categories", "a problem case needs at least one category"));
  }

  @Test
  void a_verification_case_goes_to_the_branch_with_the_reason_given() {
    assertThat(decide(summary(SummaryResult.VERIFICATION, SummaryReason.REFUSED, null)))
        .isEqualTo(new SummaryDecision.Decided(new Decision.ToBranch(BranchReason.REFUSED), false));
    assertThat(decide(summary(SummaryResult.VERIFICATION, SummaryReason.LANGUAGE, null)))
        .isEqualTo(
            new SummaryDecision.Decided(new Decision.ToBranch(BranchReason.LANGUAGE), false));
    assertThat(decide(summary(SummaryResult.VERIFICATION, null, null)))
        .isEqualTo(
            new SummaryDecision.Decided(new Decision.ToBranch(BranchReason.VERIFICATION), false));
  }

  @Test
  void a_wrong_person_strikes_that_number_and_the_pass_goes_on_with_the_next() {
    AgentSummary wrongPerson =
        summary(SummaryResult.VERIFICATION, SummaryReason.WRONG_PERSON, null);
    TaskSnapshot onFirst = new TaskSnapshot(TASK.phones(), Set.of(), 1, 0, TASK.passStarts(), ZONE);
    TaskSnapshot onLastLeft =
        new TaskSnapshot(TASK.phones(), Set.of(0), 1, 1, TASK.passStarts(), ZONE);

    assertThat(SummaryRules.decide(onFirst, wrongPerson, NOW, RULES))
        .isEqualTo(
            new SummaryDecision.Decided(
                new Decision.StrikeNumber(
                    0, new Decision.NextNumber(1, RULES.window().nextOpen(NOW, ZONE))),
                false));
    assertThat(SummaryRules.decide(onLastLeft, wrongPerson, NOW, RULES))
        .isEqualTo(
            new SummaryDecision.Decided(
                new Decision.StrikeNumber(1, new Decision.ToBranch(BranchReason.WRONG_NUMBER)),
                false));
  }

  @ParameterizedTest
  @EnumSource(
      value = SummaryReason.class,
      names = {"NOT_PRESENT", "INCONVENIENT"})
  void not_present_or_inconvenient_without_a_time_goes_to_the_next_pass(SummaryReason reason) {
    assertThat(decide(summary(SummaryResult.RETRY, reason, null)))
        .isEqualTo(
            new SummaryDecision.Decided(
                new Decision.NextPass(2, 0, at("2026-11-23T16:00")), false));
  }

  @Test
  void a_retry_with_an_acceptable_time_books_an_appointment_on_the_number_reached() {
    Instant tomorrow = at("2026-11-24T15:00");

    assertThat(decide(summary(SummaryResult.RETRY, SummaryReason.INCONVENIENT, tomorrow)))
        .isEqualTo(new SummaryDecision.Decided(new Decision.Appointment(1, tomorrow), false));
  }

  @Test
  void a_retry_asking_for_a_time_the_centre_cannot_call_becomes_an_in_person_visit() {
    assertThat(
            decide(summary(SummaryResult.RETRY, SummaryReason.NOT_PRESENT, at("2026-11-24T21:00"))))
        .isEqualTo(
            new SummaryDecision.Decided(
                new Decision.ToBranch(BranchReason.IN_PERSON_VISIT), false));
  }

  @Test
  void an_early_time_not_marked_as_the_customers_request_is_refused() {
    assertThat(
            decide(summary(SummaryResult.RETRY, SummaryReason.NOT_PRESENT, at("2026-11-24T09:00"))))
        .isInstanceOf(SummaryDecision.Invalid.class)
        .extracting(d -> ((SummaryDecision.Invalid) d).field())
        .isEqualTo("appointmentAt");

    AgentSummary explicit =
        new AgentSummary(
            SummaryResult.RETRY,
            SummaryReason.NOT_PRESENT,
            List.of(),
            at("2026-11-24T09:00"),
            true,
            false);
    assertThat(decide(explicit))
        .isEqualTo(
            new SummaryDecision.Decided(
                new Decision.Appointment(1, at("2026-11-24T09:00")), false));
  }

  @Test
  void a_retry_with_a_verification_reason_is_refused() {
    assertThat(decide(summary(SummaryResult.RETRY, SummaryReason.REFUSED, null)))
        .isInstanceOf(SummaryDecision.Invalid.class);
    assertThat(decide(summary(SummaryResult.RETRY, null, null)))
        .isInstanceOf(SummaryDecision.Invalid.class);
  }

  @Test
  void the_surrender_warning_is_kept_whatever_the_result() {
    AgentSummary s = new AgentSummary(SummaryResult.STANDARD, null, List.of(), null, false, true);

    assertThat(decide(s))
        .isEqualTo(new SummaryDecision.Decided(new Decision.Close(SummaryResult.STANDARD), true));
  }
}
