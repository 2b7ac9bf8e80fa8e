package com.huifang.dialer.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer call to place.
 *
 * @param number the national number to dial (put into the PBX's dial pattern)
 * @param variables channel variables: attempt, campaign and policy numbers, never names or numbers
 */
public record DialRequest(
    UUID attemptId, String number, Duration ringTimeout, Map<String, String> variables) {

  public DialRequest {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(ringTimeout, "ringTimeout");
    variables = Map.copyOf(variables);
  }
}
