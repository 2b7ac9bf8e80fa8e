package com.huifang.scheduler.report;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Computes a {@link MonthlyReport} from recorded facts. Pure: the month is the calendar month in
 * the given zone, and only what happened at or before {@code asOf} counts, so a report run again
 * later for the same {@code asOf} gives the same figures.
 */
public final class MonthlyReportCalculator {

  private MonthlyReportCalculator() {}

  public static MonthlyReport compute(
      YearMonth month,
      ZoneId zone,
      Instant asOf,
      List<ReportTask> tasks,
      List<ReportAttempt> attempts) {
    Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    List<ReportTask> due =
        tasks.stream()
            .filter(t -> !t.dueAt().isBefore(from) && t.dueAt().isBefore(to))
            .filter(t -> !t.dueAt().isAfter(asOf))
            .toList();

    long refused = due.stream().filter(ReportTask::refused).count();
    long cancelled =
        due.stream()
            .filter(t -> t.cancelledBeforeCallbackAt().filter(c -> !c.isAfter(asOf)).isPresent())
            .count();
    List<ReportTask> succeeded = due.stream().filter(t -> t.succeededBy(asOf)).toList();
    long successful = succeeded.size();
    long inCoolingOff = due.stream().filter(t -> t.succeededInCoolingOffBy(asOf)).count();
    long netDue = Math.max(0, due.size() - refused - cancelled);

    Map<CallbackMethod, Rate> methods = new EnumMap<>(CallbackMethod.class);
    for (CallbackMethod m : CallbackMethod.values()) {
      long n = succeeded.stream().filter(t -> t.method().orElseThrow() == m).count();
      methods.put(m, new Rate(n, successful, m.chineseLabel() + "件数 / 回访成功件数"));
    }
    long visitsAndLetters =
        methods.get(CallbackMethod.VISIT).numerator()
            + methods.get(CallbackMethod.LETTER).numerator();

    List<ReportTask> problems = succeeded.stream().filter(t -> t.problem().isPresent()).toList();
    long problemCount = problems.size();
    long open =
        problems.stream()
            .filter(
                t -> t.problem().orElseThrow().resolvedAt().filter(r -> !r.isAfter(asOf)).isEmpty())
            .count();

    Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    for (ReportAttempt a : attempts) {
      if (!a.at().isBefore(from) && a.at().isBefore(to) && !a.at().isAfter(asOf)) {
        outcomes.merge(a.outcome(), 1L, Long::sum);
      }
    }

    return new MonthlyReport(
        month,
        zone,
        asOf,
        due.size(),
        refused,
        cancelled,
        successful,
        new Rate(successful, netDue, "成功量 / (应访量 - 拒访量 - 回访前撤、退保量)"),
        new Rate(inCoolingOff, due.size(), "犹豫期内成功回访件数 / 应回访件总量"),
        methods,
        new Rate(visitsAndLetters, successful, "(上门回访 + 信函回访) / 回访成功件数"),
        new Rate(problemCount, successful, "问题件数 / 回访件总量"),
        shares(problems, t -> t.problem().orElseThrow().categories(), "问题件分类"),
        shares(problems, t -> List.of(t.problem().orElseThrow().cause()), "问题件原因"),
        shares(problems, t -> List.of(t.branch()), "分支机构问题件"),
        new Rate(open, problemCount, "未处理完毕的问题件数 / 问题件总数"),
        new Rate(problemCount - open, problemCount, "已成功处理的问题件数 / 问题件总数"),
        outcomes);
  }

  /**
   * Counts each key over the problem cases (a case with two categories counts in both), largest
   * first, ties by name.
   */
  private static Map<String, Rate> shares(
      List<ReportTask> problems, Function<ReportTask, List<String>> keys, String what) {
    Map<String, Long> counts = new TreeMap<>();
    for (ReportTask t : problems) {
      for (String key : keys.apply(t)) {
        counts.merge(key, 1L, Long::sum);
      }
    }
    Map<String, Rate> shares = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                shares.put(
                    e.getKey(), new Rate(e.getValue(), problems.size(), what + "件数 / 问题件总数")));
    return shares;
  }
}
