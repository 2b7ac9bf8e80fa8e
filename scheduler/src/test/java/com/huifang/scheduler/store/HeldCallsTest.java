package com.huifang.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeldCallsTest {

  private static final Instant AT = Instant.parse("2026-11-23T03:00:00Z");

  @Test
  void the_oldest_calls_are_dropped_beyond_the_capacity() {
    HeldCalls held = new HeldCalls(2);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    held.hold(first, List.of(task(1)), List.of(1L));
    held.hold(second, List.of(task(2)), List.of(1L));
    held.hold(third, List.of(task(3)), List.of(1L));

    assertThat(held.size()).isEqualTo(2);
    assertThat(held.get(first)).isEmpty();
    assertThat(held.get(second)).isPresent();
    assertThat(held.get(third)).isPresent();
  }

  @Test
  void a_dial_mark_is_kept_only_for_a_held_call_and_forgetting_drops_it() {
    HeldCalls held = new HeldCalls(10);
    UUID call = UUID.randomUUID();
    UUID unknown = UUID.randomUUID();
    held.hold(call, List.of(task(1), task(2)), List.of(3L, 4L));

    held.dialled(call, AT);
    held.dialled(unknown, AT);

    assertThat(held.get(call))
        .hasValueSatisfying(
            h -> {
              assertThat(h.dialedAt()).isEqualTo(AT);
              assertThat(h.versions()).containsExactly(3L, 4L);
              assertThat(h.campaignId()).isEqualTo(7);
            });
    assertThat(held.get(unknown)).isEmpty();
    held.forget(call);
    assertThat(held.size()).isZero();
  }

  @Test
  void a_call_is_held_with_one_version_per_task() {
    HeldCalls held = new HeldCalls(10);

    assertThatThrownBy(() -> held.hold(UUID.randomUUID(), List.of(task(1)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 tasks and 0 versions held");
    assertThatThrownBy(() -> new HeldCalls(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static StoredTask task(long id) {
    return new StoredTask(
        id,
        7,
        "H-" + id,
        "P-" + id,
        ProductType.TRADITIONAL,
        CaseType.NEW,
        null,
        List.of(PhoneNumber.of("13900000001")),
        Set.of(),
        TaskState.DIALING,
        1,
        0,
        List.of(),
        Tier.NEW,
        AT.plusSeconds(86_400),
        AT,
        null,
        null,
        List.of(),
        UUID.randomUUID(),
        null,
        false,
        null,
        null);
  }
}
