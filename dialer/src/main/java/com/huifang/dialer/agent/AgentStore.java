package com.huifang.dialer.agent;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Agents in PostgreSQL, shared by every dialer node. Every change goes through {@link
 * AgentStateMachine} and is written with a compare-and-set on the version read, and a call is given
 * to an agent only by one statement that takes the longest-idle agent with {@code FOR UPDATE SKIP
 * LOCKED}: two nodes never give one agent two calls.
 */
public final class AgentStore {

  /** What a requested change did. */
  public sealed interface Change {
    record Done(Agent agent) implements Change {}

    record Refused(String reason) implements Change {}

    record NotFound() implements Change {}
  }

  private static final String COLUMNS =
      "extension, name, agent_group, sales_code, state, attempt_id, pause_reason, version,"
          + " updated_at";

  private final Pool pool;

  public AgentStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Registers or renames an agent ({@code salesCode} null for one who does not sell); a new agent
   * starts {@code OFFLINE}.
   */
  public Future<Agent> put(
      String extension, String name, String group, String salesCode, Instant now) {
    return pool.preparedQuery(
            "INSERT INTO agent (extension, name, agent_group, sales_code, state, updated_at)"
                + " VALUES ($1, $2, $3, $4, 'OFFLINE', $5)"
                + " ON CONFLICT (extension) DO UPDATE SET name = EXCLUDED.name,"
                + " agent_group = EXCLUDED.agent_group, sales_code = EXCLUDED.sales_code,"
                + " version = agent.version + 1"
                + " RETURNING "
                + COLUMNS)
        .execute(Tuple.of(extension, name, group, salesCode, ts(now)))
        .map(rows -> agent(rows.iterator().next()));
  }

  public Future<Optional<Agent>> get(String extension) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM agent WHERE extension = $1")
        .execute(Tuple.of(extension))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(agent(rows.iterator().next())));
  }

  public Future<List<Agent>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM agent ORDER BY extension")
        .execute()
        .map(
            rows -> {
              List<Agent> out = new ArrayList<>();
              rows.forEach(r -> out.add(agent(r)));
              return out;
            });
  }

  /** Applies {@code event} to the agent if the state machine allows it in the state read. */
  public Future<Change> apply(String extension, AgentEvent event, Instant now) {
    return get(extension)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(new Change.NotFound());
              }
              Agent a = found.get();
              return switch (AgentStateMachine.transition(a.status(), event, now)) {
                case AgentStateMachine.Transition.Refused r ->
                    Future.succeededFuture(new Change.Refused(r.reason()));
                case AgentStateMachine.Transition.Moved m -> write(a, m.status());
              };
            });
  }

  private Future<Change> write(Agent a, AgentStatus to) {
    return pool.preparedQuery(
            "UPDATE agent SET state = $2, attempt_id = $3, updated_at = $4, pause_reason = $6,"
                + " version = version + 1 WHERE extension = $1 AND version = $5 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                a.extension(),
                to.state().name(),
                to.attemptId().orElse(null),
                ts(to.since()),
                a.version(),
                to.reason().orElse(null)))
        .map(
            rows ->
                rows.size() == 0
                    ? new Change.Refused("the agent changed meanwhile; try again")
                    : new Change.Done(agent(rows.iterator().next())));
  }

  /**
   * Gives the answered call {@code attemptId} to the longest-idle agent of {@code group} who sold
   * none of its policies (no sales code among {@code sellers}), in one statement; empty when nobody
   * such is idle.
   */
  public Future<Optional<Agent>> assign(
      String group, UUID attemptId, Collection<String> sellers, Instant now) {
    return pool.preparedQuery(
            "UPDATE agent SET state = 'ON_CALL', attempt_id = $2, updated_at = $3,"
                + " pause_reason = NULL, version = version + 1"
                + " WHERE extension = (SELECT extension FROM agent WHERE agent_group = $1"
                + " AND state = 'IDLE' AND (sales_code IS NULL OR sales_code <> ALL ($4))"
                + " ORDER BY updated_at, extension LIMIT 1"
                + " FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(group, attemptId, ts(now), sellers.toArray(String[]::new)))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(agent(rows.iterator().next())));
  }

  /** The agent on or wrapping up {@code attemptId}, if any. */
  public Future<Optional<Agent>> onAttempt(UUID attemptId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM agent WHERE attempt_id = $1")
        .execute(Tuple.of(attemptId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(agent(rows.iterator().next())));
  }

  /** How many agents are in each state (for metrics: no names, no extensions). */
  public Future<Map<AgentState, Integer>> countByState() {
    return pool.query("SELECT state, count(*) AS n FROM agent GROUP BY state")
        .execute()
        .map(
            rows -> {
              Map<AgentState, Integer> out = new EnumMap<>(AgentState.class);
              for (AgentState s : AgentState.values()) {
                out.put(s, 0);
              }
              rows.forEach(
                  r -> out.put(AgentState.valueOf(r.getString("state")), r.getInteger("n")));
              return out;
            });
  }

  private static Agent agent(Row r) {
    AgentState state = AgentState.valueOf(r.getString("state"));
    Instant since = r.getOffsetDateTime("updated_at").toInstant();
    UUID attempt = r.getUUID("attempt_id");
    return new Agent(
        r.getString("extension"),
        r.getString("name"),
        r.getString("agent_group"),
        r.getString("sales_code"),
        new AgentStatus(
            state,
            state == AgentState.ON_CALL || state == AgentState.WRAP_UP
                ? Optional.ofNullable(attempt)
                : Optional.empty(),
            since,
            state == AgentState.PAUSED
                ? Optional.ofNullable(r.getString("pause_reason"))
                : Optional.empty()),
        r.getLong("version"));
  }

  private static OffsetDateTime ts(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
