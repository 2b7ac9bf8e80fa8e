package com.huifang.scheduler.report;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The figures a supervisor reports every month (domain.md, last section; seed 002 第七条 and 第十六至十八条),
 * computed by {@link MonthlyReportCalculator}.
 *
 * @param month the calendar month of the report, in {@code zone}
 * @param asOf the statistics time (至统计时): nothing after it counts
 * @param due tasks that became due in the month (应访量)
 * @param successRate 成功量 / (应访量 − 拒访量 − 回访前撤、退保量); must be at least {@link #SUCCESS_TARGET}
 * @param coolingOffSuccessRate 犹豫期内成功回访件数 / 应回访件总量
 * @param methods each method's share of the successful callbacks (回访方式所占比例)
 * @param visitAndLetterShare visits and letters together; at most {@link #VISIT_LETTER_LIMIT}
 * @param problemRate 问题件数 / 回访件总量 (successful callbacks)
 * @param problemsByCategory each category's share of the problem cases, largest first
 * @param problemsByCause each stated cause's share of the problem cases, largest first
 * @param problemsByBranch each branch's share of the problem cases (各中心支公司), largest first
 * @param openProblems problem cases not yet resolved, over all problem cases
 * @param problemCompletionRate 已成功处理的问题件数 / 问题件总数
 * @param outcomes every dial of the month by outcome
 */
public record MonthlyReport(
    YearMonth month,
    ZoneId zone,
    Instant asOf,
    long due,
    long refused,
    long cancelledBeforeCallback,
    long successful,
    Rate successRate,
    Rate coolingOffSuccessRate,
    Map<CallbackMethod, Rate> methods,
    Rate visitAndLetterShare,
    Rate problemRate,
    Map<String, Rate> problemsByCategory,
    Map<String, Rate> problemsByCause,
    Map<String, Rate> problemsByBranch,
    Rate openProblems,
    Rate problemCompletionRate,
    Map<Outcome, Long> outcomes) {

  /** The success rate regulators require (≥ 90 %). */
  public static final double SUCCESS_TARGET = 0.90;

  /** The most visits and letters may be of all callbacks (≤ 10 %). */
  public static final double VISIT_LETTER_LIMIT = 0.10;

  public MonthlyReport {
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(asOf, "asOf");
    methods = Collections.unmodifiableMap(new EnumMap<>(methods));
    problemsByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(problemsByCategory));
    problemsByCause = Collections.unmodifiableMap(new LinkedHashMap<>(problemsByCause));
    problemsByBranch = Collections.unmodifiableMap(new LinkedHashMap<>(problemsByBranch));
    outcomes = Collections.unmodifiableMap(new EnumMap<>(outcomes));
  }

  /** Empty when nothing was due net of refusals and cancellations. */
  public java.util.Optional<Boolean> successTargetMet() {
    return successRate.value().map(v -> v >= SUCCESS_TARGET);
  }

  public java.util.Optional<Boolean> visitAndLetterLimitKept() {
    return visitAndLetterShare.value().map(v -> v <= VISIT_LETTER_LIMIT);
  }
}
