package com.huifang.scheduler.store;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.ProductType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hand-out: one statement picks due tasks in hand-out order with {@code FOR UPDATE SKIP LOCKED}
 * (so any number of nodes can lease at once and never get the same task), pulls in the same
 * policyholder's other due tasks (one call per holder), marks them {@code DIALING}, creates one
 * attempt per call with its owner and lease expiry, and writes the history rows. The statement sent
 * with it first makes waiting tasks whose time has come ready.
 */
final class HandOut {

  private static final String[] PRODUCT_ORDER =
      Arrays.stream(ProductType.values()).map(Enum::name).toArray(String[]::new);

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
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    20,
    24,
    32,
    40,
    48,
    64,
    80,
    96,
    128,
    160,
    192,
    256,
    320,
    384,
    512,
    640,
    768,
    AttemptStore.MAX_LEASE
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
        RETURNING %s, t.holder_name, t.agent_code, t.rank, t.version,
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

  /** Calls one appointments-only hand-out takes at most. */
  static final int MAX_APPOINTMENT_LEASE = 16;

  /**
   * The hand-out of booked appointments alone (rank 0), for the times outside calling hours when
   * only they may be dialled; one statement for every batch up to {@link #MAX_APPOINTMENT_LEASE}.
   */
  private static final String APPOINTMENTS =
      FRONT.formatted(DUE.formatted(MAX_APPOINTMENT_LEASE, "AND rank = 0")) + LEASE;

  /** Waiting tasks made ready by one hand-out at most. */
  static final int MAX_PROMOTE = 2_000;

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
          .formatted(MAX_PROMOTE);

  private final Pool pool;
  private final HeldCalls held;

  HandOut(Pool pool, HeldCalls held) {
    this.pool = pool;
    this.held = held;
  }

  /**
   * Leases up to {@code max} (1 to {@link AttemptStore#MAX_LEASE}) due tasks of a running campaign
   * for {@code owner} until {@code until}, grouped into calls in hand-out order; each call's tasks
   * are held till its outcome.
   */
  Future<List<LeasedCall>> lease(
      long campaignId, int max, String owner, Instant now, Instant until) {
    int cap = readCap(max);
    return lease(campaignId, max, owner, now, until, statement(cap), sliced(cap));
  }

  /**
   * Leases up to {@code max} (1 to {@link #MAX_APPOINTMENT_LEASE}) due booked appointments of a
   * running campaign, with the same holder's other due tasks, as {@link #lease} does.
   */
  Future<List<LeasedCall>> leaseAppointments(
      long campaignId, int max, String owner, Instant now, Instant until) {
    return lease(campaignId, max, owner, now, until, APPOINTMENTS, false);
  }

  private Future<List<LeasedCall>> lease(
      long campaignId,
      int max,
      String owner,
      Instant now,
      Instant until,
      String statement,
      boolean sliced) {
    Tuple args =
        Tuple.tuple()
            .addLong(campaignId)
            .addOffsetDateTime(Sql.ts(now))
            .addString(owner)
            .addArrayOfString(PRODUCT_ORDER)
            .addOffsetDateTime(Sql.ts(until))
            .addLong((long) max);
    if (sliced) {
      args.addInteger(ThreadLocalRandom.current().nextInt(SLICES));
    }
    // planning this statement for every lease took longer than running it: it keeps one plan
    return StorePool.inOneTrip(
            pool,
            StorePool.BEGIN_HAND_OUT,
            conn -> {
              conn.preparedQuery(PROMOTE).execute(Tuple.of(campaignId, Sql.ts(now)));
              // after a failed promotion the hand-out fails too: the transaction is aborted
              return conn.preparedQuery(statement).execute(args);
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
    return STATEMENTS.computeIfAbsent(cap, HandOut::leaseStatement);
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
                    ProductType.valueOf(r.getString("product_type")),
                    r.getString("agent_code")));
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
}
