package com.huifang.scheduler.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialWindowTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private final DialWindow window = DialWindow.defaults(HolidayCalendar.NONE);

  private static Instant at(String local, ZoneId zone) {
    return java.time.LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  @Test
  void a_time_inside_calling_hours_is_allowed_as_is() {
    Instant t = at("2026-11-23T11:15", SHANGHAI);

    assertThat(window.nextAllowed(List.of(), t, SHANGHAI)).isEqualTo(t);
  }

  @Test
  void before_opening_waits_for_ten_and_after_closing_waits_for_the_next_morning() {
    assertThat(window.nextOpen(at("2026-11-23T07:00", SHANGHAI), SHANGHAI))
        .isEqualTo(at("2026-11-23T10:00", SHANGHAI));
    assertThat(window.nextOpen(at("2026-11-23T19:30", SHANGHAI), SHANGHAI))
        .isEqualTo(at("2026-11-24T10:00", SHANGHAI));
  }

  @Test
  void a_campaign_may_narrow_calling_hours_to_several_periods() {
    DialWindow narrow =
        new DialWindow(
            CallingHours.of(CallingPeriod.of("14:00", "16:00"), CallingPeriod.of("10:00", "11:00")),
            HolidayCalendar.NONE,
            3,
            Duration.ofHours(2));

    assertThat(narrow.nextOpen(at("2026-11-23T11:00", SHANGHAI), SHANGHAI))
        .isEqualTo(at("2026-11-23T14:00", SHANGHAI));
    assertThat(narrow.nextOpen(at("2026-11-23T16:00", SHANGHAI), SHANGHAI))
        .isEqualTo(at("2026-11-24T10:00", SHANGHAI));
  }

  @Test
  void public_holidays_are_skipped() {
    // given 2026-10-01..03 are holidays
    DialWindow w =
        DialWindow.defaults(
            HolidayCalendar.of(
                LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-02"),
                LocalDate.parse("2026-10-03")));

    // when the earliest wanted time is on the first holiday
    Instant next = w.nextAllowed(List.of(), at("2026-10-01T12:00", SHANGHAI), SHANGHAI);

    // then the first working morning after them
    assertThat(next).isEqualTo(at("2026-10-04T10:00", SHANGHAI));
  }

  @Test
  void no_two_passes_in_the_same_two_hour_slot_of_the_local_day() {
    // given a pass started at 10:05 (slot 10:00-12:00)
    List<Instant> starts = List.of(at("2026-11-23T10:05", SHANGHAI));

    // when the next pass is wanted at 11:30
    Instant next = window.nextAllowed(starts, at("2026-11-23T11:30", SHANGHAI), SHANGHAI);

    // then it moves to the start of the next slot
    assertThat(next).isEqualTo(at("2026-11-23T12:00", SHANGHAI));
  }

  @Test
  void at_most_three_passes_a_local_day() {
    // given three passes today in three slots
    List<Instant> starts =
        List.of(
            at("2026-11-23T10:00", SHANGHAI),
            at("2026-11-23T12:30", SHANGHAI),
            at("2026-11-23T14:10", SHANGHAI));

    // when a fourth is wanted in a free slot the same day
    Instant next = window.nextAllowed(starts, at("2026-11-23T16:20", SHANGHAI), SHANGHAI);

    // then the next day's opening
    assertThat(next).isEqualTo(at("2026-11-24T10:00", SHANGHAI));
  }

  @Test
  void the_day_after_the_spring_forward_opens_at_local_ten_not_twenty_four_hours_later() {
    // given the cap is reached on Saturday 2026-03-07 in New York (DST starts Sunday 03-08)
    List<Instant> starts =
        List.of(
            at("2026-03-07T10:00", NEW_YORK),
            at("2026-03-07T12:00", NEW_YORK),
            at("2026-03-07T14:00", NEW_YORK));

    // when
    Instant next = window.nextAllowed(starts, at("2026-03-07T16:00", NEW_YORK), NEW_YORK);

    // then 10:00 EDT on Sunday, which is 14:00Z (not 15:00Z as in EST)
    assertThat(next).isEqualTo(Instant.parse("2026-03-08T14:00:00Z"));
    assertThat(Duration.between(starts.getFirst(), next)).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void slots_are_counted_in_local_time_across_the_autumn_change() {
    // given a pass at 10:30 EDT... on the fall-back day 2026-11-01 the clock is EST from 02:00
    List<Instant> starts = List.of(at("2026-11-01T10:30", NEW_YORK));

    // when the next pass is wanted at 11:15 local
    Instant next = window.nextAllowed(starts, at("2026-11-01T11:15", NEW_YORK), NEW_YORK);

    // then 12:00 EST = 17:00Z
    assertThat(next).isEqualTo(Instant.parse("2026-11-01T17:00:00Z"));
  }

  @Test
  void calling_hours_inside_the_skipped_hour_start_when_the_clock_resumes() {
    // given calling hours 02:00-04:00 local, on the day 02:00-03:00 does not exist in New York
    DialWindow night =
        new DialWindow(
            CallingHours.of(CallingPeriod.of("02:00", "04:00")),
            HolidayCalendar.NONE,
            3,
            Duration.ofHours(2));

    // when
    Instant next = night.nextOpen(at("2026-03-08T00:30", NEW_YORK), NEW_YORK);

    // then 03:00 EDT = 07:00Z
    assertThat(next).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
    assertThat(ZonedDateTime.ofInstant(next, NEW_YORK).getHour()).isEqualTo(3);
  }
}
