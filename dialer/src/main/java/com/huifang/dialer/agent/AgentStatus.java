package com.huifang.dialer.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where an agent is: their state, since when, the call they are on or wrapping up (present exactly
 * in {@code ON_CALL} and {@code WRAP_UP}), and why the dialer paused them (only in {@code PAUSED},
 * when their phone did not answer).
 */
public record AgentStatus(
    AgentState state, Optional<UUID> attemptId, Instant since, Optional<String> reason) {

  public AgentStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(reason, "reason");
    boolean withCall = state == AgentState.ON_CALL || state == AgentState.WRAP_UP;
    if (withCall != attemptId.isPresent()) {
      throw new IllegalArgumentException(
          state + (withCall ? " needs the attempt it is about" : " carries no attempt"));
    }
    if (reason.isPresent() && state != AgentState.PAUSED) {
      throw new IllegalArgumentException("only a paused agent carries a reason, not " + state);
    }
  }

  /** A status without a pause reason. */
  public AgentStatus(AgentState state, Optional<UUID> attemptId, Instant since) {
    this(state, attemptId, since, Optional.empty());
  }

  public static AgentStatus offline(Instant since) {
    return new AgentStatus(AgentState.OFFLINE, Optional.empty(), since);
  }

  static AgentStatus of(AgentState state, Instant since) {
    return new AgentStatus(state, Optional.empty(), since);
  }

  /** Paused by the dialer, saying why (e.g. the agent's phone did not answer). */
  static AgentStatus pausedBecause(String reason, Instant since) {
    return new AgentStatus(AgentState.PAUSED, Optional.empty(), since, Optional.of(reason));
  }

  static AgentStatus withCall(AgentState state, UUID attemptId, Instant since) {
    return new AgentStatus(state, Optional.of(attemptId), since);
  }
}
