package com.huifang.dialer.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times faster than real time and can jump ahead, for the demo and
 * end-to-end tests: a campaign of several days runs in a minute while every rule still sees
 * consistent domain time. The simulated PBX runs on the same clock with time scale {@code 1/speed},
 * so rings and talk times shrink alike.
 */
public final class SimClock extends Clock {

  private record Base(Instant instant, long nanos) {}

  private final double speed;
  private volatile Base base;

  public SimClock(Instant start, double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive: " + speed);
    }
    this.speed = speed;
    this.base = new Base(start, System.nanoTime());
  }

  public double speed() {
    return speed;
  }

  @Override
  public Instant instant() {
    Base b = base;
    long elapsed = (long) ((System.nanoTime() - b.nanos()) * speed);
    return b.instant().plusNanos(elapsed);
  }

  /** Moves the clock forward to {@code at} (never back). */
  public synchronized void jumpTo(Instant at) {
    Instant now = instant();
    if (at.isAfter(now)) {
      base = new Base(at, System.nanoTime());
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock runs in UTC");
  }
}
