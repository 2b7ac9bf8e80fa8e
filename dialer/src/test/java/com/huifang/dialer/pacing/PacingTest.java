package com.huifang.dialer.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.huifang.dialer.pacing.AbandonWindow.Rates;
import com.huifang.scheduler.campaign.PacingMode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacingTest {

  private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
  private static final PacingSettings PREDICTIVE =
      new PacingSettings(PacingMode.PREDICTIVE, 1.0, 0.03, 3.0);

  @Test
  void progressive_starts_one_call_per_idle_agent_less_those_ringing() {
    DialCapacity capacity = new DialCapacity(5, 2, 2, 60, 60);

    assertThat(capacity.callsToStart(PacingMode.PROGRESSIVE, 1.0)).isEqualTo(3);
  }

  @Test
  void predictive_starts_idle_agents_times_ratio_less_those_ringing() {
    DialCapacity capacity = new DialCapacity(4, 1, 1, 60, 60);

    assertThat(capacity.callsToStart(PacingMode.PREDICTIVE, 2.5)).isEqualTo(9);
  }

  @Test
  void calls_are_bounded_by_the_campaign_limit_and_the_pbx_free_channels() {
    assertThat(new DialCapacity(10, 0, 57, 60, 100).callsToStart(PacingMode.PREDICTIVE, 2.0))
        .isEqualTo(3);
    assertThat(new DialCapacity(10, 0, 0, 60, 4).callsToStart(PacingMode.PREDICTIVE, 2.0))
        .isEqualTo(4);
  }

  @Test
  void a_preview_call_holds_two_channels() {
    assertThat(new DialCapacity(10, 0, 0, 60, 7).callsToStart(PacingMode.PREVIEW, 1.0))
        .isEqualTo(3);
  }

  @Test
  void more_calls_ringing_than_wanted_starts_none() {
    assertThat(new DialCapacity(1, 4, 4, 60, 60).callsToStart(PacingMode.PROGRESSIVE, 1.0))
        .isZero();
  }

  @Test
  void negative_figures_are_a_programming_error() {
    assertThatThrownBy(() -> new DialCapacity(-1, 0, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_window_forgets_calls_older_than_its_length() {
    AbandonWindow window = new AbandonWindow(Duration.ofMinutes(15));
    window.connected(T0);
    window.abandoned(T0);
    window.unanswered(T0.plusSeconds(60));

    assertThat(window.rates(T0.plusSeconds(61))).isEqualTo(new Rates(3, 2, 1));
    assertThat(window.rates(T0.plus(Duration.ofMinutes(15)).plusSeconds(1)))
        .isEqualTo(new Rates(1, 0, 0));
    assertThat(window.rates(T0.plus(Duration.ofMinutes(17)))).isEqualTo(new Rates(0, 0, 0));
  }

  @Test
  void rates_follow_the_regulators_definitions() {
    Rates rates = new Rates(200, 50, 1);

    assertThat(rates.answerRate()).isCloseTo(0.25, within(1e-9));
    assertThat(rates.abandonRate()).isCloseTo(0.02, within(1e-9));
    assertThat(new Rates(0, 0, 0).abandonRate()).isZero();
  }

  @Test
  void predictive_stays_progressive_until_enough_calls_were_answered() {
    assertThat(PredictiveRatio.next(2.0, new Rates(100, 19, 0), PREDICTIVE)).isEqualTo(1.0);
  }

  @Test
  void predictive_climbs_towards_one_over_the_answer_rate_while_abandons_are_low() {
    Rates quarterAnswered = new Rates(400, 100, 0);

    double ratio = 1.0;
    for (int i = 0; i < 50; i++) {
      ratio = PredictiveRatio.next(ratio, quarterAnswered, PREDICTIVE);
    }

    assertThat(ratio).as("1 / 0.25 capped at maxRatio 3.0").isCloseTo(3.0, within(1e-9));
  }

  @Test
  void predictive_backs_off_when_the_abandon_rate_reaches_the_cap_and_never_goes_below_one() {
    Rates tooManyAbandoned = new Rates(400, 100, 3);

    assertThat(PredictiveRatio.next(2.5, tooManyAbandoned, PREDICTIVE))
        .isCloseTo(2.0, within(1e-9));
    assertThat(PredictiveRatio.next(1.1, tooManyAbandoned, PREDICTIVE)).isEqualTo(1.0);
  }

  @Test
  void predictive_holds_between_half_the_cap_and_the_cap() {
    Rates someAbandoned = new Rates(400, 100, 2);

    assertThat(PredictiveRatio.next(1.7, someAbandoned, PREDICTIVE)).isEqualTo(1.7);
  }

  @Test
  void predictive_comes_down_when_the_answer_rate_rises() {
    Rates mostAnswered = new Rates(100, 80, 0);

    assertThat(PredictiveRatio.next(2.0, mostAnswered, PREDICTIVE)).isCloseTo(1.9, within(1e-9));
  }

  @Test
  void settings_refuse_a_ratio_below_one_or_an_abandon_cap_outside_zero_to_one() {
    assertThatThrownBy(() -> new PacingSettings(PacingMode.PREDICTIVE, 0.5, 0.03, 3.0))
        .hasMessageContaining("ratio");
    assertThatThrownBy(() -> new PacingSettings(PacingMode.PREDICTIVE, 1.0, 1.5, 3.0))
        .hasMessageContaining("maxAbandonRate");
  }
}
