package com.huifang.scheduler.priority;

import java.time.Instant;
import java.util.Objects;

/**
 * What the hand-out order looks at for one task. {@code deadline}, {@code nextDueAt} and {@code
 * appointmentAt} may be null (none).
 */
public record QueueEntry(
    long taskId, Tier tier, Instant deadline, Instant nextDueAt, Instant appointmentAt) {

  public QueueEntry {
    Objects.requireNonNull(tier, "tier");
  }
}
