package com.huifang.dialer.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Backoff NO_JITTER =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.0);

  @Test
  void delays_double_until_the_cap() {
    Random random = new Random(1);

    assertThat(NO_JITTER.delay(0, random)).isEqualTo(Duration.ofMillis(200));
    assertThat(NO_JITTER.delay(1, random)).isEqualTo(Duration.ofMillis(400));
    assertThat(NO_JITTER.delay(4, random)).isEqualTo(Duration.ofMillis(3200));
    assertThat(NO_JITTER.delay(5, random)).isEqualTo(Duration.ofSeconds(5));
    assertThat(NO_JITTER.delay(10_000, random)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitter_spreads_delays_within_its_bounds_and_never_past_the_cap() {
    Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.2);
    Random random = new Random(42);

    for (int i = 0; i < 1_000; i++) {
      assertThat(jittered.delay(0, random))
          .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
      assertThat(jittered.delay(20, random)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
  }

  @Test
  void the_same_seed_gives_the_same_delays() {
    Backoff jittered = Backoff.DEFAULT;

    assertThat(jittered.delay(3, new Random(7))).isEqualTo(jittered.delay(3, new Random(7)));
  }

  @Test
  void nonsensical_settings_are_refused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
