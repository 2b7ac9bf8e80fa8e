package com.huifang.recording.retention;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * How long a recording's audio is kept: at least three years from the call (domain.md "Recordings
 * and records"), longer for product types the insurer names. Pure: time and zone are arguments.
 */
public record RetentionPolicy(Period standard, Map<String, Period> byProductType) {

  /** Three years, the regulator's minimum. */
  public static final Period MINIMUM = Period.ofYears(3);

  public static final RetentionPolicy DEFAULT = new RetentionPolicy(MINIMUM, Map.of());

  public RetentionPolicy {
    Objects.requireNonNull(standard, "standard");
    byProductType = Map.copyOf(byProductType);
    if (shorter(standard)) {
      throw new IllegalArgumentException("recordings are kept at least " + MINIMUM);
    }
    byProductType.forEach(
        (type, p) -> {
          if (shorter(p)) {
            throw new IllegalArgumentException(
                "recordings of " + type + " are kept at least " + MINIMUM + ", not " + p);
          }
        });
  }

  /** The last day the audio of a call started at {@code startedAt} must be kept. */
  public Instant retainUntil(Instant startedAt, String productType, ZoneId zone) {
    Period keep =
        productType == null ? standard : byProductType.getOrDefault(productType, standard);
    return startedAt.atZone(zone).plus(keep).toInstant();
  }

  /** Whether audio kept until {@code retainUntil} may be deleted at {@code now}. */
  public static boolean purgeable(Instant retainUntil, boolean legalHold, Instant now) {
    return !legalHold && now.isAfter(retainUntil);
  }

  private static boolean shorter(Period p) {
    return p.toTotalMonths() < MINIMUM.toTotalMonths();
  }
}
