package com.huifang.dialer.agent;

import com.huifang.dialer.agent.AgentEvent.AgentUnreachable;
import com.huifang.dialer.agent.AgentEvent.CallAssigned;
import com.huifang.dialer.agent.AgentEvent.CallEnded;
import com.huifang.dialer.agent.AgentEvent.Requested;
import com.huifang.dialer.agent.AgentEvent.SummarySubmitted;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The legal moves of an agent, one pure {@link #transition}. Anything not listed is refused with a
 * reason, never applied.
 *
 * <pre>
 * from \ event   Requested(IDLE)  Requested(PAUSED)  Requested(OFFLINE)  CallAssigned  AgentUnreachable  CallEnded  Summary
 * OFFLINE        IDLE             PAUSED             OFFLINE             -             -                 -          -
 * IDLE           IDLE             PAUSED             OFFLINE             ON_CALL       -                 -          -
 * PAUSED         IDLE             PAUSED             OFFLINE             -             -                 -          -
 * ON_CALL        -                -                  -                   -             PAUSED            WRAP_UP    -
 * WRAP_UP        -                -                  -                   -             -                 -          IDLE
 * </pre>
 *
 * Call events must name the call the agent is on; an agent has one call at a time.
 */
public final class AgentStateMachine {

  /** The result of one event. */
  public sealed interface Transition {
    /** The event applied: the agent is now in {@code status}. */
    record Moved(AgentStatus status) implements Transition {}

    /** The event does not apply in the agent's state; nothing changed. */
    record Refused(String reason) implements Transition {}
  }

  private AgentStateMachine() {}

  public static Transition transition(AgentStatus from, AgentEvent event, Instant now) {
    AgentState state = from.state();
    return switch (event) {
      case Requested r -> {
        if (state == AgentState.ON_CALL || state == AgentState.WRAP_UP) {
          yield refuse(
              state == AgentState.ON_CALL
                  ? "the agent is on a call; finish it first"
                  : "submit the call summary first");
        }
        yield new Transition.Moved(AgentStatus.of(r.wanted(), now));
      }
      case CallAssigned c ->
          state == AgentState.IDLE
              ? new Transition.Moved(AgentStatus.withCall(AgentState.ON_CALL, c.attemptId(), now))
              : refuse("only an idle agent can be given a call; the agent is " + state);
      case AgentUnreachable u ->
          onCall(from, AgentState.ON_CALL, u.attemptId())
              .map(reason -> refuse(reason))
              .orElseGet(() -> new Transition.Moved(AgentStatus.pausedBecause(u.reason(), now)));
      case CallEnded e ->
          onCall(from, AgentState.ON_CALL, e.attemptId())
              .map(reason -> refuse(reason))
              .orElseGet(
                  () ->
                      new Transition.Moved(
                          AgentStatus.withCall(AgentState.WRAP_UP, e.attemptId(), now)));
      case SummarySubmitted s -> endWrapUp(from, s.attemptId(), now);
    };
  }

  private static Transition endWrapUp(AgentStatus from, UUID attemptId, Instant now) {
    return onCall(from, AgentState.WRAP_UP, attemptId)
        .map(reason -> refuse(reason))
        .orElseGet(() -> new Transition.Moved(AgentStatus.of(AgentState.IDLE, now)));
  }

  /** Empty when the agent is in {@code expected} with {@code attemptId}; else why not. */
  private static Optional<String> onCall(AgentStatus from, AgentState expected, UUID attemptId) {
    if (from.state() != expected) {
      return Optional.of("the agent is " + from.state() + ", not " + expected);
    }
    if (!from.attemptId().orElseThrow().equals(attemptId)) {
      return Optional.of(
          "the agent is on attempt " + from.attemptId().orElseThrow() + ", not " + attemptId);
    }
    return Optional.empty();
  }

  private static Transition refuse(String reason) {
    return new Transition.Refused(reason);
  }
}
