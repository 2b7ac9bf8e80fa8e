package com.huifang.dialer.pbx;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter for reconnecting to a PBX: {@code initial × multiplier^n},
 * capped at {@code max}, each delay spread by ±{@code jitter} so that several dialer nodes do not
 * reconnect in step. Randomness is an argument (failsafe's {@code randomDelay}).
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.2);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
    if (jitter < 0.0 || jitter >= 1.0) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
  }

  /** The delay before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt, RandomGenerator random) {
    double base = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 62));
    double capped = Math.min(base, max.toNanos());
    double spread = 1.0 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofNanos((long) Math.min(capped * spread, max.toNanos()));
  }
}
