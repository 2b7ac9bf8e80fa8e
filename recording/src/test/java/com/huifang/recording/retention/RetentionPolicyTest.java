package com.huifang.recording.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** 1 March 2026 00:30 in Shanghai, still 28 February in UTC. */
  private static final Instant CALL = Instant.parse("2026-02-28T16:30:00Z");

  @Test
  void three_years_by_the_local_calendar_unless_the_product_type_keeps_longer() {
    RetentionPolicy p =
        new RetentionPolicy(Period.ofYears(3), Map.of("UNIVERSAL", Period.ofYears(10)));

    assertThat(p.retainUntil(CALL, "TRADITIONAL", SHANGHAI))
        .isEqualTo(Instant.parse("2029-02-28T16:30:00Z"));
    assertThat(p.retainUntil(CALL, "UNIVERSAL", SHANGHAI))
        .isEqualTo(Instant.parse("2036-02-29T16:30:00Z"));
  }

  @Test
  void nothing_is_kept_shorter_than_the_regulators_three_years() {
    assertThatThrownBy(() -> new RetentionPolicy(Period.ofYears(2), Map.of()))
        .hasMessageContaining("P3Y");
    assertThatThrownBy(
            () -> new RetentionPolicy(Period.ofYears(3), Map.of("HEALTH", Period.ofMonths(35))))
        .hasMessageContaining("HEALTH");
  }

  @Test
  void audio_under_legal_hold_is_never_purgeable() {
    Instant until = Instant.parse("2029-01-01T00:00:00Z");

    assertThat(RetentionPolicy.purgeable(until, false, until.plusSeconds(1))).isTrue();
    assertThat(RetentionPolicy.purgeable(until, true, until.plusSeconds(1))).isFalse();
    assertThat(RetentionPolicy.purgeable(until, false, until)).isFalse();
  }
}
