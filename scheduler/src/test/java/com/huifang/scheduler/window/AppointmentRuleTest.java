package com.huifang.scheduler.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CampaignRules;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AppointmentRuleTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final Instant NOW = at("2026-11-23T09:00");
  private static final AppointmentRule RULE = AppointmentRule.DEFAULT;

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  private static AppointmentVerdict judge(String local, boolean explicit, HolidayCalendar h) {
    return RULE.judge(at(local), explicit, NOW, ZONE, h);
  }

  @Test
  void ten_to_half_past_seven_within_four_days_is_accepted() {
    assertThat(judge("2026-11-23T10:00", false, HolidayCalendar.NONE))
        .isEqualTo(new AppointmentVerdict.Accepted(at("2026-11-23T10:00")));
    assertThat(judge("2026-11-27T19:29", false, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.Accepted.class);
  }

  @Test
  void early_and_late_times_are_accepted_only_on_explicit_request() {
    assertThat(judge("2026-11-24T08:30", true, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.Accepted.class);
    assertThat(judge("2026-11-24T20:00", true, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.Accepted.class);

    assertThat(judge("2026-11-24T08:30", false, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.Rejected.class);
    assertThat(judge("2026-11-24T19:45", false, HolidayCalendar.NONE))
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.type(AppointmentVerdict.Rejected.class))
        .extracting(AppointmentVerdict.Rejected::why)
        .asString()
        .contains("explicit request");
  }

  @Test
  void before_half_past_eight_or_after_half_past_eight_pm_means_an_in_person_visit() {
    assertThat(judge("2026-11-24T08:29", true, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.InPersonVisit.class);
    assertThat(judge("2026-11-24T20:30", true, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.InPersonVisit.class);
    assertThat(judge("2026-11-24T07:00", false, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.InPersonVisit.class);
  }

  @Test
  void beyond_four_natural_days_means_an_in_person_visit() {
    assertThat(judge("2026-11-28T10:00", false, HolidayCalendar.NONE))
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.type(
                AppointmentVerdict.InPersonVisit.class))
        .extracting(AppointmentVerdict.InPersonVisit::why)
        .asString()
        .contains("beyond 4 natural days");
  }

  @Test
  void a_public_holiday_is_not_bookable() {
    HolidayCalendar h = HolidayCalendar.of(LocalDate.parse("2026-11-25"));

    assertThat(judge("2026-11-25T11:00", false, h))
        .isInstanceOf(AppointmentVerdict.InPersonVisit.class);
    assertThat(judge("2026-11-26T11:00", false, h)).isInstanceOf(AppointmentVerdict.Accepted.class);
  }

  @Test
  void a_time_in_the_past_is_rejected() {
    assertThat(judge("2026-11-23T08:59", true, HolidayCalendar.NONE))
        .isInstanceOf(AppointmentVerdict.Rejected.class);
  }

  @Test
  void a_booked_appointment_may_be_dialled_from_08_30_to_20_30_but_not_on_a_holiday() {
    HolidayCalendar none = HolidayCalendar.NONE;

    assertThat(RULE.mayDialBooked(at("2026-11-24T08:30"), ZONE, none)).isTrue();
    assertThat(RULE.mayDialBooked(at("2026-11-24T12:00"), ZONE, none)).isTrue();
    assertThat(RULE.mayDialBooked(at("2026-11-24T20:29"), ZONE, none)).isTrue();
    assertThat(RULE.mayDialBooked(at("2026-11-24T08:29"), ZONE, none)).isFalse();
    assertThat(RULE.mayDialBooked(at("2026-11-24T20:30"), ZONE, none)).isFalse();
    assertThat(
            RULE.mayDialBooked(
                at("2026-11-24T09:00"), ZONE, HolidayCalendar.of(LocalDate.of(2026, 11, 24))))
        .isFalse();
  }

  @Test
  void outside_calling_hours_only_a_booked_call_may_be_placed() {
    CampaignRules rules = CampaignRules.defaults(CampaignKind.NEW_CONTRACT, HolidayCalendar.NONE);

    assertThat(rules.mayDial(at("2026-11-24T11:00"), ZONE, false)).isTrue();
    assertThat(rules.mayDial(at("2026-11-24T09:00"), ZONE, false)).isFalse();
    assertThat(rules.mayDial(at("2026-11-24T09:00"), ZONE, true)).isTrue();
    assertThat(rules.mayDial(at("2026-11-24T21:00"), ZONE, true)).isFalse();
  }
}
