package com.huifang.dialer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityTest {

  @Test
  void between_reads_this_nodes_own_calls_move_the_last_read() {
    // read: 10 calls on pbx1 over every node, 4 of them this node's (campaign 7, 3 still ringing)
    Capacity.InFlight read =
        new Capacity.InFlight(Map.of("pbx1", 10, "", 2), Map.of(7L, 12), Map.of(7L, 9));
    Capacity.Own then = new Capacity.Own(Map.of("pbx1", 4), Map.of(7L, 4), Map.of(7L, 3));
    // since then this node placed two more on pbx2 and one of its pbx1 calls ended
    Capacity.Own now = new Capacity.Own(Map.of("pbx1", 3, "pbx2", 2), Map.of(7L, 5), Map.of(7L, 4));

    Capacity.InFlight seen = read.plus(then, now);

    assertThat(seen.perPbx())
        .containsEntry("pbx1", 9)
        .containsEntry("pbx2", 2)
        .containsEntry("", 2);
    assertThat(seen.inUse(7)).isEqualTo(13);
    assertThat(seen.ringing(7)).isEqualTo(10);
    assertThat(seen.inUse(8)).as("a campaign with nothing in flight").isZero();
  }

  @Test
  void calls_that_ended_before_the_read_saw_them_never_count_below_zero() {
    Capacity.InFlight read = new Capacity.InFlight(Map.of("pbx1", 1), Map.of(7L, 1), Map.of(7L, 1));
    Capacity.Own then = new Capacity.Own(Map.of("pbx1", 3), Map.of(7L, 3), Map.of(7L, 3));
    Capacity.Own now = new Capacity.Own(Map.of(), Map.of(), Map.of());

    Capacity.InFlight seen = read.plus(then, now);

    assertThat(seen.perPbx()).containsEntry("pbx1", 0);
    assertThat(seen.inUse(7)).isZero();
    assertThat(seen.ringing(7)).isZero();
  }
}
