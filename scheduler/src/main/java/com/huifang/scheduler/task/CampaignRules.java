package com.huifang.scheduler.task;

import com.huifang.scheduler.window.AppointmentRule;
import com.huifang.scheduler.window.DialWindow;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Duration;
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

  public CampaignRules withPasses(int passes, Duration interval) {
    return new CampaignRules(kind, passes, interval, window, appointments);
  }

  public CampaignRules withWindow(DialWindow w) {
    return new CampaignRules(kind, maxPasses, passInterval, w, appointments);
  }
}
