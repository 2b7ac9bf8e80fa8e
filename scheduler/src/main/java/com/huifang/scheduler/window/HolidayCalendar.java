package com.huifang.scheduler.window;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/** Public holidays (local dates) on which customers are neither called nor booked. */
public record HolidayCalendar(Set<LocalDate> holidays) {

  public static final HolidayCalendar NONE = new HolidayCalendar(Set.of());

  public HolidayCalendar {
    holidays = Set.copyOf(holidays);
  }

  public static HolidayCalendar of(LocalDate... dates) {
    return new HolidayCalendar(Set.of(dates));
  }

  public boolean isHoliday(LocalDate date) {
    return holidays.contains(date);
  }

  /** Monday to Friday and not a public holiday. */
  public boolean isWorkingDay(LocalDate date) {
    DayOfWeek d = date.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !isHoliday(date);
  }

  /** The date {@code n} working days after {@code start} (start itself does not count). */
  public LocalDate plusWorkingDays(LocalDate start, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative");
    }
    LocalDate d = start;
    int left = n;
    while (left > 0) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }
}
