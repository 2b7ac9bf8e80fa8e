package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.task.TaskState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Loads the tasks of attempts (locked) and writes what the rules made of them, compare-and-set on
 * the state each task was read in, with one history row each.
 */
final class TaskChanges {

  /** An attempt's campaign and its tasks, in the attempt's questionnaire order. */
  record Loaded(Campaign campaign, List<StoredTask> tasks) {
    ZoneId zone() {
      return campaign.settings().timezone();
    }
  }

  /** One task's move, why, and when. */
  record Change(StoredTask before, StoredTask after, String cause, UUID attemptId, Instant at) {}

  /** One attempt whose tasks are to be loaded. */
  record Key(UUID attemptId, long campaignId, List<Long> taskIds) {
    static Key of(Row attempt) {
      return new Key(
          attempt.getUUID("id"),
          attempt.getLong("campaign_id"),
          Arrays.asList(attempt.getArrayOfLongs("task_ids")));
    }
  }

  private TaskChanges() {}

  /**
   * Selects the tasks of attempts ({@code $1}, an array of attempt ids) that still belong to them,
   * and locks them. The tasks are found through the attempts' own lists (primary keys both ways):
   * an index of tasks by attempt would be written on every lease and every outcome to serve only
   * this.
   */
  static final String LOAD =
      "SELECT "
          + TaskRows.COLUMNS
          + " FROM task WHERE id IN (SELECT unnest(task_ids) FROM attempt WHERE id = ANY ($1))"
          + " AND attempt_id = ANY ($1) ORDER BY id FOR UPDATE";

  /** Selects tasks by id ({@code $1}) and locks them. */
  private static final String LOAD_BY_ID =
      "SELECT " + TaskRows.COLUMNS + " FROM task WHERE id = ANY ($1) ORDER BY id FOR UPDATE";

  /** Loads the campaigns and the tasks (locked) of the attempts, keyed by attempt id. */
  static Future<Map<UUID, Loaded>> load(SqlClient tx, List<Key> keys) {
    Map<Long, Campaign> campaigns = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (long id : keys.stream().map(Key::campaignId).distinct().toList()) {
      chain =
          chain.compose(
              v ->
                  CampaignStore.get(tx, id)
                      .map(
                          c -> {
                            campaigns.put(
                                id,
                                c.orElseThrow(() -> new IllegalStateException("campaign " + id)));
                            return null;
                          }));
    }
    Long[] ids = keys.stream().flatMap(k -> k.taskIds().stream()).toArray(Long[]::new);
    return chain
        .compose(v -> tx.preparedQuery(LOAD_BY_ID).execute(Tuple.of(ids)))
        .map(rows -> group(keys, campaigns, rows));
  }

  /**
   * Each attempt's campaign and its tasks in the attempt's questionnaire order, from the rows of
   * {@link #LOAD}; a task that has left the attempt meanwhile is not among them.
   */
  static Map<UUID, Loaded> group(
      List<Key> keys, Map<Long, Campaign> campaigns, Iterable<Row> rows) {
    Map<Long, StoredTask> byId = new HashMap<>();
    for (Row r : rows) {
      StoredTask t = TaskRows.read(r);
      byId.put(t.id(), t);
    }
    Map<UUID, Loaded> out = new LinkedHashMap<>();
    for (Key k : keys) {
      Campaign c = campaigns.get(k.campaignId());
      if (c == null) {
        throw new IllegalStateException("campaign " + k.campaignId() + " is gone");
      }
      List<StoredTask> ordered = new ArrayList<>(k.taskIds().size());
      for (Long id : k.taskIds()) {
        StoredTask t = byId.get(id);
        if (t != null && k.attemptId().equals(t.attemptId())) {
          ordered.add(t);
        }
      }
      out.put(k.attemptId(), new Loaded(c, ordered));
    }
    return out;
  }

  /** Loads one attempt's campaign and tasks (locked). */
  static Future<Loaded> load(SqlClient tx, Key key) {
    return load(tx, List.of(key)).map(m -> m.get(key.attemptId()));
  }

  /** {@link TaskRows#MOVE}'s arguments for some changes, and the transitions they record. */
  record Writes(Tuple args, List<Transition> transitions) {}

  /**
   * The arguments ($1..$8) that write {@code changes} and their history rows; {@code readVersions}
   * holds the version each task was read at when it was read without a lock (by task id).
   */
  static Writes writes(
      List<Change> changes,
      Map<UUID, String> outcomes,
      String actor,
      Map<Long, Long> readVersions) {
    JsonArray rows = new JsonArray();
    List<Transition> transitions = new ArrayList<>(changes.size());
    List<Instant> at = new ArrayList<>(changes.size());
    for (Change c : changes) {
      rows.add(
          TaskRows.row(
              c.after(),
              c.before().state(),
              readVersions.get(c.before().id()),
              outcomes.get(c.attemptId()),
              c.at()));
      transitions.add(
          new Transition(
              c.before().id(), c.before().state(), c.after().state(), cause(c), c.attemptId()));
      at.add(c.at());
    }
    return new Writes(
        TaskRows.histories(Tuple.of(rows), transitions, at, actor), List.copyOf(transitions));
  }

  /**
   * The change's cause, unless it cancels the task: because its policy was cancelled, or its
   * campaign stopped, while its call was in flight.
   */
  private static String cause(Change c) {
    if (c.after().state() != TaskState.CANCELLED || c.before().state() == TaskState.CANCELLED) {
      return c.cause();
    }
    return c.after().cancelledAt() != null ? "POLICY_CANCELLED" : "CAMPAIGN_STOPPED";
  }

  /**
   * Writes the changes of tasks locked by this transaction and their history rows in one statement
   * however many there are; fails (rolling the transaction back) when a task was moved by someone
   * else meanwhile. Returns the transitions written, in order.
   */
  static Future<List<Transition>> write(
      SqlClient tx, List<Change> changes, Map<UUID, String> outcomes, String actor) {
    if (changes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Writes w = writes(changes, outcomes, actor, Map.of());
    return tx.preparedQuery(TaskRows.WRITE_ALL)
        .execute(w.args())
        .compose(
            written -> {
              if (written.rowCount() == changes.size()) {
                return Future.succeededFuture(w.transitions());
              }
              Set<Long> moved = new HashSet<>();
              written.forEach(r -> moved.add(r.getLong("id")));
              UUID attempt =
                  changes.stream()
                      .filter(c -> !moved.contains(c.before().id()))
                      .findFirst()
                      .map(Change::attemptId)
                      .orElse(null);
              // rolls the transaction back: someone else moved the task meanwhile
              return Future.failedFuture(
                  new IllegalStateException("a task of attempt " + attempt + " changed"));
            });
  }
}
