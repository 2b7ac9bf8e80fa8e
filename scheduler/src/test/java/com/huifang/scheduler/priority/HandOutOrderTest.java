package com.huifang.scheduler.priority;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.task.ProductType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOutOrderTest {

  private static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");

  @Test
  void tier_then_deadline_then_due_time_with_due_appointments_ahead_of_all() {
    // given
    var newNearDeadline =
        new QueueEntry(1, Tier.NEW, NOW.plusSeconds(60), NOW.minusSeconds(600), null);
    var lastMonthLate =
        new QueueEntry(2, Tier.LAST_MONTH, NOW.plusSeconds(7200), NOW.minusSeconds(600), null);
    var lastMonthEarly =
        new QueueEntry(3, Tier.LAST_MONTH, NOW.plusSeconds(3600), NOW.minusSeconds(60), null);
    var lastMonthEarlySameDeadlineLaterDue =
        new QueueEntry(4, Tier.LAST_MONTH, NOW.plusSeconds(3600), NOW.minusSeconds(30), null);
    var verificationNoDeadline = new QueueEntry(5, Tier.VERIFICATION, null, NOW, null);
    var dueAppointment =
        new QueueEntry(6, Tier.NEW, null, NOW.minusSeconds(10), NOW.minusSeconds(10));
    var futureAppointment =
        new QueueEntry(7, Tier.NEW, null, NOW.plusSeconds(3600), NOW.plusSeconds(3600));
    List<QueueEntry> entries =
        new ArrayList<>(
            List.of(
                newNearDeadline,
                lastMonthLate,
                futureAppointment,
                lastMonthEarlySameDeadlineLaterDue,
                verificationNoDeadline,
                lastMonthEarly,
                dueAppointment));

    // when
    entries.sort(HandOutOrder.at(NOW));

    // then
    assertThat(entries).extracting(QueueEntry::taskId).containsExactly(6L, 5L, 3L, 4L, 2L, 1L, 7L);
  }

  @Test
  void tasks_of_one_holder_make_one_call_in_product_order() {
    // given due tasks in hand-out order: holder A's universal first, then B, then A again
    List<DueTask> due =
        List.of(
            new DueTask(1, "A", "P-U", ProductType.UNIVERSAL),
            new DueTask(2, "B", "P-B", ProductType.HEALTH),
            new DueTask(3, "A", "P-T", ProductType.TRADITIONAL),
            new DueTask(4, "A", "P-P", ProductType.PARTICIPATING));

    // when
    List<MergedCall> calls = CallMerger.merge(due);

    // then
    assertThat(calls).extracting(MergedCall::holderId).containsExactly("A", "B");
    assertThat(calls.getFirst().policyNos()).containsExactly("P-T", "P-P", "P-U");
    assertThat(calls.getFirst().taskIds()).containsExactly(3L, 4L, 1L);
    assertThat(calls.get(1).policyNos()).containsExactly("P-B");
  }
}
