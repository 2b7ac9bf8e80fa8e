package com.huifang.scheduler.priority;

import com.huifang.scheduler.task.CaseType;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A task's tier at a moment. "Last month" is the campaign zone's calendar month at that moment, so
 * a problem case moves from {@link Tier#LAST_MONTH} to {@link Tier#MONTH_BEFORE_LAST} to {@link
 * Tier#OLDER} as months turn; {@link #month} tells the store when to recompute.
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
      case PROBLEM, SUB_STANDARD -> byAge(issuedMonth, month(now, zone));
    };
  }

  /**
   * The calendar month tiers are counted from at {@code now}: the month in {@code zone}. When it
   * differs from the one a campaign's cases were last tiered in, their tiers must be recomputed.
   */
  public static YearMonth month(Instant now, ZoneId zone) {
    return YearMonth.from(now.atZone(zone));
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
