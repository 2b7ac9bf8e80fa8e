package com.huifang.scheduler.priority;

import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * How long a branch may take over a case (处理时效, domain.md "Deadlines"): verification case 7 days;
 * in-person visit 7 working days; first explanation 7 working days, or 15 when someone else signed
 * (代签名). Working days are Monday to Friday outside the holiday calendar.
 */
public enum BranchLimit {
  VERIFICATION(7, false),
  IN_PERSON_VISIT(7, true),
  FIRST_EXPLANATION(7, true),
  FIRST_EXPLANATION_PROXY_SIGNATURE(15, true);

  /** The problem-case category of a signature made by someone else (代签名). */
  public static final String PROXY_SIGNATURE = "PROXY_SIGNATURE";

  private final int days;
  private final boolean workingDays;

  BranchLimit(int days, boolean workingDays) {
    this.days = days;
    this.workingDays = workingDays;
  }

  /**
   * The limit for a case the branch got for {@code reason}: a problem case is a first explanation
   * (longer when someone else signed), an in-person visit is one, and every other case is a
   * verification case.
   */
  public static BranchLimit of(BranchReason reason, List<String> categories) {
    return switch (reason) {
      case PROBLEM ->
          categories.contains(PROXY_SIGNATURE)
              ? FIRST_EXPLANATION_PROXY_SIGNATURE
              : FIRST_EXPLANATION;
      case IN_PERSON_VISIT -> IN_PERSON_VISIT;
      case UNREACHABLE,
          WRONG_NUMBER,
          DUPLICATE_NUMBER,
          VERIFICATION,
          REFUSED,
          LANGUAGE,
          POLICY_DATA_WRONG,
          CONTRACT_NOT_RECEIVED ->
          VERIFICATION;
    };
  }

  public int days() {
    return days;
  }

  public boolean workingDays() {
    return workingDays;
  }

  /** The instant the branch's limit runs out for a case handed over at {@code handedAt}. */
  public Instant deadline(Instant handedAt, ZoneId zone, HolidayCalendar holidays) {
    ZonedDateTime local = handedAt.atZone(zone);
    if (!workingDays) {
      return local.plusDays(days).toInstant();
    }
    return ZonedDateTime.of(
            holidays.plusWorkingDays(local.toLocalDate(), days), local.toLocalTime(), zone)
        .toInstant();
  }
}
