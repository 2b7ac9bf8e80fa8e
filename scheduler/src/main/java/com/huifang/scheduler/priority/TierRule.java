package com.huifang.scheduler.priority;

import com.huifang.scheduler.task.CaseType;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's tier at a moment. "Last month" is the campaign zone's calendar month at that moment, so
 * a problem case moves from {@link Tier#LAST_MONTH} to {@link Tier#MONTH_BEFORE_LAST} to {@link
 * Tier#OLDER} as months turn; {@link #nextChange} tells the store when to recompute.
 *
 * <p>A problem or sub-standard case without an issue month, or issued this month or later, counts
 * as "any other month".
 */
public final class TierRule {

  private TierRule() {}

  public static Tier tierOf(CaseType caseType, YearMonth issuedMonth, Instant now, ZoneId zone) {
    Objects.requireNonNull(caseType, "caseType");
    return switch (caseType) {
      case VERIFICATION -> Tier.VERIFICATION;
      case NEW -> Tier.NEW;
      case PROBLEM, SUB_STANDARD -> byAge(issuedMonth, YearMonth.from(now.atZone(zone)));
    };
  }

  /**
   * The instant at which {@link #tierOf} will next give a different tier, or empty if it never
   * will. It is always a local midnight on the first of a month in {@code zone}.
   */
  public static Optional<Instant> nextChange(
      CaseType caseType, YearMonth issuedMonth, Instant now, ZoneId zone) {
    if (caseType == CaseType.NEW || caseType == CaseType.VERIFICATION || issuedMonth == null) {
      return Optional.empty();
    }
    YearMonth current = YearMonth.from(now.atZone(zone));
    YearMonth next;
    if (!current.isAfter(issuedMonth)) {
      next = issuedMonth.plusMonths(1);
    } else if (current.isBefore(issuedMonth.plusMonths(3))) {
      next = current.plusMonths(1);
    } else {
      return Optional.empty();
    }
    return Optional.of(next.atDay(1).atStartOfDay(zone).toInstant());
  }

  private static Tier byAge(YearMonth issued, YearMonth current) {
    if (issued == null) {
      return Tier.OLDER;
    }
    if (issued.equals(current.minusMonths(1))) {
      return Tier.LAST_MONTH;
    }
    if (issued.equals(current.minusMonths(2))) {
      return Tier.MONTH_BEFORE_LAST;
    }
    return Tier.OLDER;
  }
}
