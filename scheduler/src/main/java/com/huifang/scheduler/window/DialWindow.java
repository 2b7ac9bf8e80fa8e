package com.huifang.scheduler.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * When a task may be dialled (domain.md "When a customer may be called"): inside the calling hours
 * of the customer's local day, never on a public holiday, at most {@code dailyCap} passes a local
 * day, and no two passes in the same {@code slot} of the local day (different times of day).
 *
 * <p>All calendar arithmetic is done on local dates and times of the given zone, so a day that is
 * 23 or 25 hours long (a DST change) still opens at its local opening time.
 */
public record DialWindow(
    CallingHours hours, HolidayCalendar holidays, int dailyCap, Duration slot) {

  public static final int DEFAULT_DAILY_CAP = 3;
  public static final Duration DEFAULT_SLOT = Duration.ofHours(2);

  /** No allowed time a year ahead means the configuration can never dial: a bug, not a state. */
  private static final int HORIZON_DAYS = 366;

  private static final Duration DAY = Duration.ofDays(1);

  public DialWindow {
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(holidays, "holidays");
    Objects.requireNonNull(slot, "slot");
    if (dailyCap < 1) {
      throw new IllegalArgumentException("dailyCap must be at least 1");
    }
    if (slot.isNegative() || slot.isZero() || DAY.toNanos() % slot.toNanos() != 0) {
      throw new IllegalArgumentException("slot must divide the day evenly: " + slot);
    }
  }

  public static DialWindow defaults(HolidayCalendar holidays) {
    return new DialWindow(CallingHours.DEFAULT, holidays, DEFAULT_DAILY_CAP, DEFAULT_SLOT);
  }

  /** The first instant at or after {@code earliest} inside calling hours on a non-holiday. */
  public Instant nextOpen(Instant earliest, ZoneId zone) {
    LocalDate first = earliest.atZone(zone).toLocalDate();
    for (int day = 0; day <= HORIZON_DAYS; day++) {
      LocalDate date = first.plusDays(day);
      if (holidays.isHoliday(date)) {
        continue;
      }
      for (CallingPeriod p : hours.periods()) {
        Instant start = ZonedDateTime.of(date, p.from(), zone).toInstant();
        Instant end = ZonedDateTime.of(date, p.to(), zone).toInstant();
        Instant candidate = start.isAfter(earliest) ? start : earliest;
        if (candidate.isBefore(end)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "no calling time within " + HORIZON_DAYS + " days of " + earliest);
  }

  /**
   * The first instant at or after {@code earliest} at which a new pass of the task may start.
   *
   * @param passStarts when each earlier pass of the task started (its first dial)
   */
  public Instant nextAllowed(List<Instant> passStarts, Instant earliest, ZoneId zone) {
    Instant t = earliest;
    for (int step = 0; step < HORIZON_DAYS * 24; step++) {
      t = nextOpen(t, zone);
      ZonedDateTime local = t.atZone(zone);
      LocalDate date = local.toLocalDate();
      List<ZonedDateTime> sameDay =
          passStarts.stream()
              .map(i -> i.atZone(zone))
              .filter(z -> z.toLocalDate().equals(date))
              .toList();
      if (sameDay.size() >= dailyCap) {
        t = date.plusDays(1).atStartOfDay(zone).toInstant();
        continue;
      }
      long slotNo = slotOf(local.toLocalTime());
      if (sameDay.stream().anyMatch(z -> slotOf(z.toLocalTime()) == slotNo)) {
        t = startOfSlot(date, slotNo + 1, zone);
        continue;
      }
      return t;
    }
    throw new IllegalStateException("no allowed dial time found after " + earliest);
  }

  /** Which slot of the local day a time falls in (0 = from midnight). */
  public long slotOf(LocalTime time) {
    return time.toNanoOfDay() / slot.toNanos();
  }

  private Instant startOfSlot(LocalDate date, long slotNo, ZoneId zone) {
    long slotsPerDay = DAY.toNanos() / slot.toNanos();
    if (slotNo >= slotsPerDay) {
      return date.plusDays(1).atStartOfDay(zone).toInstant();
    }
    LocalTime start = LocalTime.ofNanoOfDay(slotNo * slot.toNanos());
    return ZonedDateTime.of(date, start, zone).toInstant();
  }
}
