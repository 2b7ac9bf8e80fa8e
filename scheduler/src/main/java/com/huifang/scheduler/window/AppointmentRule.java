package com.huifang.scheduler.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * domain.md "When a customer may be called": appointments 10:00–19:30 every day within 4 natural
 * days, public holidays excepted; 08:30–10:00 and 19:30–20:30 only on the customer's explicit
 * request; anything else (earlier than 08:30, later than 20:30, beyond 4 days, on a holiday) sends
 * the task to the branch for an in-person visit.
 *
 * <p>"Within 4 natural days" is read on the customer's local calendar: the appointment's date is at
 * most 4 days after today's date.
 */
public record AppointmentRule(
    CallingPeriod standard, List<CallingPeriod> onExplicitRequest, int naturalDays) {

  public static final AppointmentRule DEFAULT =
      new AppointmentRule(
          CallingPeriod.of("10:00", "19:30"),
          List.of(CallingPeriod.of("08:30", "10:00"), CallingPeriod.of("19:30", "20:30")),
          4);

  public AppointmentRule {
    Objects.requireNonNull(standard, "standard");
    onExplicitRequest = List.copyOf(onExplicitRequest);
    if (naturalDays < 0) {
      throw new IllegalArgumentException("naturalDays must not be negative");
    }
  }

  /**
   * Whether a booked appointment may be dialled at {@code now}: on a day that is not a public
   * holiday, inside the times an appointment may be made for (the standard window, or the early and
   * late ones the customer may ask for). Outside the campaign's calling hours this is the only call
   * that may be placed.
   */
  public boolean mayDialBooked(Instant now, ZoneId zone, HolidayCalendar holidays) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    return !holidays.isHoliday(local.toLocalDate())
        && (standard.contains(time) || onExplicitRequest.stream().anyMatch(p -> p.contains(time)));
  }

  public AppointmentVerdict judge(
      Instant requested,
      boolean explicitRequest,
      Instant now,
      ZoneId zone,
      HolidayCalendar holidays) {
    if (!requested.isAfter(now)) {
      return new AppointmentVerdict.Rejected("appointment " + requested + " is not in the future");
    }
    ZonedDateTime local = requested.atZone(zone);
    LocalDate date = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    LocalDate last = now.atZone(zone).toLocalDate().plusDays(naturalDays);
    if (date.isAfter(last)) {
      return new AppointmentVerdict.InPersonVisit(
          "appointment on " + date + " is beyond " + naturalDays + " natural days");
    }
    if (holidays.isHoliday(date)) {
      return new AppointmentVerdict.InPersonVisit(
          "appointment on " + date + " is a public holiday");
    }
    if (standard.contains(time)) {
      return new AppointmentVerdict.Accepted(requested);
    }
    if (onExplicitRequest.stream().anyMatch(p -> p.contains(time))) {
      return explicitRequest
          ? new AppointmentVerdict.Accepted(requested)
          : new AppointmentVerdict.Rejected(
              "appointment at " + time + " is allowed only on the customer's explicit request");
    }
    return new AppointmentVerdict.InPersonVisit(
        "appointment at " + time + " is outside the times the centre may call");
  }
}
