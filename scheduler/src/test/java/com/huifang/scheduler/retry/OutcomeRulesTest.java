package com.huifang.scheduler.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.TaskSnapshot;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutcomeRulesTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final List<PhoneNumber> THREE_PHONES =
      List.of(
          PhoneNumber.of("13800000001"),
          PhoneNumber.of("13800000002"),
          PhoneNumber.of("010-62345678"));
  private static final CampaignRules RULES =
      CampaignRules.defaults(CampaignKind.NEW_CONTRACT, HolidayCalendar.NONE);

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  private static TaskSnapshot task(int pass, int index, Set<Integer> struck, List<Instant> starts) {
    return new TaskSnapshot(THREE_PHONES, struck, pass, index, starts, ZONE);
  }

  private static final Instant NOW = at("2026-11-23T10:30");
  private static final TaskSnapshot FIRST_NUMBER_OF_FIRST_PASS =
      task(1, 0, Set.of(), List.of(at("2026-11-23T10:00")));

  @ParameterizedTest
  @EnumSource(
      value = Outcome.class,
      names = {"NO_ANSWER", "BUSY", "REJECTED", "EARLY_HANGUP", "POWERED_OFF"})
  void retry_class_outcomes_go_on_to_the_next_number_of_the_pass(Outcome outcome) {
    Decision d = OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, outcome, NOW, RULES);

    assertThat(d).isEqualTo(new Decision.NextNumber(1, NOW));
  }

  @ParameterizedTest
  @EnumSource(
      value = Outcome.class,
      names = {"OUT_OF_SERVICE_AREA", "LINE_FAULT", "FAILED"})
  void line_problems_keep_the_number_for_the_next_pass_and_go_on_to_the_next_number(
      Outcome outcome) {
    Decision d = OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, outcome, NOW, RULES);

    assertThat(d).isEqualTo(new Decision.NextNumber(1, NOW));
  }

  @ParameterizedTest
  @EnumSource(
      value = Outcome.class,
      names = {"EMPTY_NUMBER", "SUSPENDED", "BARRED"})
  void number_problems_strike_the_number_then_go_on(Outcome outcome) {
    Decision d = OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, outcome, NOW, RULES);

    assertThat(d).isEqualTo(new Decision.StrikeNumber(0, new Decision.NextNumber(1, NOW)));
  }

  @Test
  void after_the_last_number_the_next_pass_starts_a_pass_interval_after_this_one() {
    // given the third number of pass 1, which started at 10:00
    TaskSnapshot t = task(1, 2, Set.of(), List.of(at("2026-11-23T10:00")));

    Decision d = OutcomeRules.decide(t, Outcome.BUSY, NOW, RULES);

    assertThat(d).isEqualTo(new Decision.NextPass(2, 0, at("2026-11-23T16:00")));
  }

  @Test
  void an_abandoned_call_is_redialled_on_the_next_pass_not_the_next_number() {
    Decision d = OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, Outcome.ABANDONED, NOW, RULES);

    assertThat(d).isEqualTo(new Decision.NextPass(2, 0, at("2026-11-23T16:00")));
  }

  @Test
  void answered_waits_for_the_agents_summary() {
    assertThat(OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, Outcome.ANSWERED, NOW, RULES))
        .isEqualTo(new Decision.AwaitSummary());
  }

  @Test
  void unknown_is_never_redialled_before_reconciliation_even_with_numbers_and_passes_left() {
    for (TaskSnapshot t :
        List.of(
            FIRST_NUMBER_OF_FIRST_PASS,
            task(4, 2, Set.of(), List.of()),
            task(1, 2, Set.of(0, 1), List.of()))) {
      assertThat(OutcomeRules.decide(t, Outcome.UNKNOWN, NOW, RULES))
          .isEqualTo(new Decision.AwaitReconcile());
    }
  }

  @Test
  void every_outcome_has_a_decision_of_the_kind_its_class_asks_for() {
    Map<Class<?>, List<Outcome>> byKind =
        java.util.Arrays.stream(Outcome.values())
            .collect(
                Collectors.groupingBy(
                    o ->
                        OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, o, NOW, RULES).getClass()));

    assertThat(byKind.get(Decision.NextNumber.class))
        .containsExactlyInAnyOrder(
            Outcome.NO_ANSWER,
            Outcome.BUSY,
            Outcome.REJECTED,
            Outcome.EARLY_HANGUP,
            Outcome.POWERED_OFF,
            Outcome.OUT_OF_SERVICE_AREA,
            Outcome.LINE_FAULT,
            Outcome.FAILED);
    assertThat(byKind.get(Decision.StrikeNumber.class))
        .containsExactlyInAnyOrder(Outcome.EMPTY_NUMBER, Outcome.SUSPENDED, Outcome.BARRED);
    assertThat(byKind.get(Decision.NextPass.class)).containsExactly(Outcome.ABANDONED);
    assertThat(byKind.get(Decision.AwaitSummary.class)).containsExactly(Outcome.ANSWERED);
    assertThat(byKind.get(Decision.AwaitReconcile.class)).containsExactly(Outcome.UNKNOWN);
  }

  @Test
  void struck_numbers_are_skipped_within_a_pass_and_on_the_next() {
    // given number 1 was struck earlier; number 0 rings out
    TaskSnapshot t = task(1, 0, Set.of(1), List.of(at("2026-11-23T10:00")));
    assertThat(OutcomeRules.decide(t, Outcome.NO_ANSWER, NOW, RULES))
        .isEqualTo(new Decision.NextNumber(2, NOW));

    // and when number 0 is struck on the last number of the pass... the next pass starts at 2
    TaskSnapshot last = task(1, 2, Set.of(0), List.of(at("2026-11-23T10:00")));
    assertThat(OutcomeRules.decide(last, Outcome.EMPTY_NUMBER, NOW, RULES))
        .isEqualTo(
            new Decision.StrikeNumber(2, new Decision.NextPass(2, 1, at("2026-11-23T16:00"))));
  }

  @Test
  void with_every_number_struck_the_task_goes_to_the_branch_as_wrong_number() {
    TaskSnapshot t = task(2, 0, Set.of(1, 2), List.of(at("2026-11-23T10:00")));

    Decision d = OutcomeRules.decide(t, Outcome.SUSPENDED, NOW, RULES);

    assertThat(d)
        .isEqualTo(new Decision.StrikeNumber(0, new Decision.ToBranch(BranchReason.WRONG_NUMBER)));
  }

  @Test
  void after_the_last_pass_the_task_goes_to_the_branch_as_unreachable() {
    TaskSnapshot t = task(RULES.maxPasses(), 2, Set.of(), List.of(at("2026-11-23T10:00")));

    assertThat(OutcomeRules.decide(t, Outcome.NO_ANSWER, NOW, RULES))
        .isEqualTo(new Decision.ToBranch(BranchReason.UNREACHABLE));
  }

  @Test
  void the_next_number_waits_for_calling_hours_when_the_day_has_closed() {
    Instant late = at("2026-11-23T19:31");

    assertThat(OutcomeRules.decide(FIRST_NUMBER_OF_FIRST_PASS, Outcome.BUSY, late, RULES))
        .isEqualTo(new Decision.NextNumber(1, at("2026-11-24T10:00")));
  }

  @Test
  void
      a_never_answering_customer_gets_every_pass_over_days_three_a_day_in_different_slots_then_goes_to_the_branch() {
    // given a campaign of 4 passes 2 hours apart, a holiday on the 24th, a one-number task
    CampaignRules rules =
        CampaignRules.defaults(
                CampaignKind.SPOT_CHECK, HolidayCalendar.of(LocalDate.parse("2026-11-24")))
            .withPasses(5, java.time.Duration.ofHours(2));
    List<PhoneNumber> one = List.of(PhoneNumber.of("13800000001"));
    List<Instant> starts = new ArrayList<>(List.of(at("2026-11-23T10:00")));
    int pass = 1;
    Decision d;

    // when every dial rings out a minute after its pass starts
    while (true) {
      TaskSnapshot t = new TaskSnapshot(one, Set.of(), pass, 0, starts, ZONE);
      d = OutcomeRules.decide(t, Outcome.NO_ANSWER, starts.getLast().plusSeconds(60), rules);
      if (!(d instanceof Decision.NextPass next)) {
        break;
      }
      pass = next.passNo();
      starts.add(next.at());
    }

    // then five passes: three on the 23rd in three slots, none on the holiday, two on the 25th
    assertThat(d).isEqualTo(new Decision.ToBranch(BranchReason.UNREACHABLE));
    assertThat(starts)
        .containsExactly(
            at("2026-11-23T10:00"),
            at("2026-11-23T12:00"),
            at("2026-11-23T14:00"),
            at("2026-11-25T10:00"),
            at("2026-11-25T12:00"));
  }
}
