package com.huifang.scheduler.store;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.report.CallbackMethod;
import com.huifang.scheduler.report.MonthlyReport;
import com.huifang.scheduler.report.MonthlyReportCalculator;
import com.huifang.scheduler.report.ReportAttempt;
import com.huifang.scheduler.report.ReportTask;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The monthly report from what was recorded: tasks due in the month (receipt write-off for new
 * contracts, import otherwise), their successful callbacks from the task history (an agent's
 * summary by phone, or the branch's own visit or letter), refusals from the attempts' summaries,
 * policies withdrawn or surrendered (撤单/退保) with no successful callback, and every dial of the
 * month with its outcome. A problem case (found by an agent, or on the branch's visit or letter)
 * has as cause the agent's note on it, else its categories; it counts as resolved once the branch
 * has returned it to the callback pool. Only facts at or before {@code asOf} count, so a report run
 * again for the same {@code asOf} gives the same figures.
 */
public final class ReportStore {

  private static final String TASKS =
      """
      SELECT t.id, coalesce(t.branch, '') AS branch, coalesce(t.receipt_at, t.created_at) AS due_at,
             t.cooling_off_end, t.cancelled_at, coalesce(nullif(p.categories, '{}'), t.categories) AS categories,
             s.at AS succeeded_at, s.cause AS succeeded_by,
             p.at IS NOT NULL AS problem, p.note AS problem_note,
             (SELECT min(r.at) FROM task_history r
               WHERE r.task_id = t.id AND r.cause = 'BRANCH_RETURN' AND r.at >= p.at
                 AND r.at <= $3) AS resolved_at,
             EXISTS (SELECT 1 FROM task_history h JOIN attempt a ON a.id = h.attempt_id
                     WHERE h.task_id = t.id AND h.cause = 'LEASED'
                       AND a.summary_reason = 'REFUSED' AND a.summary_at <= $3) AS refused
      FROM task t
      LEFT JOIN LATERAL (
        SELECT h.at, h.cause FROM task_history h
        WHERE h.task_id = t.id AND h.at <= $3
          AND h.cause IN ('SUMMARY_STANDARD', 'SUMMARY_SUB_STANDARD', 'SUMMARY_PROBLEM',
                          'BRANCH_VISIT_STANDARD', 'BRANCH_VISIT_SUB_STANDARD',
                          'BRANCH_VISIT_PROBLEM', 'BRANCH_LETTER_STANDARD',
                          'BRANCH_LETTER_SUB_STANDARD', 'BRANCH_LETTER_PROBLEM')
        ORDER BY h.at LIMIT 1) s ON true
      LEFT JOIN LATERAL (
        SELECT h.at, a.summary_note AS note, a.summary_categories AS categories
        FROM task_history h
        LEFT JOIN attempt a ON a.id = h.attempt_id
        WHERE h.task_id = t.id AND h.at <= $3
          AND h.cause IN ('SUMMARY_PROBLEM', 'BRANCH_VISIT_PROBLEM', 'BRANCH_LETTER_PROBLEM')
        ORDER BY h.at LIMIT 1) p ON true
      WHERE coalesce(t.receipt_at, t.created_at) >= $1 AND coalesce(t.receipt_at, t.created_at) < $2
        AND ($4::bigint IS NULL OR t.campaign_id = $4)
      """;

  private static final String ATTEMPTS =
      """
      SELECT coalesce(dialed_at, created_at) AS at, outcome FROM attempt
      WHERE outcome IS NOT NULL AND coalesce(dialed_at, created_at) >= $1
        AND coalesce(dialed_at, created_at) < $2 AND coalesce(dialed_at, created_at) <= $3
        AND ($4::bigint IS NULL OR campaign_id = $4)
      """;

  private final Pool pool;

  public ReportStore(Pool pool) {
    this.pool = pool;
  }

  /** The report of {@code month} in {@code zone}, for one campaign or (null) all of them. */
  public Future<MonthlyReport> monthly(YearMonth month, ZoneId zone, Instant asOf, Long campaign) {
    Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    Tuple args =
        Tuple.tuple()
            .addOffsetDateTime(Sql.ts(from))
            .addOffsetDateTime(Sql.ts(to))
            .addOffsetDateTime(Sql.ts(asOf))
            .addLong(campaign);
    Future<List<ReportTask>> tasks =
        pool.preparedQuery(TASKS).execute(args).map(ReportStore::tasks);
    Future<List<ReportAttempt>> attempts =
        pool.preparedQuery(ATTEMPTS)
            .execute(args)
            .map(
                rows -> {
                  List<ReportAttempt> out = new ArrayList<>();
                  for (Row r : rows) {
                    out.add(
                        new ReportAttempt(
                            Sql.instant(r.getValue("at")),
                            Outcome.valueOf(r.getString("outcome"))));
                  }
                  return out;
                });
    return Future.all(tasks, attempts)
        .map(
            v ->
                MonthlyReportCalculator.compute(
                    month, zone, asOf, tasks.result(), attempts.result()));
  }

  /** How the callback that succeeded was done, from its history cause. */
  private static CallbackMethod method(String cause) {
    for (CallbackMethod m : List.of(CallbackMethod.VISIT, CallbackMethod.LETTER)) {
      if (cause.startsWith("BRANCH_" + m.name() + "_")) {
        return m;
      }
    }
    return CallbackMethod.PHONE;
  }

  /** The agent's own words for a problem case, else its categories. */
  private static String cause(String note, List<String> categories) {
    return note == null || note.isBlank() ? String.join(", ", categories) : note.strip();
  }

  private static List<ReportTask> tasks(Iterable<Row> rows) {
    List<ReportTask> out = new ArrayList<>();
    for (Row r : rows) {
      Optional<Instant> succeeded = Optional.ofNullable(Sql.instant(r.getValue("succeeded_at")));
      String[] given = r.getArrayOfStrings("categories");
      List<String> categories = given == null ? List.of() : Arrays.asList(given);
      Optional<ReportTask.Problem> problem =
          r.getBoolean("problem") && succeeded.isPresent()
              ? Optional.of(
                  new ReportTask.Problem(
                      categories.isEmpty() ? List.of("UNSPECIFIED") : categories,
                      cause(r.getString("problem_note"), categories),
                      Optional.ofNullable(Sql.instant(r.getValue("resolved_at")))))
              : Optional.empty();
      out.add(
          new ReportTask(
              r.getLong("id"),
              r.getString("branch"),
              Sql.instant(r.getValue("due_at")),
              Optional.ofNullable(Sql.instant(r.getValue("cooling_off_end"))),
              succeeded,
              succeeded.map(s -> method(r.getString("succeeded_by"))),
              r.getBoolean("refused"),
              succeeded.isPresent()
                  ? Optional.empty()
                  : Optional.ofNullable(Sql.instant(r.getValue("cancelled_at"))),
              problem));
    }
    return out;
  }
}
