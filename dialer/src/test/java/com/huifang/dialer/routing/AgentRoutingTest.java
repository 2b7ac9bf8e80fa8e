package com.huifang.dialer.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.routing.AgentRouting.AgentAfterCall;
import com.huifang.dialer.routing.AgentRouting.Step;
import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AgentRoutingTest {

  @Test
  void in_preview_the_customer_is_dialled_only_once_the_agent_answered() {
    assertThat(AgentRouting.agentAnswered(CallPhase.AGENT_RINGING))
        .isInstanceOf(Step.DialCustomer.class);
  }

  @Test
  void an_agent_phone_dialled_for_a_waiting_customer_that_answers_connects_them() {
    assertThat(AgentRouting.agentAnswered(CallPhase.CONNECTING)).isInstanceOf(Step.Connected.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = CallPhase.class,
      names = {"AGENT_RINGING", "CONNECTING"},
      mode = EnumSource.Mode.EXCLUDE)
  void an_agent_answer_out_of_turn_changes_nothing(CallPhase phase) {
    assertThat(AgentRouting.agentAnswered(phase)).isInstanceOf(Step.Ignore.class);
  }

  @Test
  void in_preview_an_absent_agent_gives_the_attempt_back_untouched_and_is_paused_with_a_reason() {
    Step step = AgentRouting.agentUnreachable(CallPhase.AGENT_RINGING, "NOANSWER");

    assertThat(step).isEqualTo(new Step.ReleaseAttempt("phone did not answer (NOANSWER)"));
  }

  @Test
  void in_preview_the_answered_customer_goes_to_the_agent_already_on_the_line() {
    assertThat(AgentRouting.customerAnswered(CallPhase.RINGING, true))
        .isInstanceOf(Step.PutThroughToReservedAgent.class);
  }

  @Test
  void in_progressive_the_answered_customer_waits_for_an_idle_agent() {
    assertThat(AgentRouting.customerAnswered(CallPhase.RINGING, false))
        .isInstanceOf(Step.FindAgent.class);
  }

  @ParameterizedTest
  @EnumSource(value = CallPhase.class, names = "RINGING", mode = EnumSource.Mode.EXCLUDE)
  void a_second_answer_of_the_same_customer_is_ignored(CallPhase phase) {
    assertThat(AgentRouting.customerAnswered(phase, false)).isInstanceOf(Step.Ignore.class);
    assertThat(AgentRouting.customerAnswered(phase, true)).isInstanceOf(Step.Ignore.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = CallPhase.class,
      names = {"CONNECTING", "WITH_AGENT"})
  void an_agent_phone_that_does_not_answer_a_waiting_customer_sends_them_to_another_agent(
      CallPhase phase) {
    assertThat(AgentRouting.agentUnreachable(phase, "BUSY"))
        .isEqualTo(new Step.FindAnotherAgent("phone did not answer (BUSY)"));
  }

  @ParameterizedTest
  @EnumSource(
      value = CallPhase.class,
      names = {"RINGING", "WAITING_FOR_AGENT", "ABANDONING", "ENDED"})
  void an_agent_failure_reported_late_changes_nothing(CallPhase phase) {
    assertThat(AgentRouting.agentUnreachable(phase, "NOANSWER")).isInstanceOf(Step.Ignore.class);
  }

  @Test
  void another_agent_is_tried_only_within_what_is_left_of_the_agent_wait() {
    Duration wait = Duration.ofMillis(300);

    assertThat(AgentRouting.abandonNow(Duration.ofMillis(299), wait)).isFalse();
    assertThat(AgentRouting.abandonNow(Duration.ofMillis(300), wait)).isTrue();
  }

  @Test
  void abandoned_is_recorded_only_for_a_customer_sent_to_the_abandon_message() {
    for (CallPhase phase : CallPhase.values()) {
      Outcome o = AgentRouting.outcome(phase, Outcome.ANSWERED);
      assertThat(o == Outcome.ABANDONED).as(phase.name()).isEqualTo(phase == CallPhase.ABANDONING);
    }
    assertThat(AgentRouting.outcome(CallPhase.WITH_AGENT, Outcome.EARLY_HANGUP))
        .isEqualTo(Outcome.ANSWERED);
    assertThat(AgentRouting.outcome(CallPhase.RINGING, Outcome.BUSY)).isEqualTo(Outcome.BUSY);
    assertThat(AgentRouting.outcome(CallPhase.WAITING_FOR_AGENT, Outcome.ANSWERED))
        .isEqualTo(Outcome.EARLY_HANGUP);
  }

  @Test
  void a_preview_agent_whose_customer_never_answered_is_idle_again_without_a_summary() {
    assertThat(AgentRouting.agentAfter(CallPhase.RINGING, true)).isEqualTo(AgentAfterCall.IDLE);
    assertThat(AgentRouting.agentAfter(CallPhase.CONNECTING, true)).isEqualTo(AgentAfterCall.IDLE);
    assertThat(AgentRouting.agentAfter(CallPhase.WITH_AGENT, true))
        .isEqualTo(AgentAfterCall.WRAP_UP);
    for (CallPhase phase : EnumSet.allOf(CallPhase.class)) {
      assertThat(AgentRouting.agentAfter(phase, false)).isEqualTo(AgentAfterCall.NONE);
    }
  }
}
