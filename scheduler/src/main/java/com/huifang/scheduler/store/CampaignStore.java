package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignCounters;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.CampaignState;
import com.huifang.scheduler.campaign.ControlAction;
import com.huifang.scheduler.http.CampaignSettingsJson;
import com.huifang.scheduler.outcome.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaigns in PostgreSQL. Every state change is announced with {@code NOTIFY} on {@link #CHANNEL}
 * (payload: the campaign id) so every dialer node sees a pause within a second, and written to the
 * append-only {@code control_audit} table with who did it and when.
 */
public final class CampaignStore {

  /** The {@code LISTEN} channel that carries campaign changes. */
  public static final String CHANNEL = "campaign_control";

  /** What a control action did. */
  public sealed interface ControlResult {
    record Done(Campaign campaign) implements ControlResult {}

    record NotFound() implements ControlResult {}

    record Refused(CampaignState state, String reason) implements ControlResult {}
  }

  private static final String COLUMNS = "id, state, settings, version, created_at";

  private final Pool pool;

  public CampaignStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Campaign> create(CampaignSettings settings, Instant now) {
    return pool.preparedQuery(
            "INSERT INTO campaign (name, kind, timezone, settings, created_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $5) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                settings.name(),
                settings.kind().name(),
                settings.timezone().getId(),
                CampaignSettingsJson.toJson(settings),
                Sql.ts(now)))
        .map(rows -> campaign(rows.iterator().next()));
  }

  public Future<Optional<Campaign>> get(long id) {
    return get(pool, id);
  }

  static Future<Optional<Campaign>> get(SqlClient client, long id) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM campaign WHERE id = $1")
        .execute(Tuple.of(id))
        .map(CampaignStore::first);
  }

  public Future<List<Campaign>> list() {
    return all("SELECT " + COLUMNS + " FROM campaign ORDER BY id");
  }

  /** Campaigns that are running: the ones the dialer hands out for. */
  public Future<List<Campaign>> running() {
    return all("SELECT " + COLUMNS + " FROM campaign WHERE state = 'RUNNING' ORDER BY id");
  }

  private Future<List<Campaign>> all(String sql) {
    return pool.query(sql)
        .execute()
        .map(
            rows -> {
              List<Campaign> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(campaign(r)));
              return out;
            });
  }

  /** Replaces the settings (already validated by the caller), audited and announced. */
  public Future<Optional<Campaign>> update(
      long id, CampaignSettings settings, String principal, String role, Instant now) {
    JsonObject json = CampaignSettingsJson.toJson(settings);
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE campaign SET settings = $2, timezone = $3, version = version + 1,"
                        + " updated_at = $4 WHERE id = $1 RETURNING "
                        + COLUMNS)
                .execute(Tuple.of(id, json, settings.timezone().getId(), Sql.ts(now)))
                .map(CampaignStore::first)
                .compose(
                    found ->
                        found.isEmpty()
                            ? Future.succeededFuture(found)
                            : audit(tx, id, "PATCH", principal, role, now, json)
                                .compose(v -> notify(tx, id))
                                .map(found)));
  }

  /**
   * Pauses, resumes or stops; a stop also cancels every task not yet settled. The campaign row is
   * locked {@code FOR NO KEY UPDATE}: leases insert attempts that reference it (a key-share lock),
   * and a stronger lock here would deadlock with a lease holding the tasks the stop cancels.
   */
  public Future<ControlResult> control(
      long id, ControlAction action, String principal, String role, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT state FROM campaign WHERE id = $1 FOR NO KEY UPDATE")
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(new ControlResult.NotFound());
                      }
                      CampaignState from =
                          CampaignState.valueOf(rows.iterator().next().getString("state"));
                      if (!action.allowedFrom(from)) {
                        return Future.succeededFuture(
                            new ControlResult.Refused(from, "the campaign is " + from));
                      }
                      return tx.preparedQuery(
                              "UPDATE campaign SET state = $2, version = version + 1,"
                                  + " updated_at = $3 WHERE id = $1 RETURNING "
                                  + COLUMNS)
                          .execute(Tuple.of(id, action.target().name(), Sql.ts(now)))
                          .compose(
                              updated ->
                                  (action == ControlAction.STOP
                                          ? cancelOpenTasks(tx, id, principal, now)
                                          : Future.<Void>succeededFuture())
                                      .compose(
                                          v ->
                                              audit(
                                                  tx,
                                                  id,
                                                  action.name(),
                                                  principal,
                                                  role,
                                                  now,
                                                  new JsonObject().put("from", from.name())))
                                      .compose(v -> notify(tx, id))
                                      .map(
                                          v ->
                                              (ControlResult)
                                                  new ControlResult.Done(
                                                      campaign(updated.iterator().next()))));
                    }));
  }

  private static Future<Void> cancelOpenTasks(
      SqlClient tx, long id, String principal, Instant now) {
    // the history names the state each task was in; one moved meanwhile is left to its mover
    return tx.preparedQuery(
            "WITH o AS (SELECT id, state FROM task"
                + " WHERE campaign_id = $1 AND state IN ('PENDING', 'AT_BRANCH')),"
                + " c AS (UPDATE task t SET state = 'CANCELLED', next_due_at = NULL,"
                + " version = t.version + 1, updated_at = $2"
                + " FROM o WHERE t.id = o.id AND t.state = o.state RETURNING t.id, o.state)"
                + " INSERT INTO task_history (task_id, at, old_state, new_state, cause, actor)"
                + " SELECT id, $2, state, 'CANCELLED', 'CAMPAIGN_STOPPED', $3 FROM c")
        .execute(Tuple.of(id, Sql.ts(now), principal))
        .mapEmpty();
  }

  private static Future<Void> audit(
      SqlClient tx,
      long id,
      String action,
      String principal,
      String role,
      Instant now,
      JsonObject detail) {
    return tx.preparedQuery(
            "INSERT INTO control_audit (campaign_id, action, principal, role, at, detail)"
                + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(id, action, principal, role, Sql.ts(now), detail))
        .mapEmpty();
  }

  private static Future<Void> notify(SqlClient tx, long id) {
    return tx.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, Long.toString(id)))
        .mapEmpty();
  }

  /** The supervisor actions on a campaign, oldest first. */
  public Future<List<JsonObject>> auditTrail(long id) {
    return pool.preparedQuery(
            "SELECT action, principal, role, at, detail FROM control_audit"
                + " WHERE campaign_id = $1 ORDER BY id")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              List<JsonObject> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("action", r.getString("action"))
                        .put("principal", r.getString("principal"))
                        .put("role", r.getString("role"))
                        .put("at", Sql.instant(r.getValue("at")).toString())
                        .put("detail", r.getJsonObject("detail")));
              }
              return out;
            });
  }

  /** Live counters: tasks by state, attempts in flight and by outcome. */
  public Future<CampaignCounters> counters(long id) {
    Future<RowSet<Row>> tasks =
        pool.preparedQuery(
                "SELECT state, count(*) AS n FROM task WHERE campaign_id = $1 GROUP BY 1")
            .execute(Tuple.of(id));
    Future<RowSet<Row>> attempts =
        pool.preparedQuery(
                "SELECT state, outcome, count(*) AS n FROM attempt WHERE campaign_id = $1"
                    + " GROUP BY 1, 2")
            .execute(Tuple.of(id));
    return Future.all(tasks, attempts)
        .map(
            all -> {
              Map<String, Long> byState = new java.util.HashMap<>();
              for (Row r : tasks.result()) {
                byState.put(r.getString("state"), r.getLong("n"));
              }
              long inFlight = 0;
              Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
              for (Row r : attempts.result()) {
                String state = r.getString("state");
                if (state.equals("LEASED") || state.equals("DIALING")) {
                  inFlight += r.getLong("n");
                }
                String outcome = r.getString("outcome");
                if (outcome != null) {
                  outcomes.merge(Outcome.valueOf(outcome), r.getLong("n"), Long::sum);
                }
              }
              return new CampaignCounters(
                  byState.getOrDefault("PENDING", 0L),
                  inFlight,
                  byState.getOrDefault("AWAITING_SUMMARY", 0L),
                  byState.getOrDefault("DONE", 0L),
                  byState.getOrDefault("AT_BRANCH", 0L),
                  byState.getOrDefault("EXEMPT", 0L),
                  byState.getOrDefault("UNRESOLVED", 0L),
                  byState.getOrDefault("CANCELLED", 0L),
                  outcomes);
            });
  }

  private static Optional<Campaign> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(campaign(rows.iterator().next()));
  }

  static Campaign campaign(Row r) {
    return campaign(r, "");
  }

  /** A campaign from columns named {@code prefix} and the column name ({@code c_state}). */
  static Campaign campaign(Row r, String prefix) {
    CampaignSettings settings =
        switch (CampaignSettingsJson.create(r.getJsonObject(prefix + "settings"))) {
          case CampaignSettingsJson.Parsed.Valid v -> v.settings();
          case CampaignSettingsJson.Parsed.Invalid i ->
              throw new IllegalStateException(
                  "campaign "
                      + r.getLong(prefix + "id")
                      + " has stored settings that no longer parse: "
                      + i.errors());
        };
    return new Campaign(
        r.getLong(prefix + "id"),
        CampaignState.valueOf(r.getString(prefix + "state")),
        settings,
        r.getLong(prefix + "version"),
        Sql.instant(r.getValue(prefix + "created_at")));
  }
}
