package com.huifang.dialer.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code PREVIEW} call's first leg: the agent's extension, rung before the customer is dialled.
 *
 * @param extension the agent's extension (put into the PBX's agent dial pattern)
 * @param ringTimeout how long the agent's phone may ring before the agent counts as absent
 * @param variables the attempt's channel variables, as for the customer's leg
 */
public record AgentRing(
    UUID attemptId, String extension, Duration ringTimeout, Map<String, String> variables) {

  public AgentRing {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(ringTimeout, "ringTimeout");
    variables = Map.copyOf(variables);
  }
}
