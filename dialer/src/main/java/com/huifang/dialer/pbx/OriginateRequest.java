package com.huifang.dialer.pbx;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One outbound call to place. The attempt id becomes the channel id on the PBX, so the call can be
 * found again after a reconnect or a crash.
 *
 * @param channel the dial string, e.g. {@code PJSIP/13800001017@carrier}
 * @param context where the answered call goes in the dialplan (e.g. a holding context)
 * @param ringTimeout how long the far end may ring before it counts as no answer
 * @param variables channel variables (campaign, attempt; never the customer's name)
 */
public record OriginateRequest(
    UUID attemptId,
    String channel,
    String context,
    String extension,
    Duration ringTimeout,
    Map<String, String> variables) {

  public OriginateRequest {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(ringTimeout, "ringTimeout");
    variables = Map.copyOf(variables);
    if (ringTimeout.isNegative() || ringTimeout.isZero()) {
      throw new IllegalArgumentException("ringTimeout must be positive: " + ringTimeout);
    }
  }
}
