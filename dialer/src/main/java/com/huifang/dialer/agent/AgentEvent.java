package com.huifang.dialer.agent;

import java.util.Objects;
import java.util.UUID;

/** What can happen to an agent: their own requests through the API, and the dialer's doings. */
public sealed interface AgentEvent {

  /** {@code POST /api/agents/{ext}/state} with IDLE, PAUSED or OFFLINE. */
  record Requested(AgentState wanted) implements AgentEvent {
    public Requested {
      if (wanted != AgentState.IDLE
          && wanted != AgentState.PAUSED
          && wanted != AgentState.OFFLINE) {
        throw new IllegalArgumentException(
            "an agent may ask for IDLE, PAUSED or OFFLINE, not " + wanted);
      }
    }
  }

  /** The dialer routes an answered customer of {@code attemptId} to this agent. */
  record CallAssigned(UUID attemptId) implements AgentEvent {}

  /**
   * The agent's extension did not answer or was busy: the agent is paused, not retried.
   *
   * @param reason what the PBX said, kept with the pause (e.g. "phone did not answer: NOANSWER")
   */
  record AgentUnreachable(UUID attemptId, String reason) implements AgentEvent {
    public AgentUnreachable {
      Objects.requireNonNull(attemptId, "attemptId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The call ended (either side hung up). */
  record CallEnded(UUID attemptId) implements AgentEvent {}

  /** {@code POST /api/attempts/{id}/summary}. */
  record SummarySubmitted(UUID attemptId) implements AgentEvent {}
}
