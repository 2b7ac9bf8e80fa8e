package com.huifang.scheduler.store;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.retry.Decision;
import com.huifang.scheduler.retry.OutcomeRules;
import com.huifang.scheduler.retry.SummaryDecision;
import com.huifang.scheduler.retry.SummaryRules;
import com.huifang.scheduler.store.TaskChanges.Change;
import com.huifang.scheduler.store.TaskChanges.Key;
import com.huifang.scheduler.store.TaskChanges.Loaded;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands due attempts to dialer nodes and records what became of them.
 *
 * <p>The hand-out is one statement: it picks due tasks in hand-out order with {@code FOR UPDATE
 * SKIP LOCKED} (so any number of nodes can lease at once and never get the same task), pulls in the
 * same policyholder's other due tasks (one call per holder), marks them {@code DIALING}, creates
 * one attempt per call with its owner and lease expiry, and writes the history rows. A lease that
 * runs out goes back to the pool, unless the attempt may already have been dialled: then it becomes
 * {@code UNKNOWN} and its tasks wait for reconciliation against the PBX.
 */
public final class AttemptStore {

  /** What recording an outcome or a summary did. */
  public sealed interface Result {
    /** Recorded; the tasks moved as listed. */
    record Applied(List<Transition> transitions) implements Result {}

    /** Nothing changed: the attempt is not open any more (already completed, or not ours). */
    record Stale(String reason) implements Result {}

    /** The summary contradicts itself; nothing changed. */
    record Invalid(String field, String reason) implements Result {}

    /** No such attempt. */
    record NotFound() implements Result {}
  }

  /** An attempt that a node left open. */
  public record OpenAttempt(UUID attemptId, long campaignId, String state, String pbx) {}

  private static final String[] PRODUCT_ORDER =
      Arrays.stream(ProductType.values()).map(Enum::name).toArray(String[]::new);

  /** The most tasks one lease hands out. */
  public static final int MAX_LEASE = 1_000;

  /**
   * The due tasks of campaign $1 at $2 in hand-out order, locked, $6 at most, further narrowed by
   * {@code %2$s}; nothing while the campaign is not running. Rows are locked only as they are
   * taken, so no more than $6 are. The statement's one cached plan is made for reading at most
   * {@code %1$d} (the batch's {@link #readCap}, written into the text: a plan made for {@code LIMIT
   * $6} alone assumes a tenth of the table and sorts every due task). Imports refresh the task
   * table's statistics, which makes that plan be made again for the table as it now is.
   */
  private static final String DUE =
      """
        SELECT * FROM (
          SELECT id, holder_id, holder_shared FROM task
          WHERE campaign_id = $1 AND state = 'PENDING' AND ready AND next_due_at <= $2 %2$s
            AND EXISTS (SELECT 1 FROM campaign WHERE id = $1 AND state = 'RUNNING')
          ORDER BY rank, deadline, next_due_at
          LIMIT %1$d
          FOR UPDATE SKIP LOCKED) d
        LIMIT $6
      """;

  /** The hand-out's first part for small batches: {@code top}, the front of the pool. */
  private static final String FRONT = "WITH top AS (\n%s)";

  /**
   * The read caps: a batch is read with the smallest that holds it. Each cap is a statement that
   * every connection keeps prepared, with a plan of about 300 KB in the server; one per batch size
   * could be a thousand.
   */
  private static final int[] READ_CAPS = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160,
    192, 256, 320, 384, 512, 640, 768, MAX_LEASE
  };

  /**
   * The first part for batches of {@link #SLICED_FROM} or more ($7 the slice to try first). A lone
   * hand-out takes the front of the pool, as {@link #FRONT} does. A hand-out that finds another one
   * on the front (each holds its lane's transaction lock until it commits) takes the best of the
   * first slice nobody else is taking ({@code task.slice}, a sixteenth of the pool by id), so
   * sixteen hand-outs at once read disjoint parts of the index instead of all stepping over each
   * other's rows. Each slice's best are among the pool's best, so the order a campaign is called in
   * is as near to strict as sixteen hand-outs from one front would give, and with $7 drawn at
   * random no slice runs ahead of the others. A slice that runs short is topped up from the front,
   * so a hand-out never comes back short while tasks are due; with every lane taken it uses the
   * front. The lane locks are hints for choosing where to read: the row locks alone keep two
   * hand-outs from taking the same task. {@code %1$d} is {@link #LANE_LOCKS}, {@code %2$d} {@link
   * #SLICES}, {@code %3$s} and {@code %4$s} the slice's and the front's {@link #DUE}.
   */
  private static final String SLICED =
      """
      WITH lane AS (
        SELECT coalesce((
          SELECT l FROM (SELECT CASE WHEN g = 0 THEN -1 ELSE ($7 + g) %% %2$d END AS l
                         FROM generate_series(0, %2$d) g) c
          WHERE pg_try_advisory_xact_lock(%1$d + $1 * 32 + l + 1)
          LIMIT 1), -1) AS l
      ), slice AS (
      %3$s), front AS (
      %4$s), top AS (
        SELECT * FROM slice
        UNION ALL
        (SELECT * FROM front LIMIT $6 - (SELECT count(*) FROM slice))
      )""";

  /**
   * The rest of the hand-out, after {@link #FRONT} or {@link #SLICED}: pulls in the same
   * policyholder's other due tasks, marks them all {@code DIALING}, creates the attempts and writes
   * the history.
   */
  private static final String LEASE =
      """
      , sib AS (
        SELECT s.id, s.holder_id FROM task s
        WHERE s.campaign_id = $1 AND s.state = 'PENDING' AND s.next_due_at <= $2
          AND s.holder_id IN (SELECT holder_id FROM top WHERE holder_shared)
          AND s.id NOT IN (SELECT id FROM top)
        FOR UPDATE SKIP LOCKED
      ), picked AS (
        SELECT id, holder_id FROM top UNION ALL SELECT id, holder_id FROM sib
      ), calls AS (
        SELECT holder_id, gen_random_uuid() AS attempt_id
        FROM (SELECT DISTINCT holder_id FROM picked) h
      ), leased AS (
        UPDATE task t SET state = 'DIALING', attempt_id = c.attempt_id,
                          version = t.version + 1, updated_at = $2
        FROM picked p JOIN calls c ON c.holder_id = p.holder_id
        WHERE t.id = p.id
        RETURNING %s, t.holder_name, t.rank, t.version,
                  array_position($4::text[], t.product_type) AS product_rank
      ), att AS (
        INSERT INTO attempt (id, campaign_id, task_ids, policy_nos, phone_index, pass_no, state,
                             lease_owner, lease_until, created_at)
        SELECT attempt_id, $1,
               array_agg(id ORDER BY product_rank, policy_no),
               array_agg(policy_no ORDER BY product_rank, policy_no),
               (array_agg(phone_index ORDER BY product_rank, policy_no))[1],
               (array_agg(pass_no ORDER BY product_rank, policy_no))[1],
               'LEASED', $3, $5, $2
        FROM leased GROUP BY attempt_id
      ), hist AS (
        INSERT INTO task_history (task_id, at, old_state, new_state, cause, attempt_id, actor)
        SELECT id, $2, 'PENDING', 'DIALING', 'LEASED', attempt_id, $3 FROM leased
      )
      SELECT * FROM leased
      """
          .formatted(TaskRows.columns("t."));

  /**
   * Batches this large and larger read from a slice when another hand-out is on the front. A
   * smaller one steps over few rows anyway (sixteen one-task hand-outs hold sixteen rows), and
   * choosing a lane cost it 5-12% in {@code pgbench}.
   */
  static final int SLICED_FROM = 10;

  /** Slices of the pool ({@code task.slice}, V9). */
  static final int SLICES = 16;

  /**
   * Transaction lock keys of the hand-out lanes: this, plus 32 per campaign id, plus one for the
   * front and two to seventeen for the slices.
   */
  static final long LANE_LOCKS = 0x6c61_6e65L << 32;

  /** The hand-out statements made so far, by read cap (at most one per {@link #READ_CAPS}). */
  private static final Map<Integer, String> STATEMENTS = new ConcurrentHashMap<>();

  /**
   * Makes the campaign's waiting tasks whose time has come ready for the hand-out ($1 campaign, $2
   * now) by writing them now ({@code ready} is derived from {@code updated_at}), the earliest first
   * and at most {@link #MAX_PROMOTE} at a time; run just before each hand-out.
   */
  private static final String PROMOTE =
      """
      UPDATE task t SET updated_at = $2
      FROM (SELECT id FROM task
            WHERE campaign_id = $1 AND state = 'PENDING' AND NOT ready AND next_due_at <= $2
            ORDER BY next_due_at LIMIT %d FOR UPDATE SKIP LOCKED) w
      WHERE t.id = w.id
      """
          .formatted(AttemptStore.MAX_PROMOTE);

  /** Waiting tasks made ready by one hand-out at most. */
  static final int MAX_PROMOTE = 2_000;

  private static final String EXPIRE =
      """
      WITH gone AS (
        UPDATE attempt SET
          state = CASE WHEN state = 'LEASED' THEN 'RELEASED' ELSE 'UNKNOWN' END,
          outcome = CASE WHEN state = 'LEASED' THEN NULL ELSE 'UNKNOWN' END,
          ended_at = $1
        WHERE state IN ('LEASED', 'DIALING') AND lease_until < $1
        RETURNING id, state, task_ids
      ), back AS (
        UPDATE task t SET
          state = CASE WHEN g.state = 'RELEASED' THEN 'PENDING' ELSE 'UNRESOLVED' END,
          attempt_id = CASE WHEN g.state = 'RELEASED' THEN NULL ELSE g.id END,
          next_due_at = CASE WHEN g.state = 'RELEASED' THEN t.next_due_at END,
          version = t.version + 1, updated_at = $1
        FROM gone g
        WHERE t.id = ANY (g.task_ids) AND t.attempt_id = g.id AND t.state = 'DIALING'
        RETURNING t.id, t.state, g.id AS attempt_id
      )
      INSERT INTO task_history (task_id, at, old_state, new_state, cause, attempt_id, actor)
      SELECT id, $1, 'DIALING', state,
             CASE WHEN state = 'PENDING' THEN 'LEASE_EXPIRED' ELSE 'LEASE_EXPIRED_AFTER_DIAL' END,
             attempt_id, 'scheduler'
      FROM back
      """;

  /**
   * Marks attempts as being dialled ($6: {@code '{LEASED}'}, the state a mark accepts). The state
   * is a parameter so that the plan kept for the mark cannot tell that it only wants open attempts:
   * with {@code state = 'LEASED'} written in, it read the index of open attempts whole and hashed
   * it, every attempt in flight for each mark, instead of the primary key.
   */
  static final String MARK_DIALING =
      """
      UPDATE attempt a SET state = 'DIALING', pbx = v.pbx, dialed_at = v.dialed_at,
                           lease_until = v.lease_until
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
           AS v(id, owner, pbx, dialed_at, lease_until)
      WHERE a.id = v.id AND a.lease_owner = v.owner AND a.state = ANY ($6::text[])
      RETURNING a.id, a.dialed_at
      """;

  /** {@link #MARK_DIALING}'s $6. */
  private static final String[] MARKABLE = {"LEASED"};

  /** The most outcomes committed in one transaction. */
  static final int COMPLETION_BATCH = 64;

  /** The most attempts marked as being dialled in one statement. */
  static final int MARK_BATCH = 128;

  /**
   * Group-commit transactions of one kind under way at once: while one waits for the network the
   * server works on the other.
   */
  static final int IN_FLIGHT = 2;

  /**
   * Leased calls whose tasks are held for their outcome ({@link HeldCalls}): more than a node has
   * in flight, so only calls it has long lost track of are dropped.
   */
  static final int HELD_CALLS = 20_000;

  private record Mark(UUID attemptId, String owner, String pbx, Instant now, Instant leaseUntil) {}

  private final Pool pool;
  private final HolidayCalendar holidays;
  private final Completions recorder;
  private final GroupCommit<Completions.Completion, Result> completions;
  private final GroupCommit<Mark, Boolean> marks;
  private final HeldCalls held = new HeldCalls(HELD_CALLS);

  public AttemptStore(Pool pool, HolidayCalendar holidays) {
    this.pool = pool;
    this.holidays = holidays;
    this.recorder = new Completions(pool, holidays, held);
    this.completions = new GroupCommit<>(recorder::completeAll, COMPLETION_BATCH, IN_FLIGHT);
    this.marks = new GroupCommit<>(this::markAll, MARK_BATCH, IN_FLIGHT);
  }

  /**
   * Leases up to {@code max} due tasks of a running campaign for {@code owner}, grouped into calls.
   * Returns the calls in hand-out order; empty when the campaign is not running or nothing is due.
   * Fails when {@code max} is not between 1 and {@link #MAX_LEASE}.
   */
  public Future<List<LeasedCall>> lease(
      long campaignId, int max, String owner, Instant now, Duration leaseFor) {
    if (max < 1 || max > MAX_LEASE) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "a lease takes 1 to " + MAX_LEASE + " tasks, asked for " + max));
    }
    Instant until = now.plus(leaseFor);
    int cap = readCap(max);
    Tuple args =
        Tuple.tuple()
            .addLong(campaignId)
            .addOffsetDateTime(Sql.ts(now))
            .addString(owner)
            .addArrayOfString(PRODUCT_ORDER)
            .addOffsetDateTime(Sql.ts(until))
            .addLong((long) max);
    if (sliced(cap)) {
      args.addInteger(ThreadLocalRandom.current().nextInt(SLICES));
    }
    // planning this statement for every lease took longer than running it: it keeps one plan
    return StorePool.inOneTrip(
            pool,
            StorePool.BEGIN_HAND_OUT,
            conn -> {
              conn.preparedQuery(PROMOTE).execute(Tuple.of(campaignId, Sql.ts(now)));
              // after a failed promotion the hand-out fails too: the transaction is aborted
              return conn.preparedQuery(statement(cap)).execute(args);
            })
        .map(rows -> calls(campaignId, rows, until));
  }

  /**
   * The hand-out statement for batches of {@code max}: $1 campaign, $2 now, $3 owner, $4 product
   * order, $5 lease expiry, $6 the batch size, and for a read cap of {@link #SLICED_FROM} or more
   * $7 the slice to try first. Batches of the same {@link #readCap} share it.
   */
  static String leaseStatement(int max) {
    int cap = readCap(max);
    if (!sliced(cap)) {
      return FRONT.formatted(DUE.formatted(cap, "")) + LEASE;
    }
    return SLICED.formatted(
            LANE_LOCKS,
            SLICES,
            DUE.formatted(cap, "AND slice = (SELECT l FROM lane)"),
            DUE.formatted(cap, "AND id NOT IN (SELECT id FROM slice)"))
        + LEASE;
  }

  /** {@link #leaseStatement} of a read cap, made once rather than on every lease. */
  private static String statement(int cap) {
    return STATEMENTS.computeIfAbsent(cap, AttemptStore::leaseStatement);
  }

  /** The smallest of {@link #READ_CAPS} that holds a batch of {@code max}. */
  static int readCap(int max) {
    for (int cap : READ_CAPS) {
      if (cap >= max) {
        return cap;
      }
    }
    throw new IllegalArgumentException("no read cap holds " + max);
  }

  /**
   * Whether the statement of a read cap reads a slice when the front is taken (and takes $7). The
   * statement and its arguments both ask this of the cap, so they always agree.
   */
  private static boolean sliced(int cap) {
    return cap >= SLICED_FROM;
  }

  /**
   * The calls of a lease's rows, in hand-out order; each call's tasks are held till its outcome.
   */
  private List<LeasedCall> calls(long campaignId, Iterable<Row> rows, Instant until) {
    Map<UUID, List<Row>> byAttempt = new LinkedHashMap<>();
    for (Row r : rows) {
      byAttempt.computeIfAbsent(r.getUUID("attempt_id"), k -> new ArrayList<>()).add(r);
    }
    record Ordered(LeasedCall call, int rank, Instant deadline, Instant due) {}
    List<Ordered> out = new ArrayList<>(byAttempt.size());
    Comparator<Row> questionnaire =
        Comparator.<Row>comparingInt(r -> r.getInteger("product_rank"))
            .thenComparing(r -> r.getString("policy_no"));
    byAttempt.forEach(
        (attempt, group) -> {
          group.sort(questionnaire);
          held.hold(
              attempt,
              group.stream().map(TaskRows::read).toList(),
              group.stream().map(r -> r.getLong("version")).toList());
          Row lead = group.getFirst();
          List<LeasedCall.Policy> policies = new ArrayList<>(group.size());
          int rank = Integer.MAX_VALUE;
          Instant deadline = null;
          Instant due = null;
          boolean appointment = false;
          for (Row r : group) {
            policies.add(
                new LeasedCall.Policy(
                    r.getLong("id"),
                    r.getString("policy_no"),
                    ProductType.valueOf(r.getString("product_type"))));
            rank = Math.min(rank, r.getShort("rank"));
            deadline = earliest(deadline, Sql.instant(r.getValue("deadline")));
            due = earliest(due, Sql.instant(r.getValue("next_due_at")));
            appointment |= r.getValue("appointment_at") != null;
          }
          int index = lead.getInteger("phone_index");
          LeasedCall call =
              new LeasedCall(
                  attempt,
                  campaignId,
                  lead.getString("holder_id"),
                  lead.getString("holder_name"),
                  PhoneNumber.of(lead.getArrayOfStrings("phones")[index]),
                  index,
                  lead.getInteger("pass_no"),
                  policies,
                  until,
                  appointment);
          out.add(new Ordered(call, rank, deadline, due));
        });
    out.sort(
        Comparator.comparingInt(Ordered::rank)
            .thenComparing(Ordered::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Ordered::due, Comparator.nullsLast(Comparator.naturalOrder())));
    return out.stream().map(Ordered::call).toList();
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  /**
   * Marks a leased attempt as being dialled, just before the originate is sent. False when the
   * lease is no longer this node's: then the call must not be placed.
   */
  public Future<Boolean> markDialing(
      UUID attemptId, String owner, String pbx, Instant now, Instant leaseUntil) {
    return marks.submit(new Mark(attemptId, owner, pbx, now, leaseUntil));
  }

  /**
   * Marks the attempts as being dialled in one statement, in id order (see {@link #renew}); false
   * for each lease no longer ours.
   */
  private Future<List<Boolean>> markAll(List<Mark> arrived) {
    List<Mark> batch =
        arrived.stream().sorted(Comparator.comparing(Mark::attemptId, Sql.UUID_ORDER)).toList();
    Tuple args =
        Tuple.tuple()
            .addArrayOfUUID(batch.stream().map(Mark::attemptId).toArray(UUID[]::new))
            .addArrayOfString(batch.stream().map(Mark::owner).toArray(String[]::new))
            .addArrayOfString(batch.stream().map(Mark::pbx).toArray(String[]::new))
            .addArrayOfOffsetDateTime(
                batch.stream().map(m -> Sql.ts(m.now())).toArray(OffsetDateTime[]::new))
            .addArrayOfOffsetDateTime(
                batch.stream().map(m -> Sql.ts(m.leaseUntil())).toArray(OffsetDateTime[]::new))
            .addArrayOfString(MARKABLE);
    // planned once (BEGIN_HOT_PATH): planning the mark for its values took longer than running it
    return StorePool.inOneTrip(
            pool, StorePool.BEGIN_HOT_PATH, conn -> conn.preparedQuery(MARK_DIALING).execute(args))
        .map(
            rows -> {
              Set<UUID> mine = new HashSet<>();
              for (Row r : rows) {
                mine.add(r.getUUID("id"));
                held.dialled(r.getUUID("id"), Sql.instant(r.getValue("dialed_at")));
              }
              return arrived.stream().map(m -> mine.contains(m.attemptId())).toList();
            });
  }

  /**
   * Extends every open lease of {@code owner} to {@code until}; returns how many. The leases are
   * locked in id order, as outcomes and dial marks lock theirs: in any other order a renewal and an
   * outcome batch can each hold an attempt the other waits for, until the deadlock detector fails
   * one of them a second later.
   */
  public Future<Integer> renew(String owner, Instant until) {
    return pool.preparedQuery(
            "UPDATE attempt SET lease_until = $2 WHERE id IN (SELECT id FROM attempt"
                + " WHERE lease_owner = $1 AND state IN ('LEASED', 'DIALING')"
                + " ORDER BY id FOR UPDATE)")
        .execute(Tuple.of(owner, Sql.ts(until)))
        .map(rows -> rows.rowCount());
  }

  /** Gives back a leased attempt that was never dialled (paused campaign, no PBX, no agent). */
  public Future<Boolean> release(UUID attemptId, String owner, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE attempt SET state = 'RELEASED', ended_at = $3"
                        + " WHERE id = $1 AND lease_owner = $2 AND state = 'LEASED'"
                        + " RETURNING task_ids")
                .execute(Tuple.of(attemptId, owner, Sql.ts(now)))
                .compose(
                    rows -> {
                      held.forget(attemptId);
                      if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                      }
                      return tx.preparedQuery(
                              "WITH back AS (UPDATE task SET state = 'PENDING', attempt_id = NULL,"
                                  + " version = version + 1, updated_at = $2"
                                  + " WHERE id = ANY ($4) AND attempt_id = $1 AND state = 'DIALING'"
                                  + " RETURNING id)"
                                  + " INSERT INTO task_history (task_id, at, old_state, new_state,"
                                  + " cause, attempt_id, actor)"
                                  + " SELECT id, $2, 'DIALING', 'PENDING', 'RELEASED', $1, $3"
                                  + " FROM back")
                          .execute(
                              Tuple.of(
                                  attemptId,
                                  Sql.ts(now),
                                  owner,
                                  rows.iterator().next().getArrayOfLongs("task_ids")))
                          .map(true);
                    }));
  }

  /**
   * Returns expired leases to the pool; an expired attempt that was being dialled becomes {@code
   * UNKNOWN} and its tasks {@code UNRESOLVED}. Returns the number of tasks moved.
   */
  public Future<Integer> expire(Instant now) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(Sql.ts(now))).map(rows -> rows.rowCount());
  }

  /** The attempts {@code owner} holds open (after a restart: to release or reconcile them). */
  public Future<List<OpenAttempt>> openAttempts(String owner) {
    return pool.preparedQuery(
            "SELECT id, campaign_id, state, pbx FROM attempt"
                + " WHERE lease_owner = $1 AND state IN ('LEASED', 'DIALING') ORDER BY created_at")
        .execute(Tuple.of(owner))
        .map(AttemptStore::open);
  }

  /**
   * Attempts whose fate nobody knows (a lease that ran out while dialling, or a call the PBX lost
   * track of), their tasks waiting for reconciliation against the PBX.
   */
  public Future<List<OpenAttempt>> unknownAttempts(int limit) {
    return pool.preparedQuery(
            "SELECT a.id, a.campaign_id, a.state, a.pbx FROM attempt a"
                + " WHERE a.id IN (SELECT t.attempt_id FROM task t WHERE t.state = 'UNRESOLVED')"
                + " AND a.state IN ('UNKNOWN', 'DONE') ORDER BY a.created_at LIMIT $1")
        .execute(Tuple.of(limit))
        .map(AttemptStore::open);
  }

  private static List<OpenAttempt> open(Iterable<Row> rows) {
    List<OpenAttempt> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new OpenAttempt(
              r.getUUID("id"), r.getLong("campaign_id"), r.getString("state"), r.getString("pbx")));
    }
    return out;
  }

  /**
   * Records the outcome of an attempt and moves its tasks as the rules decide (next number, next
   * pass, strike the number, branch, wait for the summary). Also completes an {@code UNKNOWN}
   * attempt whose outcome was found afterwards (reconciliation). The dialled task decides; the
   * other policies of a merged call follow it to the summary, or go back to the pool when the
   * holder was not reached. Outcomes recorded at the same time share one transaction.
   */
  public Future<Result> complete(UUID attemptId, CallReport report, Instant now) {
    return completions.submit(new Completions.Completion(attemptId, report, now));
  }

  /** How many outcomes this store recorded in one round trip from the tasks its lease returned. */
  public long outcomesFromHeldCalls() {
    return recorder.recordedFromHeld();
  }

  /** How many outcomes this store recorded by reading their attempts and tasks back first. */
  public long outcomesTheLongWay() {
    return recorder.recordedTheLongWay();
  }

  /** The agent's call summary: settles, sends to the branch, or schedules the next try. */
  public Future<Result> summary(UUID attemptId, AgentSummary summary, String actor, Instant now) {
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
          StoredTask next = t.apply(d.decision(), now);
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
                + " surrender_warning = $5 WHERE id = $1")
        .execute(
            Tuple.of(
                attemptId,
                summary.result().name(),
                summary.reason() == null ? null : summary.reason().name(),
                Sql.ts(now),
                summary.surrenderWarning()))
        .compose(v -> applied(tx, changes, actor));
  }

  /**
   * Settles an {@code UNKNOWN} attempt the PBX has no trace of: nobody can tell whether the phone
   * rang, so the attempt stays {@code UNKNOWN} in the record and its tasks move on to their next
   * pass (never straight back to the same number).
   */
  public Future<Result> reconcileNotFound(UUID attemptId, Instant now) {
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
                                          t.apply(d, now),
                                          "RECONCILED_NOT_FOUND",
                                          attemptId,
                                          now));
                                }
                                return applied(tx, changes, "reconciler");
                              });
                    }));
  }

  /**
   * What the agent's screen shows for a call (api.md {@code GET /api/agents/{ext}/current}): the
   * policies in questionnaire order with the customer's name, and the earlier attempts of those
   * policies (time, number index, outcome; never the number itself).
   */
  public Future<Optional<JsonObject>> callView(UUID attemptId) {
    return pool.preparedQuery(
            """
            SELECT a.id, a.campaign_id, a.state, a.outcome, a.phone_index, a.pass_no,
                   a.answered_at, a.policy_nos,
                   (SELECT json_agg(json_build_object('policyNo', t.policy_no,
                            'productType', t.product_type, 'holderName', t.holder_name,
                            'caseType', t.case_type, 'issuedMonth', t.issued_month)
                            ORDER BY array_position(a.task_ids, t.id))
                      FROM task t WHERE t.id = ANY (a.task_ids)) AS policies,
                   (SELECT coalesce(json_agg(json_build_object('attemptId', e.id,
                            'at', coalesce(e.dialed_at, e.created_at), 'phoneIndex', e.phone_index,
                            'outcome', e.outcome, 'summary', e.summary_result)
                            ORDER BY e.created_at), '[]'::json)
                      FROM attempt e WHERE e.id <> a.id AND e.id IN (
                        SELECT h.attempt_id FROM task_history h
                        WHERE h.task_id = ANY (a.task_ids) AND h.cause = 'LEASED')) AS earlier
            FROM attempt a WHERE a.id = $1
            """)
        .execute(Tuple.of(attemptId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              Object policies = r.getValue("policies");
              Object earlier = r.getValue("earlier");
              return Optional.of(
                  new JsonObject()
                      .put("attemptId", r.getUUID("id").toString())
                      .put("campaignId", r.getLong("campaign_id"))
                      .put("state", r.getString("state"))
                      .put("outcome", r.getString("outcome"))
                      .put("passNo", r.getInteger("pass_no"))
                      .put("phoneIndex", r.getInteger("phone_index"))
                      .put("policyNos", new JsonArray(List.of(r.getArrayOfStrings("policy_nos"))))
                      .put("questionnaireOrder", policies)
                      .put("earlierAttempts", earlier));
            });
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
