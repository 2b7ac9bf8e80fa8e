package com.huifang.scheduler.priority;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Deadlines of domain.md: a new-contract callback must be done within 10 days of the receipt
 * write-off (回执核销) and, if at all possible, inside the cooling-off period (犹豫期); the deadline is
 * the earlier of the two. A task past its deadline is still called; it is only reported as overdue.
 */
public final class Deadlines {

  public static final int NEW_CONTRACT_DAYS = 10;

  private Deadlines() {}

  /**
   * The earlier of receipt write-off + 10 local calendar days and the cooling-off end; {@code null}
   * when neither is known.
   */
  public static Instant newContract(Instant receiptAt, Instant coolingOffEnd, ZoneId zone) {
    Instant tenDays =
        receiptAt == null ? null : receiptAt.atZone(zone).plusDays(NEW_CONTRACT_DAYS).toInstant();
    if (tenDays == null) {
      return coolingOffEnd;
    }
    if (coolingOffEnd == null) {
      return tenDays;
    }
    return coolingOffEnd.isBefore(tenDays) ? coolingOffEnd : tenDays;
  }

  /** Overdue for the reports: a deadline exists and {@code now} is past it. */
  public static boolean isOverdue(Instant deadline, Instant now) {
    return deadline != null && now.isAfter(deadline);
  }
}
