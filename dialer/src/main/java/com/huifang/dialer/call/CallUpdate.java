package com.huifang.dialer.call;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the {@link CallTracker} tells its caller about a call: that the customer answered (connect
 * an agent, start recording) or that the call is over with its outcome.
 */
public sealed interface CallUpdate {

  UUID attemptId();

  /**
   * The customer answered: sent once per call, as soon as the first sign of the answer arrives.
   *
   * @param channel the originated channel to redirect or bridge to an agent; empty when the PBX has
   *     not named it yet
   */
  record Answered(UUID attemptId, String channel, Instant at) implements CallUpdate {
    public Answered {
      Objects.requireNonNull(attemptId, "attemptId");
      channel = channel == null ? "" : channel;
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The call is over: every leg hung up and the PBX answered the Originate, or it expired.
   *
   * @param farCause the Q.850 cause of the leg furthest towards the customer (0 when none)
   * @param dialStatus the DialStatus of the dial towards the customer (empty when none)
   * @param answeredAt when the customer answered, empty when never
   * @param recordingStartedAt when MixMonitor started, empty when the call was not recorded; the
   *     recording ends at {@code endedAt}
   * @param endedAt the last hang-up, or the expiry time for {@link Outcome#UNKNOWN}
   */
  record CallResult(
      UUID attemptId,
      Outcome outcome,
      int farCause,
      String dialStatus,
      Optional<Instant> answeredAt,
      Optional<Instant> recordingStartedAt,
      Instant endedAt)
      implements CallUpdate {
    public CallResult {
      Objects.requireNonNull(attemptId, "attemptId");
      Objects.requireNonNull(outcome, "outcome");
      dialStatus = dialStatus == null ? "" : dialStatus;
      Objects.requireNonNull(answeredAt, "answeredAt");
      Objects.requireNonNull(recordingStartedAt, "recordingStartedAt");
      Objects.requireNonNull(endedAt, "endedAt");
    }
  }
}
