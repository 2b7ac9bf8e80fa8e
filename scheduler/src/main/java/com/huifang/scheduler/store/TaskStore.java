package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignState;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.priority.BranchLimit;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.priority.TierRule;
import com.huifang.scheduler.report.CallbackMethod;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.SummaryResult;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visit tasks in PostgreSQL: import (insert or update by policy number, admitted by the rules), the
 * duplicate-number rule across every campaign, branch returns, the month-turn re-tiering, and the
 * per-policy view with every attempt.
 */
public final class TaskStore {

  /**
   * What one imported batch did: its rows inserted, updated, sent to the branch, exempt and
   * cancelled, and the pending tasks it sent to the branch too, as duplicates (other holders of a
   * number its rows gave a third holder, in any campaign, earlier rows of the file among them).
   */
  public record Imported(
      int inserted, int updated, int toBranch, int exempt, int cancelled, int othersToBranch) {

    public static final Imported NONE = new Imported(0, 0, 0, 0, 0, 0);

    public Imported withOthersToBranch(int n) {
      return new Imported(inserted, updated, toBranch, exempt, cancelled, n);
    }

    public Imported plus(Imported o) {
      return new Imported(
          inserted + o.inserted,
          updated + o.updated,
          toBranch + o.toBranch,
          exempt + o.exempt,
          cancelled + o.cancelled,
          othersToBranch + o.othersToBranch);
    }
  }

  /** What a branch return or a branch's own callback did. */
  /**
   * A callback the branch did itself: how, with what result, and the categories of a problem it
   * found.
   */
  public record BranchCallback(
      CallbackMethod method, SummaryResult result, List<String> categories) {

    public BranchCallback {
      categories = List.copyOf(categories);
    }
  }

  public sealed interface BranchResult {
    /** The task as the branch left it. */
    record Done(StoredTask task) implements BranchResult {}

    record NotFound() implements BranchResult {}

    record Refused(String field, String reason) implements BranchResult {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);

  private final Pool pool;
  private final HolidayCalendar holidays;
  private final ImportWriter writer;
  private final BranchReturns returns;
  private final AtomicLong insertedSinceAnalyze = new AtomicLong();

  public TaskStore(Pool pool, HolidayCalendar holidays) {
    this.pool = pool;
    this.holidays = holidays;
    this.writer = new ImportWriter(holidays);
    this.returns = new BranchReturns(pool, holidays);
  }

  /**
   * Imports validated rows into a campaign in one transaction: new policies are inserted,
   * re-imported ones updated (their scheduling only while they wait in the pool). A row whose
   * number is now shared by three holders goes to the branch, and so do the pending tasks of the
   * other holders of that number.
   */
  public Future<Imported> importRows(Campaign campaign, List<TaskImport> rows, Instant now) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(Imported.NONE);
    }
    if (campaign.state() == CampaignState.STOPPED) {
      return Future.failedFuture(
          new IllegalStateException("campaign " + campaign.id() + " is stopped"));
    }
    return pool.withTransaction(tx -> importInto(tx, campaign, rows, now))
        .compose(done -> analyzeAfter(done).map(done));
  }

  /**
   * New tasks (over one import or several) past which an import refreshes the planner's statistics
   * of the task table.
   */
  public static final int ANALYZE_AFTER_INSERTS = 1_000;

  /**
   * Once imports have added {@link #ANALYZE_AFTER_INSERTS} tasks since the last refresh, refreshes
   * the task table's statistics before the campaign is handed out. Until autovacuum gets to it (up
   * to a minute, never when it is off), the planner would see the campaign as empty: it planned the
   * hand-out's sibling lookup as a walk over every due task (seconds per lease instead of
   * milliseconds), and the hand-out's one kept plan is only made again after a refresh. Never
   * fails: the import is committed, and statistics not refreshed now are autovacuum's to refresh.
   */
  public Future<Void> analyzeAfter(Imported imported) {
    long since = insertedSinceAnalyze.addAndGet(imported.inserted());
    if (since < ANALYZE_AFTER_INSERTS || !insertedSinceAnalyze.compareAndSet(since, 0)) {
      return Future.succeededFuture();
    }
    return pool.query("ANALYZE task")
        .execute()
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warn(
                  "event=task_statistics_not_refreshed inserted={} reason={}",
                  imported.inserted(),
                  e.getMessage());
              return Future.succeededFuture();
            });
  }

  /**
   * Like {@link #importRows} inside the caller's transaction, so a whole file lands or nothing
   * does. Holds the import lock until that transaction ends.
   */
  public Future<Imported> importInto(
      SqlConnection tx, Campaign campaign, List<TaskImport> rows, Instant now) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(Imported.NONE);
    }
    return writer.write(tx, campaign, rows, now);
  }

  /**
   * The branch fixed a case: new numbers and/or a booked time put it back in the pool as a
   * verification case (核实件), history kept.
   */
  public Future<BranchResult> returnFromBranch(
      long taskId, List<PhoneNumber> phones, Instant appointmentAt, String actor, Instant now) {
    return returns.returnFromBranch(taskId, phones, appointmentAt, actor, now);
  }

  /**
   * The branch did the callback itself, by visit (上门回访) or letter (信函回访), and the customer
   * completed the questionnaire: a standard or sub-standard result settles the case; a problem
   * found makes it a problem case of the branch with its categories (first explanation, 首次解释). The
   * monthly report counts the callback under that method either way.
   */
  public Future<BranchResult> settleAtBranch(
      long taskId, BranchCallback callback, String actor, Instant now) {
    return returns.settle(taskId, callback, actor, now);
  }

  /** What one re-tiering of a campaign did. */
  public record Retiered(int moved, int raced) {}

  /**
   * The campaign's open problem and sub-standard cases, with what {@link TierRule} computes their
   * tier from, and the version they were read at.
   */
  private static final String TIERED =
      "SELECT id, case_type, issued_month, tier, appointment_at IS NOT NULL AS booked, version"
          + " FROM task WHERE campaign_id = $1 AND case_type IN ('PROBLEM', 'SUB_STANDARD')"
          + " AND state NOT IN ('DONE', 'EXEMPT', 'CANCELLED')";

  /**
   * Writes new tiers and ranks, each only if its task is still at the version it was read at and no
   * one else holds it: cases being dialled move too, and an outcome batch writing them must not
   * wait for a re-tiering that waits for it. A task skipped counts as raced.
   */
  private static final String RETIER =
      "WITH locked AS (SELECT id FROM task WHERE id = ANY ($2::bigint[]) FOR UPDATE SKIP LOCKED)"
          + " UPDATE task t SET tier = v.tier, rank = v.rank, version = t.version + 1, updated_at = $1"
          + " FROM unnest($2::bigint[], $3::smallint[], $4::smallint[], $5::bigint[])"
          + " AS v(id, tier, rank, version)"
          + " WHERE t.id = v.id AND t.id IN (SELECT id FROM locked) AND t.version = v.version";

  /**
   * Recomputes the tier of the campaign's open problem and sub-standard cases: "last month" is the
   * campaign zone's calendar at hand-out, so a case moves down a tier when the month turns. Cases
   * being dialled, waiting for a summary or at the branch move too, so they come back to the pool
   * in the tier of the month. A case written by someone else between the read and the write, or
   * held by another writer at the time, is left as that writer leaves it and counted as raced.
   */
  public Future<Retiered> retier(Campaign campaign, Instant now) {
    ZoneId zone = campaign.settings().timezone();
    return pool.preparedQuery(TIERED)
        .execute(Tuple.of(campaign.id()))
        .compose(
            rows -> {
              List<Long> ids = new ArrayList<>();
              List<Short> tiers = new ArrayList<>();
              List<Short> ranks = new ArrayList<>();
              List<Long> versions = new ArrayList<>();
              for (Row r : rows) {
                LocalDate issued = r.getLocalDate("issued_month");
                Tier tier =
                    TierRule.tierOf(
                        CaseType.valueOf(r.getString("case_type")),
                        issued == null ? null : YearMonth.from(issued),
                        now,
                        zone);
                if (tier.code() != r.getShort("tier")) {
                  ids.add(r.getLong("id"));
                  tiers.add((short) tier.code());
                  ranks.add((short) StoredTask.rankOf(tier, r.getBoolean("booked")));
                  versions.add(r.getLong("version"));
                }
              }
              if (ids.isEmpty()) {
                return Future.succeededFuture(new Retiered(0, 0));
              }
              return pool.preparedQuery(RETIER)
                  .execute(
                      Tuple.of(
                          Sql.ts(now),
                          ids.toArray(Long[]::new),
                          tiers.toArray(Short[]::new),
                          ranks.toArray(Short[]::new),
                          versions.toArray(Long[]::new)))
                  .map(
                      written -> new Retiered(written.rowCount(), ids.size() - written.rowCount()));
            });
  }

  /** A task by id. */
  public Future<Optional<StoredTask>> get(long taskId) {
    return pool.preparedQuery("SELECT " + TaskRows.COLUMNS + " FROM task WHERE id = $1")
        .execute(Tuple.of(taskId))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(TaskRows.read(rows.iterator().next())));
  }

  /**
   * api.md {@code GET /api/tasks?policyNo=}: the task(s) of a policy with state, tier, next due
   * time and every attempt (number index only, never the number).
   */
  public Future<JsonArray> byPolicy(String policyNo) {
    return pool.preparedQuery(
            "SELECT t.id, t.campaign_id, t.policy_no, t.state, t.tier, t.case_type, t.next_due_at,"
                + " t.deadline, t.pass_no, t.branch_reason, t.categories, t.summary_result,"
                + " t.surrender_warning, t.appointment_at, t.cancelled_at,"
                + " c.settings ->> 'timezone' AS zone,"
                + " (SELECT max(h.at) FROM task_history h WHERE h.task_id = t.id"
                + " AND h.new_state = 'AT_BRANCH') AS at_branch_since,"
                + " coalesce((SELECT json_agg(json_build_object('id', a.id, 'createdAt',"
                + " a.created_at, 'dialedAt', a.dialed_at, 'phoneIndex', a.phone_index, 'passNo',"
                + " a.pass_no, 'state', a.state, 'outcome', a.outcome, 'cause', a.cause, 'agent',"
                + " a.agent, 'pbx', a.pbx, 'summary', a.summary_result, 'note', a.summary_note)"
                + " ORDER BY a.created_at)"
                + " FROM attempt a WHERE a.id IN (SELECT h.attempt_id FROM task_history h"
                + " WHERE h.task_id = t.id AND h.cause = 'LEASED')), '[]'::json) AS attempts"
                + " FROM task t JOIN campaign c ON c.id = t.campaign_id"
                + " WHERE t.policy_no = $1 ORDER BY t.id")
        .execute(Tuple.of(policyNo))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("id", r.getLong("id"))
                        .put("campaignId", r.getLong("campaign_id"))
                        .put("policyNo", r.getString("policy_no"))
                        .put("state", r.getString("state"))
                        .put("tier", Tier.byCode(r.getShort("tier")).name())
                        .put("caseType", r.getString("case_type"))
                        .put("nextDueAt", text(r.getValue("next_due_at")))
                        .put("deadline", text(r.getValue("deadline")))
                        .put("passNo", r.getInteger("pass_no"))
                        .put("branchReason", r.getString("branch_reason"))
                        .put(
                            "categories", new JsonArray(List.of(r.getArrayOfStrings("categories"))))
                        .put("summaryResult", r.getString("summary_result"))
                        .put("surrenderWarning", r.getBoolean("surrender_warning"))
                        .put("appointmentAt", text(r.getValue("appointment_at")))
                        .put("cancelledAt", text(r.getValue("cancelled_at")))
                        .put("attempts", r.getValue("attempts"))
                        .mergeIn(branchLimit(r)));
              }
              return out;
            });
  }

  /** For a case at the branch: since when, and by when the branch must have handled it (处理时效). */
  private JsonObject branchLimit(Row r) {
    Instant since = Sql.instant(r.getValue("at_branch_since"));
    String reason = r.getString("branch_reason");
    if (!"AT_BRANCH".equals(r.getString("state")) || since == null || reason == null) {
      return new JsonObject();
    }
    BranchLimit limit =
        BranchLimit.of(BranchReason.valueOf(reason), List.of(r.getArrayOfStrings("categories")));
    return new JsonObject()
        .put("atBranchSince", since.toString())
        .put(
            "branchDueAt",
            limit.deadline(since, ZoneId.of(r.getString("zone")), holidays).toString());
  }

  private static String text(Object timestamp) {
    Instant i = Sql.instant(timestamp);
    return i == null ? null : i.toString();
  }
}
