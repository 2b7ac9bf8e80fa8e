package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.retry.Decision;
import com.huifang.scheduler.retry.OutcomeRules;
import com.huifang.scheduler.store.AttemptStore.Result;
import com.huifang.scheduler.store.TaskChanges.Change;
import com.huifang.scheduler.store.TaskChanges.Key;
import com.huifang.scheduler.store.TaskChanges.Loaded;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records outcomes of many attempts in one transaction. Used through {@link GroupCommit}, so
 * outcomes that end together are committed together.
 *
 * <p>Outcomes of calls this node leased ({@link HeldCalls}) are decided from the tasks as the lease
 * wrote them and written in one statement, one round trip with its {@code BEGIN} and {@code
 * COMMIT}: it closes the attempts and moves the tasks only if each task is still at the version
 * held and each attempt's campaign at the version its rules were read at, and fails as a whole
 * otherwise. When it fails, and for any other outcome, the long way: one statement closes the
 * attempts (and reads their campaigns), one loads and locks their tasks, the rules move each task,
 * and one statement writes the tasks and their history. Its transaction is opened by hand on one
 * connection so that {@code BEGIN}, the close and the load go to the server at once (with the
 * {@link StorePool#BEGIN_HOT_PATH} settings): three round trips in all.
 */
final class Completions {

  /** One outcome to record. */
  record Completion(UUID attemptId, CallReport report, Instant now) {}

  /** What closing an attempt writes, from {@code v}, the outcome's row of {@link #closeArgs}. */
  private static final String CLOSE_SET =
      """
      state = 'DONE', outcome = v.outcome, cause = v.cause,
             dial_status = v.dial_status, pbx = coalesce(v.pbx, a.pbx), agent = v.agent,
             dialed_at = coalesce(a.dialed_at, v.dialed_at), answered_at = v.answered_at,
             ended_at = v.ended_at""";

  /** The outcome rows of {@link #closeArgs}, from parameter {@code $%1$d} on. */
  private static final String CLOSE_ROWS =
      """
      unnest($%1$d::uuid[], $%2$d::text[], $%3$d::int[], $%4$d::text[], $%5$d::text[],
                  $%6$d::text[], $%7$d::timestamptz[], $%8$d::timestamptz[], $%9$d::timestamptz[]""";

  static final String CLOSE =
      """
      WITH %s
      UPDATE attempt a SET %s
      FROM %s)
           AS v(id, outcome, cause, dial_status, pbx, agent, dialed_at, answered_at, ended_at),
           campaign c
      WHERE a.id = v.id AND a.id IN (SELECT id FROM locked)
        AND a.state IN ('LEASED', 'DIALING', 'UNKNOWN') AND c.id = a.campaign_id
      RETURNING a.id, a.campaign_id, a.task_ids, a.dialed_at, c.id AS c_id, c.state AS c_state,
                c.settings AS c_settings, c.version AS c_version, c.created_at AS c_created_at
      """
          .formatted(
              Sql.lockAttempts("$1"), CLOSE_SET, CLOSE_ROWS.formatted(1, 2, 3, 4, 5, 6, 7, 8, 9));

  /**
   * Records held calls' outcomes in one statement: {@link TaskRows#MOVE} ($1..$8, each task at the
   * version held), the attempts closed from $9..$17 as by {@link #CLOSE}, each only while it bears
   * the dial mark held ($18) and its campaign is at the version decided with ($19), and a failure
   * unless all $20 attempts and $21 tasks were written. The attempt's states are {@link #CLOSE}'s,
   * so that its primary key is read rather than the index of open attempts: an expired attempt
   * ({@code UNKNOWN}) has had its tasks moved, so it fails on them.
   */
  static final String CLOSE_HELD =
      """
      WITH %s, %s, closed AS (
        UPDATE attempt a SET %s
        FROM %s, $18::timestamptz[], $19::bigint[])
             AS v(id, outcome, cause, dial_status, pbx, agent, dialed_at, answered_at, ended_at,
                  held_dialed_at, campaign_version),
             campaign c
        WHERE a.id = v.id AND a.id IN (SELECT id FROM locked)
          AND a.state IN ('LEASED', 'DIALING', 'UNKNOWN')
          AND a.dialed_at IS NOT DISTINCT FROM v.held_dialed_at
          AND c.id = a.campaign_id AND c.version = v.campaign_version
        RETURNING a.id
      )
      SELECT require_unchanged((SELECT count(*) FROM closed) = $20
                               AND (SELECT count(*) FROM moved) = $21, 'a held call')
      """
          .formatted(
              TaskRows.MOVE.strip(),
              Sql.lockAttempts("$9"),
              CLOSE_SET,
              CLOSE_ROWS.formatted(9, 10, 11, 12, 13, 14, 15, 16, 17));

  /** A held call's outcome, with what it is decided from. */
  private record Known(Completion completion, HeldCalls.Held held, Campaign campaign) {}

  private final Pool pool;
  private final HolidayCalendar holidays;
  private final HeldCalls held;

  /** Outcomes recorded from held calls, in one round trip. */
  private final AtomicLong recordedFromHeld = new AtomicLong();

  /** Outcomes recorded the long way. */
  private final AtomicLong recordedTheLongWay = new AtomicLong();

  /** The campaigns of outcomes recorded the long way, as last read: held outcomes use them. */
  private final Map<Long, Campaign> campaignsRead = new ConcurrentHashMap<>();

  Completions(Pool pool, HolidayCalendar holidays, HeldCalls held) {
    this.pool = pool;
    this.holidays = holidays;
    this.held = held;
  }

  /**
   * Records every completion in one transaction; the results are in the same order. Fails as a
   * whole, writing nothing, when any task was moved meanwhile.
   */
  Future<List<Result>> completeAll(List<Completion> batch) {
    List<Known> known = known(batch);
    Future<Map<UUID, Result>> recorded =
        known.size() == batch.size()
            ? held(known).recover(moved -> longWay(batch))
            : longWay(batch);
    return recorded.map(
        byId -> {
          batch.forEach(c -> held.forget(c.attemptId()));
          return batch.stream().map(c -> byId.get(c.attemptId())).toList();
        });
  }

  /** How many outcomes were recorded from held calls. */
  long recordedFromHeld() {
    return recordedFromHeld.get();
  }

  /** How many outcomes were recorded the long way. */
  long recordedTheLongWay() {
    return recordedTheLongWay.get();
  }

  /** The completions whose calls are held and whose campaign has been read. */
  private List<Known> known(List<Completion> batch) {
    List<Known> known = new ArrayList<>(batch.size());
    for (Completion c : batch) {
      HeldCalls.Held h = held.get(c.attemptId()).orElse(null);
      Campaign campaign = h == null ? null : campaignsRead.get(h.campaignId());
      if (campaign != null) {
        known.add(new Known(c, h, campaign));
      }
    }
    return known;
  }

  /** Records held calls' outcomes in one round trip; fails, writing nothing, if any has moved. */
  private Future<Map<UUID, Result>> held(List<Known> known) {
    Decisions d = new Decisions(new HashMap<>());
    Map<Long, Long> versions = new HashMap<>();
    for (Known k : known) {
      Completion c = k.completion();
      HeldCalls.Held h = k.held();
      Instant dialedAt = h.dialedAt() != null ? h.dialedAt() : c.report().dialedAt();
      decideInto(d, new Loaded(k.campaign(), h.tasks()), c, dialedAt);
      for (int i = 0; i < h.tasks().size(); i++) {
        versions.put(h.tasks().get(i).id(), h.versions().get(i));
      }
    }
    // tasks are written in id order, as the long way's load locks them
    d.changes().sort(Comparator.comparingLong(ch -> ch.before().id()));
    TaskChanges.Writes w = TaskChanges.writes(d.changes(), d.outcomes(), "dialer", versions);
    List<Completion> batch = known.stream().map(Known::completion).toList();
    Tuple args = closeArgs(w.args(), batch);
    args.addArrayOfOffsetDateTime(
            known.stream().map(k -> Sql.ts(k.held().dialedAt())).toArray(OffsetDateTime[]::new))
        .addArrayOfLong(known.stream().map(k -> k.campaign().version()).toArray(Long[]::new))
        .addLong((long) known.size())
        .addLong((long) d.changes().size());
    return StorePool.inOneTrip(
            pool, StorePool.BEGIN_HOT_PATH, conn -> conn.preparedQuery(CLOSE_HELD).execute(args))
        .map(
            v -> {
              recordedFromHeld.addAndGet(known.size());
              d.results().putAll(applied(w.transitions()));
              return d.results();
            });
  }

  /**
   * What a batch's outcomes do to their tasks, gathered call by call, and the results known before
   * the moves are written.
   */
  private record Decisions(
      List<Change> changes, Map<UUID, String> outcomes, Map<UUID, Result> results) {

    Decisions(Map<UUID, Result> results) {
      this(new ArrayList<>(), new HashMap<>(), results);
    }
  }

  /**
   * Adds what one outcome does to {@code d}; a call none of whose tasks is still being dialled is
   * stale.
   */
  private void decideInto(Decisions d, Loaded loaded, Completion c, Instant dialedAt) {
    List<Change> mine = decide(loaded, c, dialedAt, holidays);
    if (mine.isEmpty()) {
      d.results().put(c.attemptId(), new Result.Stale("no task of the attempt is being dialled"));
    }
    d.changes().addAll(mine);
    d.outcomes().put(c.attemptId(), c.report().outcome().name());
  }

  /** The results of transitions written: each attempt's, in order. */
  private static Map<UUID, Result> applied(List<Transition> written) {
    Map<UUID, List<Transition>> byAttempt = new HashMap<>();
    for (Transition t : written) {
      byAttempt.computeIfAbsent(t.attemptId(), k -> new ArrayList<>()).add(t);
    }
    Map<UUID, Result> results = new HashMap<>();
    byAttempt.forEach((id, ts) -> results.put(id, new Result.Applied(List.copyOf(ts))));
    return results;
  }

  /** Records the outcomes from the database: closes, loads and locks, decides, writes. */
  private Future<Map<UUID, Result>> longWay(List<Completion> batch) {
    return pool.withConnection(conn -> inTransaction(conn, batch))
        .onSuccess(v -> recordedTheLongWay.addAndGet(batch.size()));
  }

  private Future<Map<UUID, Result>> inTransaction(SqlConnection conn, List<Completion> batch) {
    UUID[] ids = batch.stream().map(Completion::attemptId).toArray(UUID[]::new);
    Future<?> begin = conn.query(StorePool.BEGIN_HOT_PATH).execute();
    Future<List<Row>> closed = close(conn, batch);
    Future<RowSet<Row>> tasks = conn.preparedQuery(TaskChanges.LOAD).execute(Tuple.of(ids));
    return Future.all(begin, closed, tasks)
        .compose(v -> apply(conn, batch, closed.result(), tasks.result()))
        .compose(results -> conn.query("COMMIT").execute().map(results))
        .recover(
            failed ->
                conn.query("ROLLBACK")
                    .execute()
                    .transform(r -> Future.<Map<UUID, Result>>failedFuture(failed)));
  }

  private static Future<List<Row>> close(SqlClient tx, List<Completion> batch) {
    return tx.preparedQuery(CLOSE)
        .execute(closeArgs(Tuple.tuple(), batch))
        .map(
            rows -> {
              List<Row> out = new ArrayList<>(rows.size());
              rows.forEach(out::add);
              return out;
            });
  }

  /** Adds the nine arrays of {@link #CLOSE_ROWS} for the completions to {@code into}. */
  private static Tuple closeArgs(Tuple into, List<Completion> batch) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    String[] outcomes = new String[n];
    Integer[] causes = new Integer[n];
    String[] statuses = new String[n];
    String[] pbxs = new String[n];
    String[] agents = new String[n];
    OffsetDateTime[] dialed = new OffsetDateTime[n];
    OffsetDateTime[] answered = new OffsetDateTime[n];
    OffsetDateTime[] ended = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      CallReport r = batch.get(i).report();
      ids[i] = batch.get(i).attemptId();
      outcomes[i] = r.outcome().name();
      causes[i] = r.cause();
      statuses[i] = r.dialStatus();
      pbxs[i] = r.pbx();
      agents[i] = r.agent();
      dialed[i] = Sql.ts(r.dialedAt());
      answered[i] = Sql.ts(r.answeredAt());
      ended[i] = Sql.ts(r.endedAt());
    }
    return into.addArrayOfUUID(ids)
        .addArrayOfString(outcomes)
        .addArrayOfInteger(causes)
        .addArrayOfString(statuses)
        .addArrayOfString(pbxs)
        .addArrayOfString(agents)
        .addArrayOfOffsetDateTime(dialed)
        .addArrayOfOffsetDateTime(answered)
        .addArrayOfOffsetDateTime(ended);
  }

  private Future<Map<UUID, Result>> apply(
      SqlClient tx, List<Completion> batch, List<Row> closed, Iterable<Row> taskRows) {
    Map<UUID, Row> closedById = new HashMap<>();
    List<Key> keys = new ArrayList<>(closed.size());
    Map<Long, Campaign> campaigns = new HashMap<>();
    for (Row r : closed) {
      closedById.put(r.getUUID("id"), r);
      keys.add(Key.of(r));
      campaigns.computeIfAbsent(r.getLong("c_id"), id -> CampaignStore.campaign(r, "c_"));
    }
    campaignsRead.putAll(campaigns);
    Map<UUID, Loaded> loaded = TaskChanges.group(keys, campaigns, taskRows);
    List<UUID> notOpen =
        batch.stream()
            .map(Completion::attemptId)
            .filter(id -> !closedById.containsKey(id))
            .toList();
    Map<UUID, Result> results = new HashMap<>();
    return stale(tx, notOpen, results)
        .compose(
            v -> {
              Decisions d = new Decisions(results);
              for (Completion c : batch) {
                Row a = closedById.get(c.attemptId());
                if (a != null) {
                  decideInto(d, loaded.get(c.attemptId()), c, Sql.instant(a.getValue("dialed_at")));
                }
              }
              return TaskChanges.write(tx, d.changes(), d.outcomes(), "dialer")
                  .map(
                      written -> {
                        results.putAll(applied(written));
                        return results;
                      });
            });
  }

  /** The results for attempts that were not open: not found, or stale with their state. */
  private static Future<Void> stale(SqlClient tx, List<UUID> ids, Map<UUID, Result> results) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("SELECT id, state FROM attempt WHERE id = ANY ($1)")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              for (Row r : rows) {
                results.put(
                    r.getUUID("id"), new Result.Stale("the attempt is " + r.getString("state")));
              }
              for (UUID id : ids) {
                results.putIfAbsent(id, new Result.NotFound());
              }
              return null;
            });
  }

  /**
   * What the outcome does to the attempt's tasks. The dialled task decides; the other policies of a
   * merged call follow it to the summary, or go back to the pool when the holder was not reached.
   */
  private static List<Change> decide(
      Loaded loaded, Completion c, Instant dialedAt, HolidayCalendar holidays) {
    CampaignRules rules = loaded.campaign().settings().rules(holidays);
    Outcome outcome = c.report().outcome();
    Instant now = c.now();
    String cause = "OUTCOME_" + outcome.name();
    List<Change> changes = new ArrayList<>();
    StoredTask leadAfter = null;
    for (StoredTask t : loaded.tasks()) {
      if (t.state() != TaskState.DIALING && t.state() != TaskState.UNRESOLVED) {
        continue;
      }
      StoredTask dialled = t.dialled(dialedAt == null ? now : dialedAt);
      StoredTask next;
      if (leadAfter == null) {
        Decision d =
            OutcomeRules.decide(
                dialled.snapshot(loaded.zone()), outcome, c.report().endedAt(), rules);
        next = dialled.apply(d, now);
        leadAfter = next;
      } else {
        next = follow(dialled, outcome, leadAfter, now, rules, loaded);
      }
      changes.add(new Change(t, next.keptBy(loaded.campaign().state()), cause, c.attemptId(), now));
    }
    return changes;
  }

  private static StoredTask follow(
      StoredTask t,
      Outcome outcome,
      StoredTask leadAfter,
      Instant now,
      CampaignRules rules,
      Loaded loaded) {
    return switch (outcome.outcomeClass()) {
      case CONNECTED -> t.apply(new Decision.AwaitSummary(), now);
      case UNRESOLVED -> t.apply(new Decision.AwaitReconcile(), now);
      case RETRY, LINE_PROBLEM, NUMBER_PROBLEM -> {
        Instant at =
            leadAfter.state() == TaskState.PENDING
                ? leadAfter.nextDueAt()
                : rules.window().nextOpen(now, loaded.zone());
        yield t.apply(new Decision.NextNumber(t.phoneIndex(), at), now);
      }
    };
  }
}
