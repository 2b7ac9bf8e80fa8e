package com.huifang.dialer.engine;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How a call ended, as the PBX told it and the classifier read it.
 *
 * @param cause the far leg's Q.850 cause, or null
 * @param dialStatus Asterisk's DialStatus, or null
 * @param answeredAt null when never answered
 */
public record CallEnd(
    UUID attemptId,
    Outcome outcome,
    Integer cause,
    String dialStatus,
    Instant answeredAt,
    Instant endedAt) {

  public CallEnd {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(endedAt, "endedAt");
  }
}
