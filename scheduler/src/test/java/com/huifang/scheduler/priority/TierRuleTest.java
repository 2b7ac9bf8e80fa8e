package com.huifang.scheduler.priority;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.task.CaseType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TierRuleTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final YearMonth OCTOBER = YearMonth.parse("2026-10");

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
  }

  @Test
  void verification_cases_come_first_and_new_callbacks_last() {
    Instant now = at("2026-11-23T10:00");

    assertThat(TierRule.tierOf(CaseType.VERIFICATION, null, now, SHANGHAI).code()).isZero();
    assertThat(TierRule.tierOf(CaseType.NEW, OCTOBER, now, SHANGHAI).code()).isEqualTo(4);
  }

  @Test
  void a_problem_case_moves_down_a_tier_as_each_month_turns_in_the_campaign_zone() {
    // given a problem case issued in October
    // then in November it is last month's, in December the month before, in January older
    assertThat(TierRule.tierOf(CaseType.PROBLEM, OCTOBER, at("2026-11-30T23:59:59"), SHANGHAI))
        .isEqualTo(Tier.LAST_MONTH);
    assertThat(TierRule.tierOf(CaseType.PROBLEM, OCTOBER, at("2026-12-01T00:00"), SHANGHAI))
        .isEqualTo(Tier.MONTH_BEFORE_LAST);
    assertThat(TierRule.tierOf(CaseType.SUB_STANDARD, OCTOBER, at("2027-01-01T00:00"), SHANGHAI))
        .isEqualTo(Tier.OLDER);
  }

  @Test
  void the_month_turns_on_the_campaign_zones_calendar_not_utc() {
    // given 2026-11-30T17:00Z is already 2026-12-01 01:00 in Shanghai
    Instant instant = Instant.parse("2026-11-30T17:00:00Z");

    assertThat(TierRule.tierOf(CaseType.PROBLEM, OCTOBER, instant, SHANGHAI))
        .isEqualTo(Tier.MONTH_BEFORE_LAST);
    assertThat(TierRule.tierOf(CaseType.PROBLEM, OCTOBER, instant, ZoneId.of("America/New_York")))
        .isEqualTo(Tier.LAST_MONTH);
  }

  @Test
  void a_case_issued_this_month_or_without_a_month_counts_as_any_other_month() {
    Instant now = at("2026-10-15T10:00");

    assertThat(TierRule.tierOf(CaseType.PROBLEM, OCTOBER, now, SHANGHAI)).isEqualTo(Tier.OLDER);
    assertThat(TierRule.tierOf(CaseType.PROBLEM, null, now, SHANGHAI)).isEqualTo(Tier.OLDER);
  }

  @Test
  void the_month_turns_at_local_midnight_in_the_campaign_zone() {
    Instant shanghaiMidnight = at("2026-12-01T00:00");

    assertThat(TierRule.month(shanghaiMidnight.minusNanos(1), SHANGHAI))
        .isEqualTo(YearMonth.of(2026, 11));
    assertThat(TierRule.month(shanghaiMidnight, SHANGHAI)).isEqualTo(YearMonth.of(2026, 12));
    assertThat(TierRule.month(shanghaiMidnight, ZoneId.of("America/New_York")))
        .isEqualTo(YearMonth.of(2026, 11));
  }

  @Test
  void tier_codes_round_trip() {
    for (Tier t : Tier.values()) {
      assertThat(Tier.byCode(t.code())).isEqualTo(t);
    }
  }
}
