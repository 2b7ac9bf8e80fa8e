package com.huifang.dialer.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where an agent is: their state, since when, and the call they are on or wrapping up (present
 * exactly in {@code ON_CALL} and {@code WRAP_UP}).
 */
public record AgentStatus(AgentState state, Optional<UUID> attemptId, Instant since) {

  public AgentStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(since, "since");
    boolean withCall = state == AgentState.ON_CALL || state == AgentState.WRAP_UP;
    if (withCall != attemptId.isPresent()) {
      throw new IllegalArgumentException(
          state + (withCall ? " needs the attempt it is about" : " carries no attempt"));
    }
  }

  public static AgentStatus offline(Instant since) {
    return new AgentStatus(AgentState.OFFLINE, Optional.empty(), since);
  }

  static AgentStatus of(AgentState state, Instant since) {
    return new AgentStatus(state, Optional.empty(), since);
  }

  static AgentStatus withCall(AgentState state, UUID attemptId, Instant since) {
    return new AgentStatus(state, Optional.of(attemptId), since);
  }
}
