package com.huifang.scheduler.store;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads and writes {@link StoredTask} rows. */
final class TaskRows {

  static final String COLUMNS =
      "id, campaign_id, holder_id, policy_no, product_type, case_type, issued_month, phones,"
          + " struck_phones, state, pass_no, phone_index, pass_starts, tier, deadline, next_due_at,"
          + " appointment_at, branch_reason, categories, attempt_id, summary_result,"
          + " surrender_warning, closed_at, cancelled_at";

  /** {@link #COLUMNS}, each qualified with {@code prefix} ({@code "t."}). */
  static String columns(String prefix) {
    return Arrays.stream(COLUMNS.split(","))
        .map(c -> prefix + c.strip())
        .collect(Collectors.joining(", "));
  }

  /** Writes every scheduling column, only if the row is still in the state it was read in. */
  static final String UPDATE =
      "UPDATE task SET state = $2, pass_no = $3, phone_index = $4, struck_phones = $5,"
          + " pass_starts = $6, tier = $7, rank = $8, next_due_at = $9, appointment_at = $10,"
          + " branch_reason = $11, categories = $12, attempt_id = $13, summary_result = $14,"
          + " surrender_warning = $15, closed_at = $16, last_outcome = coalesce($17, last_outcome),"
          + " phones = $18, case_type = $19, updated_at = $20, version = version + 1"
          + " WHERE id = $1 AND state = $21";

  static final String HISTORY =
      "INSERT INTO task_history (task_id, at, old_state, new_state, cause, attempt_id, actor)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)";

  /**
   * {@link #UPDATE} and {@link #HISTORY} for many tasks in one statement, as the common table
   * expressions {@code moved} and {@code hist}: {@code $1} is a JSON array of {@link #row}s, {@code
   * $2}..{@code $8} the {@link #histories} arrays. A task no longer in the state it was read in, or
   * (when the row carries one) no longer at the version it was read at, is not moved, nor is its
   * history row written.
   */
  static final String MOVE =
      """
      moved AS (
        UPDATE task t SET state = v.state, pass_no = v.pass_no, phone_index = v.phone_index,
               struck_phones = v.struck_phones, pass_starts = v.pass_starts, tier = v.tier,
               rank = v.rank, next_due_at = v.next_due_at, appointment_at = v.appointment_at,
               branch_reason = v.branch_reason, categories = v.categories,
               attempt_id = v.attempt_id, summary_result = v.summary_result,
               surrender_warning = v.surrender_warning, closed_at = v.closed_at,
               last_outcome = coalesce(v.outcome, t.last_outcome), phones = v.phones,
               case_type = v.case_type, updated_at = v.at, version = t.version + 1
        FROM jsonb_to_recordset($1::jsonb) AS v(
               id bigint, state text, pass_no int, phone_index int, struck_phones int[],
               pass_starts timestamptz[], tier smallint, rank smallint, next_due_at timestamptz,
               appointment_at timestamptz, branch_reason text, categories text[],
               attempt_id uuid, summary_result text, surrender_warning boolean,
               closed_at timestamptz, outcome text, phones text[], case_type text,
               at timestamptz, read_state text, read_version bigint)
        WHERE t.id = v.id AND t.state = v.read_state
          AND t.version = coalesce(v.read_version, t.version)
        RETURNING t.id
      ), hist AS (
        INSERT INTO task_history (task_id, at, old_state, new_state, cause, attempt_id, actor)
        SELECT h.* FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[],
                               $6::text[], $7::uuid[], $8::text[])
               AS h(task_id, at, old_state, new_state, cause, attempt_id, actor)
        WHERE h.task_id IN (SELECT id FROM moved)
      )
      """;

  /** {@link #MOVE} on its own; returns the ids moved. */
  static final String WRITE_ALL = "WITH " + MOVE + "SELECT id FROM moved";

  private TaskRows() {}

  /**
   * One element of {@link #MOVE}'s array: what {@link #update} binds, by name, and the version the
   * task was read at when the writer holds no lock on it (null when it does).
   */
  static JsonObject row(
      StoredTask t, TaskState readState, Long readVersion, String outcome, Instant now) {
    return new JsonObject()
        .put("id", t.id())
        .put("state", t.state().name())
        .put("pass_no", t.passNo())
        .put("phone_index", t.phoneIndex())
        .put("struck_phones", new JsonArray(t.struck().stream().sorted().toList()))
        .put("pass_starts", new JsonArray(t.passStarts().stream().map(Instant::toString).toList()))
        .put("tier", t.tier().code())
        .put("rank", t.rank())
        .put("next_due_at", text(t.nextDueAt()))
        .put("appointment_at", text(t.appointmentAt()))
        .put("branch_reason", t.branchReason() == null ? null : t.branchReason().name())
        .put("categories", new JsonArray(List.copyOf(t.categories())))
        .put("attempt_id", t.attemptId() == null ? null : t.attemptId().toString())
        .put("summary_result", t.summaryResult())
        .put("surrender_warning", t.surrenderWarning())
        .put("closed_at", text(t.closedAt()))
        .put("outcome", outcome)
        .put("phones", new JsonArray(t.phones().stream().map(PhoneNumber::canonical).toList()))
        .put("case_type", t.caseType().name())
        .put("at", now.toString())
        .put("read_state", readState.name())
        .put("read_version", readVersion);
  }

  /** {@link #WRITE_ALL}'s history arrays for the transitions. */
  static Tuple histories(Tuple into, List<Transition> ts, List<Instant> at, String actor) {
    int n = ts.size();
    Long[] ids = new Long[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] from = new String[n];
    String[] to = new String[n];
    String[] causes = new String[n];
    UUID[] attempts = new UUID[n];
    String[] actors = new String[n];
    for (int i = 0; i < n; i++) {
      Transition t = ts.get(i);
      ids[i] = t.taskId();
      times[i] = Sql.ts(at.get(i));
      from[i] = t.from() == null ? null : t.from().name();
      to[i] = t.to().name();
      causes[i] = t.cause();
      attempts[i] = t.attemptId();
      actors[i] = actor;
    }
    return into.addArrayOfLong(ids)
        .addArrayOfOffsetDateTime(times)
        .addArrayOfString(from)
        .addArrayOfString(to)
        .addArrayOfString(causes)
        .addArrayOfUUID(attempts)
        .addArrayOfString(actors);
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  static StoredTask read(Row r) {
    String[] phones = r.getArrayOfStrings("phones");
    List<PhoneNumber> numbers = new ArrayList<>(phones.length);
    for (String p : phones) {
      numbers.add(PhoneNumber.of(p));
    }
    Set<Integer> struck = new TreeSet<>(Arrays.asList(r.getArrayOfIntegers("struck_phones")));
    List<Instant> starts = new ArrayList<>();
    for (OffsetDateTime o : r.getArrayOfOffsetDateTimes("pass_starts")) {
      starts.add(o.toInstant());
    }
    LocalDate issued = r.getLocalDate("issued_month");
    String reason = r.getString("branch_reason");
    return new StoredTask(
        r.getLong("id"),
        r.getLong("campaign_id"),
        r.getString("holder_id"),
        r.getString("policy_no"),
        ProductType.valueOf(r.getString("product_type")),
        CaseType.valueOf(r.getString("case_type")),
        issued == null ? null : YearMonth.from(issued),
        numbers,
        struck,
        TaskState.valueOf(r.getString("state")),
        r.getInteger("pass_no"),
        r.getInteger("phone_index"),
        starts,
        Tier.byCode(r.getShort("tier")),
        Sql.instant(r.getValue("deadline")),
        Sql.instant(r.getValue("next_due_at")),
        Sql.instant(r.getValue("appointment_at")),
        reason == null ? null : BranchReason.valueOf(reason),
        Arrays.asList(r.getArrayOfStrings("categories")),
        r.getUUID("attempt_id"),
        r.getString("summary_result"),
        r.getBoolean("surrender_warning"),
        Sql.instant(r.getValue("closed_at")),
        Sql.instant(r.getValue("cancelled_at")));
  }

  static Tuple update(StoredTask t, TaskState readState, String outcome, Instant now) {
    return Tuple.tuple()
        .addLong(t.id())
        .addString(t.state().name())
        .addInteger(t.passNo())
        .addInteger(t.phoneIndex())
        .addArrayOfInteger(t.struck().stream().sorted().toArray(Integer[]::new))
        .addArrayOfOffsetDateTime(
            t.passStarts().stream().map(Sql::ts).toArray(OffsetDateTime[]::new))
        .addShort((short) t.tier().code())
        .addShort((short) t.rank())
        .addOffsetDateTime(Sql.ts(t.nextDueAt()))
        .addOffsetDateTime(Sql.ts(t.appointmentAt()))
        .addString(t.branchReason() == null ? null : t.branchReason().name())
        .addArrayOfString(t.categories().toArray(String[]::new))
        .addUUID(t.attemptId())
        .addString(t.summaryResult())
        .addBoolean(t.surrenderWarning())
        .addOffsetDateTime(Sql.ts(t.closedAt()))
        .addString(outcome)
        .addArrayOfString(t.phones().stream().map(PhoneNumber::canonical).toArray(String[]::new))
        .addString(t.caseType().name())
        .addOffsetDateTime(Sql.ts(now))
        .addString(readState.name());
  }

  static Tuple history(Transition t, Instant at, String actor) {
    return Tuple.tuple()
        .addLong(t.taskId())
        .addOffsetDateTime(Sql.ts(at))
        .addString(t.from() == null ? null : t.from().name())
        .addString(t.to().name())
        .addString(t.cause())
        .addUUID(t.attemptId())
        .addString(actor);
  }
}
