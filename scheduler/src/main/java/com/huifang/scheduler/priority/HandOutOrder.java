package com.huifang.scheduler.priority;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order of hand-out at a moment: appointments that have come due first (earliest appointment
 * first, they are dialled at their time ahead of tier order), then by tier, then earlier deadline,
 * then earlier due time; missing deadlines and due times go last; the task id breaks ties so the
 * order is total.
 *
 * <p>In SQL: {@code ORDER BY CASE WHEN appointment_at <= $now THEN appointment_at END NULLS LAST,
 * tier, deadline NULLS LAST, next_due_at NULLS LAST, id}.
 */
public final class HandOutOrder {

  private HandOutOrder() {}

  public static Comparator<QueueEntry> at(Instant now) {
    Comparator<Instant> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
    return Comparator.comparing((QueueEntry e) -> dueAppointment(e, now), nullsLast)
        .thenComparing(e -> e.tier().code())
        .thenComparing(QueueEntry::deadline, nullsLast)
        .thenComparing(QueueEntry::nextDueAt, nullsLast)
        .thenComparingLong(QueueEntry::taskId);
  }

  private static Instant dueAppointment(QueueEntry e, Instant now) {
    Instant a = e.appointmentAt();
    return a != null && !a.isAfter(now) ? a : null;
  }
}
