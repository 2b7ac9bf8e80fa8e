package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.phone.DuplicateNumberRule;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.priority.Admission;
import com.huifang.scheduler.store.TaskStore.Imported;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes imported rows: new policies inserted, re-imported ones updated (their scheduling only
 * while they wait in the pool), each admitted by the rules; the duplicate-number rule counted over
 * every campaign's holders, and the pending tasks of a number's other holders sent to the branch
 * when a third holder appears.
 */
final class ImportWriter {

  /** Serialises imports so the duplicate-number count never misses a concurrent holder. */
  private static final long IMPORT_LOCK = 0x6875_6966_616eL;

  /**
   * Whether a re-import takes the row's scheduling: while the task waits in the pool or is exempt,
   * and when the policy has been cancelled while its case is at the branch. A task being dialled
   * keeps its state (its outcome sees the cancellation), as does one already settled.
   */
  private static final String TAKES_SCHEDULING =
      "(task.state IN ('PENDING', 'EXEMPT')"
          + " OR (task.state = 'AT_BRANCH' AND EXCLUDED.state = 'CANCELLED'))";

  private static final String UPSERT =
      """
      INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones, case_type,
                        issued_month, receipt_at, cooling_off_end, product_type, agent_code,
                        agent_phone, branch, opt_out, self_insured, state, branch_reason, tier,
                        rank, deadline, next_due_at, appointment_at, created_at, updated_at,
                        cancelled_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
              $19, $20, $21, $22, $23, $23, $24)
      ON CONFLICT (campaign_id, policy_no) DO UPDATE SET
        holder_name = EXCLUDED.holder_name, holder_id = EXCLUDED.holder_id,
        case_type = EXCLUDED.case_type, issued_month = EXCLUDED.issued_month,
        receipt_at = EXCLUDED.receipt_at, cooling_off_end = EXCLUDED.cooling_off_end,
        product_type = EXCLUDED.product_type, agent_code = EXCLUDED.agent_code,
        agent_phone = EXCLUDED.agent_phone, branch = EXCLUDED.branch,
        opt_out = EXCLUDED.opt_out, self_insured = EXCLUDED.self_insured,
        tier = EXCLUDED.tier, deadline = EXCLUDED.deadline,
        cancelled_at = coalesce(EXCLUDED.cancelled_at, task.cancelled_at),
        phones = CASE WHEN task.state IN ('PENDING', 'EXEMPT') THEN EXCLUDED.phones
                      ELSE task.phones END,
        struck_phones = CASE WHEN task.state IN ('PENDING', 'EXEMPT')
                              AND task.phones IS DISTINCT FROM EXCLUDED.phones THEN '{}'
                             ELSE task.struck_phones END,
        phone_index = CASE WHEN task.state IN ('PENDING', 'EXEMPT')
                            AND task.phones IS DISTINCT FROM EXCLUDED.phones THEN 0
                           ELSE task.phone_index END,
        state = CASE WHEN {takes} THEN EXCLUDED.state ELSE task.state END,
        branch_reason = CASE WHEN {takes} THEN EXCLUDED.branch_reason
                             ELSE task.branch_reason END,
        rank = CASE WHEN {takes} THEN EXCLUDED.rank ELSE task.rank END,
        next_due_at = CASE WHEN {takes} THEN EXCLUDED.next_due_at ELSE task.next_due_at END,
        appointment_at = CASE WHEN {takes} THEN EXCLUDED.appointment_at
                              ELSE task.appointment_at END,
        version = task.version + 1, updated_at = EXCLUDED.updated_at
      RETURNING id, state
      """
          .replace("{takes}", TAKES_SCHEDULING);

  private final HolidayCalendar holidays;

  ImportWriter(HolidayCalendar holidays) {
    this.holidays = holidays;
  }

  /**
   * Writes validated rows into a campaign inside the caller's transaction, holding the import lock
   * until that transaction ends.
   */
  Future<Imported> write(SqlConnection tx, Campaign campaign, List<TaskImport> rows, Instant now) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
        .execute(Tuple.of(IMPORT_LOCK))
        .compose(v -> existing(tx, campaign.id(), rows))
        .compose(
            before ->
                holders(tx, rows.stream().flatMap(r -> r.phones().stream()))
                    .compose(held -> upsert(tx, campaign, rows, before, held, now)));
  }

  private static Future<Map<String, TaskState>> existing(
      SqlClient tx, long campaignId, List<TaskImport> rows) {
    String[] policies = rows.stream().map(TaskImport::policyNo).toArray(String[]::new);
    return tx.preparedQuery(
            "SELECT policy_no, state FROM task WHERE campaign_id = $1 AND policy_no = ANY ($2)"
                + " FOR UPDATE")
        .execute(Tuple.tuple().addLong(campaignId).addArrayOfString(policies))
        .map(
            found -> {
              Map<String, TaskState> out = new HashMap<>();
              for (Row r : found) {
                out.put(r.getString("policy_no"), TaskState.valueOf(r.getString("state")));
              }
              return out;
            });
  }

  /** For each of {@code phones}, the policyholders already using it. */
  static Future<Map<String, Set<String>>> holders(SqlClient tx, Stream<PhoneNumber> phones) {
    String[] numbers = phones.map(PhoneNumber::canonical).distinct().toArray(String[]::new);
    return tx.preparedQuery(
            "SELECT phone, array_agg(holder_id) AS holders FROM phone_holder"
                + " WHERE phone = ANY ($1) GROUP BY phone")
        .execute(Tuple.of((Object) numbers))
        .map(
            found -> {
              Map<String, Set<String>> out = new HashMap<>();
              for (Row r : found) {
                out.put(
                    r.getString("phone"), new HashSet<>(List.of(r.getArrayOfStrings("holders"))));
              }
              return out;
            });
  }

  private Future<Imported> upsert(
      SqlClient tx,
      Campaign campaign,
      List<TaskImport> rows,
      Map<String, TaskState> before,
      Map<String, Set<String>> held,
      Instant now) {
    ZoneId zone = campaign.settings().timezone();
    CampaignRules rules = campaign.settings().rules(holidays);
    List<Tuple> upserts = new ArrayList<>(rows.size());
    List<Tuple> pairs = new ArrayList<>();
    List<TaskState> admitted = new ArrayList<>(rows.size());
    Set<String> sharedByThree = new LinkedHashSet<>();
    for (TaskImport row : rows) {
      List<DuplicateNumberRule.Finding> findings =
          DuplicateNumberRule.check(
              row.phones(), row.holderId(), held, row.agentPhone(), row.selfInsured());
      for (PhoneNumber p : row.phones()) {
        held.computeIfAbsent(p.canonical(), k -> new HashSet<>()).add(row.holderId());
        pairs.add(Tuple.of(p.canonical(), row.holderId()));
      }
      for (DuplicateNumberRule.Finding f : findings) {
        if (f.cause() == DuplicateNumberRule.Cause.SHARED_BY_THREE_HOLDERS) {
          sharedByThree.add(f.number().canonical());
        }
      }
      Admission a = Admission.admit(row, findings, now, zone, rules);
      admitted.add(a.state());
      upserts.add(upsertTuple(campaign.id(), row, a, now));
    }
    return tx.preparedQuery(UPSERT)
        .executeBatch(upserts)
        .compose(
            result -> {
              List<Tuple> history = new ArrayList<>();
              int inserted = 0;
              int updated = 0;
              int cancelled = 0;
              int i = 0;
              for (var rs = result; rs != null; rs = rs.next(), i++) {
                Row r = rs.iterator().next();
                TaskImport row = rows.get(i);
                TaskState old = before.get(row.policyNo());
                TaskState now2 = TaskState.valueOf(r.getString("state"));
                if (old == null) {
                  inserted++;
                } else {
                  updated++;
                }
                if (old != now2 && now2 == TaskState.CANCELLED) {
                  cancelled++;
                }
                if (old == null || old != now2) {
                  history.add(
                      TaskRows.history(
                          new Transition(r.getLong("id"), old, now2, cause(old, now2), null),
                          now,
                          "import"));
                }
                before.put(row.policyNo(), now2);
              }
              int toBranch = (int) admitted.stream().filter(s -> s == TaskState.AT_BRANCH).count();
              int exempt = (int) admitted.stream().filter(s -> s == TaskState.EXEMPT).count();
              Imported done = new Imported(inserted, updated, toBranch, exempt, cancelled, 0);
              Future<?> h =
                  history.isEmpty()
                      ? Future.succeededFuture()
                      : tx.preparedQuery(TaskRows.HISTORY).executeBatch(history);
              return h.compose(
                      v ->
                          pairs.isEmpty()
                              ? Future.succeededFuture()
                              : tx.preparedQuery(
                                      "INSERT INTO phone_holder (phone, holder_id) VALUES ($1, $2)"
                                          + " ON CONFLICT DO NOTHING")
                                  .executeBatch(pairs))
                  .compose(v -> branchOtherHolders(tx, sharedByThree, now))
                  .compose(
                      others ->
                          markSharedHolders(tx, campaign.id(), rows)
                              .map(done.withOthersToBranch(others)));
            });
  }

  /** Why an import moved a task: a cancelled policy says so, anything else is the (re-)import. */
  private static String cause(TaskState old, TaskState now) {
    if (now == TaskState.CANCELLED) {
      return "POLICY_CANCELLED";
    }
    return old == null ? "IMPORTED" : "REIMPORTED";
  }

  /**
   * Marks the tasks of holders who now have more than one task in the campaign, so the lease looks
   * for their siblings (and only theirs) to hand out as one call.
   */
  private static Future<Void> markSharedHolders(
      SqlClient tx, long campaignId, List<TaskImport> rows) {
    String[] holders = rows.stream().map(TaskImport::holderId).distinct().toArray(String[]::new);
    return tx.preparedQuery(
            "UPDATE task t SET holder_shared = true"
                + " WHERE t.holder_id = ANY ($2) AND t.campaign_id = $1 AND NOT t.holder_shared"
                + " AND EXISTS (SELECT 1 FROM task o WHERE o.holder_id = t.holder_id"
                + " AND o.campaign_id = t.campaign_id AND o.id <> t.id)")
        .execute(Tuple.tuple().addLong(campaignId).addArrayOfString(holders))
        .mapEmpty();
  }

  /**
   * The third holder of a number appeared: every pending task dialling it goes to the branch.
   * Returns how many went.
   */
  private static Future<Integer> branchOtherHolders(
      SqlClient tx, Set<String> numbers, Instant now) {
    if (numbers.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return tx.preparedQuery(
            "WITH moved AS (UPDATE task SET state = 'AT_BRANCH', branch_reason = 'DUPLICATE_NUMBER',"
                + " next_due_at = NULL, version = version + 1, updated_at = $2"
                + " WHERE state = 'PENDING' AND phones && $1::text[] AND holder_id IN"
                + " (SELECT holder_id FROM phone_holder WHERE phone = ANY ($1::text[]))"
                + " RETURNING id)"
                + " INSERT INTO task_history (task_id, at, old_state, new_state, cause, actor)"
                + " SELECT id, $2, 'PENDING', 'AT_BRANCH', 'DUPLICATE_NUMBER', 'import' FROM moved")
        .execute(Tuple.of(numbers.toArray(String[]::new), Sql.ts(now)))
        .map(moved -> moved.rowCount());
  }

  private static Tuple upsertTuple(long campaignId, TaskImport row, Admission a, Instant now) {
    int rank = StoredTask.rankOf(a.tier(), a.appointmentAt() != null);
    return Tuple.tuple()
        .addLong(campaignId)
        .addString(row.policyNo())
        .addString(row.holderName())
        .addString(row.holderId())
        .addArrayOfString(row.phones().stream().map(PhoneNumber::canonical).toArray(String[]::new))
        .addString(row.caseType().name())
        .addLocalDate(row.issuedMonth() == null ? null : row.issuedMonth().atDay(1))
        .addOffsetDateTime(Sql.ts(row.receiptAt()))
        .addOffsetDateTime(Sql.ts(row.coolingOffEnd()))
        .addString(row.productType().name())
        .addString(row.agentCode())
        .addString(row.agentPhone() == null ? null : row.agentPhone().canonical())
        .addString(row.branch())
        .addBoolean(row.optOut())
        .addBoolean(row.selfInsured())
        .addString(a.state().name())
        .addString(a.branchReason() == null ? null : a.branchReason().name())
        .addShort((short) a.tier().code())
        .addShort((short) rank)
        .addOffsetDateTime(Sql.ts(a.deadline()))
        .addOffsetDateTime(Sql.ts(a.dueAt()))
        .addOffsetDateTime(Sql.ts(a.appointmentAt()))
        .addOffsetDateTime(Sql.ts(now))
        .addOffsetDateTime(Sql.ts(row.cancelledAt()));
  }
}
