package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.phone.DuplicateNumberRule;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.report.CallbackMethod;
import com.huifang.scheduler.retry.BranchReturn;
import com.huifang.scheduler.retry.Decision;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.SummaryResult;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What the branch does with a case: returns it ({@link TaskStore#returnFromBranch}), back in the
 * pool with new numbers the duplicate-number rule lets be dialled and/or a booked time, or settles
 * it with its own visit or letter ({@link TaskStore#settleAtBranch}); history kept either way.
 */
final class BranchReturns {

  private final Pool pool;
  private final HolidayCalendar holidays;

  BranchReturns(Pool pool, HolidayCalendar holidays) {
    this.pool = pool;
    this.holidays = holidays;
  }

  /**
   * The branch fixed a case: new numbers and/or a booked time put it back in the pool as a
   * verification case (核实件), history kept.
   */
  Future<TaskStore.BranchResult> returnFromBranch(
      long taskId, List<PhoneNumber> phones, Instant appointmentAt, String actor, Instant now) {
    return atBranch(
        taskId,
        (tx, t) ->
            CampaignStore.get(tx, t.campaignId())
                .compose(c -> giveBack(tx, t, c.orElseThrow(), phones, appointmentAt, actor, now)));
  }

  /**
   * The branch's own visit or letter completed the callback: the case is settled, or stays the
   * branch's as a problem case when the customer's answers showed one.
   */
  Future<TaskStore.BranchResult> settle(
      long taskId, TaskStore.BranchCallback callback, String actor, Instant now) {
    Optional<TaskStore.BranchResult> refused = refusal(callback);
    if (refused.isPresent()) {
      return Future.succeededFuture(refused.get());
    }
    Decision decision =
        callback.result() == SummaryResult.PROBLEM
            ? new Decision.ToBranch(BranchReason.PROBLEM, callback.categories())
            : new Decision.Close(callback.result());
    return atBranch(
        taskId,
        (tx, t) -> {
          StoredTask settled = t.apply(decision, now);
          String cause = "BRANCH_" + callback.method().name() + "_" + callback.result().name();
          return TaskChanges.write(
                  tx,
                  List.of(new TaskChanges.Change(t, settled, cause, null, now)),
                  Collections.emptyMap(),
                  actor)
              .map(v -> (TaskStore.BranchResult) new TaskStore.BranchResult.Done(settled));
        });
  }

  /** Why a branch callback cannot be recorded, naming the field; empty when it can. */
  private static Optional<TaskStore.BranchResult> refusal(TaskStore.BranchCallback callback) {
    boolean problem = callback.result() == SummaryResult.PROBLEM;
    if (callback.method() == CallbackMethod.PHONE) {
      return refused("method", "a branch callback is a VISIT or a LETTER");
    }
    if (!problem
        && callback.result() != SummaryResult.STANDARD
        && callback.result() != SummaryResult.SUB_STANDARD) {
      return refused(
          "result", "a branch callback settles a case as STANDARD, SUB_STANDARD or PROBLEM");
    }
    if (problem && callback.categories().isEmpty()) {
      return refused("categories", "a problem case needs at least one category");
    }
    if (!problem && !callback.categories().isEmpty()) {
      return refused("categories", "only a PROBLEM result has categories");
    }
    return Optional.empty();
  }

  private static Optional<TaskStore.BranchResult> refused(String field, String reason) {
    return Optional.of(new TaskStore.BranchResult.Refused(field, reason));
  }

  /** Runs {@code action} on the task, locked, when it is at the branch. */
  private Future<TaskStore.BranchResult> atBranch(
      long taskId, BiFunction<SqlClient, StoredTask, Future<TaskStore.BranchResult>> action) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT " + TaskRows.COLUMNS + " FROM task WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(taskId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(new TaskStore.BranchResult.NotFound());
                      }
                      StoredTask t = TaskRows.read(rows.iterator().next());
                      if (t.state() != TaskState.AT_BRANCH) {
                        return Future.succeededFuture(
                            new TaskStore.BranchResult.Refused(
                                "state", "the task is " + t.state() + ", not at the branch"));
                      }
                      return action.apply(tx, t);
                    }));
  }

  private Future<TaskStore.BranchResult> giveBack(
      SqlClient tx,
      StoredTask t,
      Campaign campaign,
      List<PhoneNumber> phones,
      Instant appointmentAt,
      String actor,
      Instant now) {
    if (phones.isEmpty()) {
      return putBack(tx, t, campaign, phones, appointmentAt, actor, now);
    }
    return duplicateAmong(tx, t, phones)
        .compose(
            refused ->
                refused.isPresent()
                    ? Future.succeededFuture(refused.get())
                    : putBack(tx, t, campaign, phones, appointmentAt, actor, now));
  }

  /**
   * A refusal naming the first of the branch's new numbers that {@link DuplicateNumberRule} would
   * not let be dialled: the case must come back with a number it may call.
   */
  private static Future<Optional<TaskStore.BranchResult>> duplicateAmong(
      SqlClient tx, StoredTask t, List<PhoneNumber> phones) {
    Future<Map<String, Set<String>>> held = ImportWriter.holders(tx, phones.stream());
    Future<Row> seller =
        tx.preparedQuery("SELECT agent_phone, self_insured FROM task WHERE id = $1")
            .execute(Tuple.of(t.id()))
            .map(rows -> rows.iterator().next());
    return Future.all(held, seller)
        .map(
            v -> {
              String agentPhone = seller.result().getString("agent_phone");
              List<DuplicateNumberRule.Finding> found =
                  DuplicateNumberRule.check(
                      phones,
                      t.holderId(),
                      held.result(),
                      agentPhone == null ? null : PhoneNumber.of(agentPhone),
                      seller.result().getBoolean("self_insured"));
              if (found.isEmpty()) {
                return Optional.empty();
              }
              DuplicateNumberRule.Finding f = found.getFirst();
              String why =
                  f.cause() == DuplicateNumberRule.Cause.AGENT_PHONE
                      ? "a duplicate number: the selling agent's own"
                      : "a duplicate number: already used by "
                          + (DuplicateNumberRule.SHARED_LIMIT - 1)
                          + " other policyholders";
              return Optional.of(
                  new TaskStore.BranchResult.Refused("phones[" + f.phoneIndex() + "]", why));
            });
  }

  private Future<TaskStore.BranchResult> putBack(
      SqlClient tx,
      StoredTask t,
      Campaign campaign,
      List<PhoneNumber> phones,
      Instant appointmentAt,
      String actor,
      Instant now) {
    ZoneId zone = campaign.settings().timezone();
    CampaignRules rules = campaign.settings().rules(holidays);
    return switch (BranchReturn.apply(
        t.branchReason(), t.phones(), t.struck(), phones, appointmentAt, now, zone, rules)) {
      case BranchReturn.Invalid i ->
          Future.succeededFuture(new TaskStore.BranchResult.Refused(i.field(), i.reason()));
      case BranchReturn.Returned r -> {
        StoredTask back =
            t.returned(
                r.task().phones(),
                r.task().struck(),
                r.task().phoneIndex(),
                r.dueAt(),
                r.appointmentAt());
        yield TaskChanges.write(
                tx,
                List.of(new TaskChanges.Change(t, back, "BRANCH_RETURN", null, now)),
                Collections.emptyMap(),
                actor)
            .compose(
                v ->
                    tx.preparedQuery(
                            "INSERT INTO phone_holder (phone, holder_id)"
                                + " SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING")
                        .execute(
                            Tuple.of(
                                back.phones().stream()
                                    .map(PhoneNumber::canonical)
                                    .toArray(String[]::new),
                                t.holderId())))
            .map(v -> (TaskStore.BranchResult) new TaskStore.BranchResult.Done(back));
      }
    };
  }
}
