package com.huifang.scheduler.window;

import java.time.LocalTime;
import java.util.Objects;

/** One stretch of local calling time, {@code from} inclusive, {@code to} exclusive. */
public record CallingPeriod(LocalTime from, LocalTime to) {

  public CallingPeriod {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "calling period must end after it starts: " + from + "-" + to);
    }
  }

  public static CallingPeriod of(String from, String to) {
    return new CallingPeriod(LocalTime.parse(from), LocalTime.parse(to));
  }

  public boolean contains(LocalTime t) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}
