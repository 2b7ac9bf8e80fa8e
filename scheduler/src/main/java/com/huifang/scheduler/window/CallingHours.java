package com.huifang.scheduler.window;

import java.util.Comparator;
import java.util.List;

/**
 * The campaign's calling hours (api.md {@code callingHours}) in the customer's local time: sorted,
 * non-overlapping periods.
 */
public record CallingHours(List<CallingPeriod> periods) {

  /** The appointment window of domain.md, used as the default: 10:00–19:30. */
  public static final CallingHours DEFAULT =
      new CallingHours(List.of(CallingPeriod.of("10:00", "19:30")));

  public CallingHours {
    if (periods == null || periods.isEmpty()) {
      throw new IllegalArgumentException("calling hours need at least one period");
    }
    periods = periods.stream().sorted(Comparator.comparing(CallingPeriod::from)).toList();
    for (int i = 1; i < periods.size(); i++) {
      if (periods.get(i).from().isBefore(periods.get(i - 1).to())) {
        throw new IllegalArgumentException(
            "calling periods overlap: " + periods.get(i - 1) + " and " + periods.get(i));
      }
    }
  }

  /**
   * Whether every period lies inside {@code outer}'s periods: a campaign may narrow the calling
   * hours of domain.md, never widen them.
   */
  public boolean within(CallingHours outer) {
    return periods.stream()
        .allMatch(
            p ->
                outer.periods.stream()
                    .anyMatch(o -> !p.from().isBefore(o.from()) && !p.to().isAfter(o.to())));
  }

  public static CallingHours of(CallingPeriod... periods) {
    return new CallingHours(List.of(periods));
  }
}
