package com.huifang.scheduler.task;

import com.huifang.scheduler.window.AppointmentRule;
import com.huifang.scheduler.window.DialWindow;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The scheduling settings of one campaign: its pass budget (defaults from {@link CampaignKind}, the
 * campaign may override), when dialling is allowed, and how appointments are judged.
 */
public record CampaignRules(
    CampaignKind kind,
    int maxPasses,
    Duration passInterval,
    DialWindow window,
    AppointmentRule appointments) {

  public CampaignRules {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(passInterval, "passInterval");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(appointments, "appointments");
    if (maxPasses < 1) {
      throw new IllegalArgumentException("maxPasses must be at least 1");
    }
    if (passInterval.isNegative()) {
      throw new IllegalArgumentException("passInterval must not be negative");
    }
  }

  /** The kind's budget, domain.md's calling window, daily cap 3 and 2-hour slots. */
  public static CampaignRules defaults(CampaignKind kind, HolidayCalendar holidays) {
    return new CampaignRules(
        kind,
        kind.defaultPasses(),
        kind.defaultPassInterval(),
        DialWindow.defaults(holidays),
        AppointmentRule.DEFAULT);
  }

  /**
   * Whether a call may be placed at {@code now}: inside calling hours, or, for a customer's booked
   * time ({@code booked}), whenever the appointment rule lets a booked call be made.
   */
  public boolean mayDial(Instant now, ZoneId zone, boolean booked) {
    return window.nextOpen(now, zone).equals(now)
        || (booked && appointments.mayDialBooked(now, zone, window.holidays()));
  }

  public CampaignRules withPasses(int passes, Duration interval) {
    return new CampaignRules(kind, passes, interval, window, appointments);
  }

  public CampaignRules withWindow(DialWindow w) {
    return new CampaignRules(kind, maxPasses, passInterval, w, appointments);
  }
}
