package com.huifang.scheduler.store;

import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Hands due attempts to dialer nodes ({@link HandOut}) and records what became of them: the dial
 * mark, the outcome ({@link Completions}), the agent's summary and reconciliation ({@link
 * Settlements}). A lease that runs out goes back to the pool, unless the attempt may already have
 * been dialled: then it becomes {@code UNKNOWN} and its tasks wait for reconciliation against the
 * PBX.
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

  /** The most tasks one lease hands out. */
  public static final int MAX_LEASE = 1_000;

  /** The most calls {@link #leaseAppointments} takes at once. */
  public static final int MAX_APPOINTMENT_LEASE = HandOut.MAX_APPOINTMENT_LEASE;

  private static final String EXPIRE =
      """
      WITH locked AS (
        SELECT id FROM attempt WHERE state IN ('LEASED', 'DIALING') AND lease_until < $1
        ORDER BY id FOR UPDATE
      ), gone AS (
        UPDATE attempt SET
          state = CASE WHEN state = 'LEASED' THEN 'RELEASED' ELSE 'UNKNOWN' END,
          outcome = CASE WHEN state = 'LEASED' THEN NULL ELSE 'UNKNOWN' END,
          ended_at = $1
        WHERE id IN (SELECT id FROM locked) AND state IN ('LEASED', 'DIALING') AND lease_until < $1
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
      WITH %s
      UPDATE attempt a SET state = 'DIALING', pbx = v.pbx, dialed_at = v.dialed_at,
                           lease_until = v.lease_until
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
           AS v(id, owner, pbx, dialed_at, lease_until)
      WHERE a.id = v.id AND a.id IN (SELECT id FROM locked) AND a.lease_owner = v.owner
        AND a.state = ANY ($6::text[])
      RETURNING a.id, a.dialed_at
      """
          .formatted(Sql.lockAttempts("$1"));

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
  private final Completions recorder;
  private final GroupCommit<Completions.Completion, Result> completions;
  private final GroupCommit<Mark, Boolean> marks;
  private final HeldCalls held = new HeldCalls(HELD_CALLS);
  private final HandOut handOut;
  private final Settlements settlements;

  public AttemptStore(Pool pool, HolidayCalendar holidays) {
    this.pool = pool;
    this.handOut = new HandOut(pool, held);
    this.settlements = new Settlements(pool, holidays);
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
    return handOut.lease(campaignId, max, owner, now, now.plus(leaseFor));
  }

  /**
   * Like {@link #lease}, booked appointments alone (with their holders' other due tasks), at most
   * {@link #MAX_APPOINTMENT_LEASE}: outside calling hours they are the only calls that may be
   * placed (see {@code AppointmentRule#mayDialBooked}).
   */
  public Future<List<LeasedCall>> leaseAppointments(
      long campaignId, int max, String owner, Instant now, Duration leaseFor) {
    if (max < 1 || max > MAX_APPOINTMENT_LEASE) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "an appointment lease takes 1 to "
                  + MAX_APPOINTMENT_LEASE
                  + " tasks, asked for "
                  + max));
    }
    return handOut.leaseAppointments(campaignId, max, owner, now, now.plus(leaseFor));
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
   * Marks the attempts as being dialled in one statement, locked in id order ({@link
   * Sql#lockAttempts}); false for each lease no longer ours.
   */
  private Future<List<Boolean>> markAll(List<Mark> batch) {
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
              return batch.stream().map(m -> mine.contains(m.attemptId())).toList();
            });
  }

  /**
   * Extends every open lease of {@code owner} to {@code until}; returns how many. The leases are
   * locked in id order, as outcomes and dial marks lock theirs ({@link Sql#lockAttempts}): in any
   * other order a renewal and an outcome batch can each hold an attempt the other waits for, until
   * the deadlock detector fails one of them a second later.
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
   * UNKNOWN} and its tasks {@code UNRESOLVED}. Returns the number of tasks moved. The attempts are
   * locked in id order, as renewals and outcomes lock theirs.
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
    return settlements.summary(attemptId, summary, actor, now);
  }

  /**
   * Settles an {@code UNKNOWN} attempt the PBX has no trace of: nobody can tell whether the phone
   * rang, so the attempt stays {@code UNKNOWN} in the record and its tasks move on to their next
   * pass (never straight back to the same number).
   */
  public Future<Result> reconcileNotFound(UUID attemptId, Instant now) {
    return settlements.reconcileNotFound(attemptId, now);
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
}
