package com.huifang.scheduler.store;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * What the dialer learnt of one attempt, to be recorded and acted on.
 *
 * @param cause the far leg's Q.850 hang-up cause, or null when none was seen
 * @param dialStatus Asterisk's DialStatus, or null
 * @param dialedAt when the originate was sent, or null when it never was
 * @param answeredAt null when not answered
 * @param agent the agent's extension the call was put through to, or null
 */
public record CallReport(
    Outcome outcome,
    Integer cause,
    String dialStatus,
    String pbx,
    String agent,
    Instant dialedAt,
    Instant answeredAt,
    Instant endedAt) {

  public CallReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(endedAt, "endedAt");
  }

  public static CallReport of(Outcome outcome, Instant dialedAt, Instant endedAt) {
    return new CallReport(outcome, null, null, null, null, dialedAt, null, endedAt);
  }
}
