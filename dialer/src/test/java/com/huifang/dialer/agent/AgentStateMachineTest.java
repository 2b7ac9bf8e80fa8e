package com.huifang.dialer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.agent.AgentEvent.AgentUnreachable;
import com.huifang.dialer.agent.AgentEvent.CallAssigned;
import com.huifang.dialer.agent.AgentEvent.CallEnded;
import com.huifang.dialer.agent.AgentEvent.Requested;
import com.huifang.dialer.agent.AgentEvent.SummarySubmitted;
import com.huifang.dialer.agent.AgentStateMachine.Transition;
import com.huifang.dialer.agent.AgentStateMachine.Transition.Moved;
import com.huifang.dialer.agent.AgentStateMachine.Transition.Refused;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AgentStateMachineTest {

  private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
  private static final Instant T1 = T0.plusSeconds(30);
  private static final UUID CALL = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-000000000002");

  @ParameterizedTest
  @EnumSource(
      value = AgentState.class,
      names = {"OFFLINE", "IDLE", "PAUSED"})
  void off_call_an_agent_may_ask_for_idle_paused_or_offline(AgentState from) {
    for (AgentState wanted : List.of(AgentState.IDLE, AgentState.PAUSED, AgentState.OFFLINE)) {
      Transition t =
          AgentStateMachine.transition(AgentStatus.of(from, T0), new Requested(wanted), T1);

      assertThat(t).isEqualTo(new Moved(AgentStatus.of(wanted, T1)));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = AgentState.class,
      names = {"ON_CALL", "WRAP_UP"})
  void on_a_call_or_in_wrap_up_the_agent_cannot_change_state_by_request(AgentState from) {
    AgentStatus busy = AgentStatus.withCall(from, CALL, T0);

    for (AgentState wanted : List.of(AgentState.IDLE, AgentState.PAUSED, AgentState.OFFLINE)) {
      assertThat(AgentStateMachine.transition(busy, new Requested(wanted), T1))
          .isInstanceOf(Refused.class);
    }
  }

  @Test
  void only_an_idle_agent_is_given_a_call() {
    assertThat(
            AgentStateMachine.transition(
                AgentStatus.of(AgentState.IDLE, T0), new CallAssigned(CALL), T1))
        .isEqualTo(new Moved(AgentStatus.withCall(AgentState.ON_CALL, CALL, T1)));

    for (AgentState from : List.of(AgentState.OFFLINE, AgentState.PAUSED)) {
      assertThat(AgentStateMachine.transition(AgentStatus.of(from, T0), new CallAssigned(CALL), T1))
          .isInstanceOf(Refused.class);
    }
  }

  @Test
  void an_agent_on_a_call_gets_no_second_call() {
    Transition t =
        AgentStateMachine.transition(
            AgentStatus.withCall(AgentState.ON_CALL, CALL, T0), new CallAssigned(OTHER), T1);

    assertThat(t).isInstanceOf(Refused.class);
    assertThat(((Refused) t).reason()).contains("ON_CALL");
  }

  @Test
  void hang_up_starts_wrap_up_and_the_summary_ends_it() {
    AgentStatus onCall = AgentStatus.withCall(AgentState.ON_CALL, CALL, T0);

    Transition ended = AgentStateMachine.transition(onCall, new CallEnded(CALL), T1);
    assertThat(ended).isEqualTo(new Moved(AgentStatus.withCall(AgentState.WRAP_UP, CALL, T1)));

    AgentStatus wrapUp = ((Moved) ended).status();
    assertThat(AgentStateMachine.transition(wrapUp, new SummarySubmitted(CALL), T1.plusSeconds(5)))
        .isEqualTo(new Moved(AgentStatus.of(AgentState.IDLE, T1.plusSeconds(5))));
  }

  @Test
  void a_summary_for_another_call_or_during_the_call_is_refused() {
    AgentStatus wrapUp = AgentStatus.withCall(AgentState.WRAP_UP, CALL, T0);
    AgentStatus onCall = AgentStatus.withCall(AgentState.ON_CALL, CALL, T0);

    assertThat(AgentStateMachine.transition(wrapUp, new SummarySubmitted(OTHER), T1))
        .isInstanceOf(Refused.class);
    assertThat(AgentStateMachine.transition(onCall, new SummarySubmitted(CALL), T1))
        .isInstanceOf(Refused.class);
    assertThat(
            AgentStateMachine.transition(
                AgentStatus.of(AgentState.IDLE, T0), new SummarySubmitted(CALL), T1))
        .isInstanceOf(Refused.class);
  }

  @Test
  void an_agent_whose_phone_does_not_answer_is_paused_not_offered_again() {
    AgentStatus onCall = AgentStatus.withCall(AgentState.ON_CALL, CALL, T0);

    assertThat(
            AgentStateMachine.transition(
                onCall, new AgentUnreachable(CALL, "phone did not answer (NOANSWER)"), T1))
        .isEqualTo(
            new Moved(
                new AgentStatus(
                    AgentState.PAUSED,
                    Optional.empty(),
                    T1,
                    Optional.of("phone did not answer (NOANSWER)"))));
    assertThat(
            AgentStateMachine.transition(
                AgentStatus.of(AgentState.IDLE, T0), new AgentUnreachable(CALL, "BUSY"), T1))
        .isInstanceOf(Refused.class);
  }

  @Test
  void the_pause_reason_goes_with_the_pause_and_is_gone_when_the_agent_is_idle_again() {
    AgentStatus paused =
        ((Moved)
                AgentStateMachine.transition(
                    AgentStatus.withCall(AgentState.ON_CALL, CALL, T0),
                    new AgentUnreachable(CALL, "phone did not answer (BUSY)"),
                    T1))
            .status();

    Transition back = AgentStateMachine.transition(paused, new Requested(AgentState.IDLE), T1);

    assertThat(paused.reason()).contains("phone did not answer (BUSY)");
    assertThat(back).isEqualTo(new Moved(AgentStatus.of(AgentState.IDLE, T1)));
  }

  @Test
  void call_end_for_an_agent_not_on_that_call_is_refused() {
    assertThat(
            AgentStateMachine.transition(
                AgentStatus.withCall(AgentState.ON_CALL, CALL, T0), new CallEnded(OTHER), T1))
        .isInstanceOf(Refused.class);
    assertThat(
            AgentStateMachine.transition(
                AgentStatus.withCall(AgentState.WRAP_UP, CALL, T0), new CallEnded(CALL), T1))
        .isInstanceOf(Refused.class);
  }
}
