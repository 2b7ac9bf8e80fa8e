package com.huifang.dialer.pacing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Answered, abandoned and unanswered customer calls over a rolling window, counted in one-second
 * buckets. Time is always an argument; nothing here reads a clock.
 */
public final class AbandonWindow {

  /** The figures over the window at one instant. */
  public record Rates(long dialled, long answered, long abandoned) {

    /** Answered / dialled, 0 when nothing was dialled. */
    public double answerRate() {
      return dialled == 0 ? 0.0 : (double) answered / dialled;
    }

    /** Abandoned / answered (the regulator's definition), 0 when nothing was answered. */
    public double abandonRate() {
      return answered == 0 ? 0.0 : (double) abandoned / answered;
    }
  }

  private record Bucket(long second, long dialled, long answered, long abandoned) {}

  private final Duration window;
  private final Deque<Bucket> buckets = new ArrayDeque<>();
  private long dialled;
  private long answered;
  private long abandoned;

  public AbandonWindow(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.window = window;
  }

  /** A customer call ended without being answered (busy, no answer, …). */
  public void unanswered(Instant at) {
    add(at, 1, 0, 0);
  }

  /** A customer answered and was connected to an agent in time. */
  public void connected(Instant at) {
    add(at, 1, 1, 0);
  }

  /** A customer answered and no agent was free in time. */
  public void abandoned(Instant at) {
    add(at, 1, 1, 1);
  }

  public Rates rates(Instant now) {
    expire(now);
    return new Rates(dialled, answered, abandoned);
  }

  private void add(Instant at, long d, long a, long ab) {
    expire(at);
    long second = at.getEpochSecond();
    Bucket last = buckets.peekLast();
    if (last != null && last.second() == second) {
      buckets.pollLast();
      buckets.addLast(
          new Bucket(second, last.dialled() + d, last.answered() + a, last.abandoned() + ab));
    } else {
      buckets.addLast(new Bucket(second, d, a, ab));
    }
    dialled += d;
    answered += a;
    abandoned += ab;
  }

  private void expire(Instant now) {
    long oldest = now.minus(window).getEpochSecond();
    while (!buckets.isEmpty() && buckets.peekFirst().second() <= oldest) {
      Bucket b = buckets.pollFirst();
      dialled -= b.dialled();
      answered -= b.answered();
      abandoned -= b.abandoned();
    }
  }
}
