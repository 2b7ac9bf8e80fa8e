package com.huifang.scheduler.store;

import com.huifang.scheduler.retry.Decision;
import com.huifang.scheduler.retry.OutcomeRules;
import com.huifang.scheduler.retry.SummaryDecision;
import com.huifang.scheduler.retry.SummaryRules;
import com.huifang.scheduler.store.AttemptStore.Result;
import com.huifang.scheduler.store.TaskChanges.Change;
import com.huifang.scheduler.store.TaskChanges.Key;
import com.huifang.scheduler.store.TaskChanges.Loaded;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Settles an attempt's tasks after the call itself is recorded: by the agent's summary, or, for an
 * attempt whose fate nobody knows, by a reconciliation that found no trace of it. Each loads and
 * locks the tasks, lets the rules decide, and writes the tasks and their history.
 */
final class Settlements {

  private final Pool pool;
  private final HolidayCalendar holidays;

  Settlements(Pool pool, HolidayCalendar holidays) {
    this.pool = pool;
    this.holidays = holidays;
  }

  /** The agent's call summary: settles, sends to the branch, or schedules the next try. */
  Future<Result> summary(UUID attemptId, AgentSummary summary, String actor, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "SELECT campaign_id, task_ids, summary_at, state FROM attempt WHERE id = $1"
                        + " FOR UPDATE")
                .execute(Tuple.of(attemptId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(new Result.NotFound());
                      }
                      Row a = rows.iterator().next();
                      if (a.getValue("summary_at") != null) {
                        return Future.succeededFuture(
                            new Result.Stale("the attempt already has a summary"));
                      }
                      List<Long> ids = Arrays.asList(a.getArrayOfLongs("task_ids"));
                      return TaskChanges.load(tx, new Key(attemptId, a.getLong("campaign_id"), ids))
                          .compose(
                              loaded -> applySummary(tx, loaded, attemptId, summary, actor, now));
                    }));
  }

  private Future<Result> applySummary(
      SqlClient tx,
      Loaded loaded,
      UUID attemptId,
      AgentSummary summary,
      String actor,
      Instant now) {
    CampaignRules rules = loaded.campaign().settings().rules(holidays);
    List<Change> changes = new ArrayList<>();
    for (StoredTask t : loaded.tasks()) {
      if (t.state() != TaskState.AWAITING_SUMMARY || !attemptId.equals(t.attemptId())) {
        continue;
      }
      switch (SummaryRules.decide(t.snapshot(loaded.zone()), summary, now, rules)) {
        case SummaryDecision.Invalid i -> {
          return Future.succeededFuture(new Result.Invalid(i.field(), i.reason()));
        }
        case SummaryDecision.Decided d -> {
          StoredTask next = t.apply(d.decision(), now).keptBy(loaded.campaign().state());
          changes.add(
              new Change(
                  t,
                  d.surrenderWarning() ? next.warned() : next,
                  "SUMMARY_" + summary.result().name(),
                  attemptId,
                  now));
        }
      }
    }
    if (changes.isEmpty()) {
      return Future.succeededFuture(
          new Result.Stale("no task of the attempt is waiting for a summary"));
    }
    return tx.preparedQuery(
            "UPDATE attempt SET summary_result = $2, summary_reason = $3, summary_at = $4,"
                + " surrender_warning = $5, summary_note = $6, summary_categories = $7"
                + " WHERE id = $1")
        .execute(
            Tuple.of(
                attemptId,
                summary.result().name(),
                summary.reason() == null ? null : summary.reason().name(),
                Sql.ts(now),
                summary.surrenderWarning(),
                summary.note(),
                summary.categories().toArray(String[]::new)))
        .compose(v -> applied(tx, changes, actor));
  }

  /**
   * Settles an {@code UNKNOWN} attempt the PBX has no trace of: nobody can tell whether the phone
   * rang, so the attempt stays {@code UNKNOWN} in the record and its tasks move on to their next
   * pass (never straight back to the same number).
   */
  Future<Result> reconcileNotFound(UUID attemptId, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE attempt SET state = 'DONE', outcome = 'UNKNOWN',"
                        + " ended_at = coalesce(ended_at, $2)"
                        + " WHERE id = $1 AND (state IN ('UNKNOWN', 'DIALING')"
                        + " OR (state = 'DONE' AND outcome = 'UNKNOWN'))"
                        + " RETURNING campaign_id, task_ids")
                .execute(Tuple.of(attemptId, Sql.ts(now)))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return stale(tx, attemptId);
                      }
                      Row a = rows.iterator().next();
                      List<Long> ids = Arrays.asList(a.getArrayOfLongs("task_ids"));
                      return TaskChanges.load(tx, new Key(attemptId, a.getLong("campaign_id"), ids))
                          .compose(
                              loaded -> {
                                CampaignRules rules = loaded.campaign().settings().rules(holidays);
                                List<Change> changes = new ArrayList<>();
                                for (StoredTask t : loaded.tasks()) {
                                  if (t.state() != TaskState.UNRESOLVED
                                      && t.state() != TaskState.DIALING) {
                                    continue;
                                  }
                                  Decision d =
                                      OutcomeRules.nextPass(
                                          t.snapshot(loaded.zone()), t.struck(), now, rules);
                                  changes.add(
                                      new Change(
                                          t,
                                          t.apply(d, now).keptBy(loaded.campaign().state()),
                                          "RECONCILED_NOT_FOUND",
                                          attemptId,
                                          now));
                                }
                                return applied(tx, changes, "reconciler");
                              });
                    }));
  }

  private static Future<Result> stale(SqlClient tx, UUID attemptId) {
    return tx.preparedQuery("SELECT state FROM attempt WHERE id = $1")
        .execute(Tuple.of(attemptId))
        .map(
            rows ->
                rows.size() == 0
                    ? new Result.NotFound()
                    : new Result.Stale(
                        "the attempt is " + rows.iterator().next().getString("state")));
  }

  private static Future<Result> applied(SqlClient tx, List<Change> changes, String actor) {
    return TaskChanges.write(tx, changes, Map.of(), actor).map(Result.Applied::new);
  }
}
