package com.huifang.recording.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Recording references in PostgreSQL. The reference is written before the PBX starts recording and
 * completed at hang-up; the search finds a merged call by any of its policy numbers.
 */
public final class RecordingStore {

  private static final String COLUMNS =
      "id, attempt_id, policy_nos, campaign_id, agent, pbx, path, state, product_type, started_at,"
          + " ended_at, duration_ms, bytes, sha256, retain_until, legal_hold, purged_at";

  /** What to look for; null fields are not filtered on. */
  public record Query(String policyNo, Instant from, Instant to, String agent, int limit) {}

  private final Pool pool;

  public RecordingStore(Pool pool) {
    this.pool = pool;
  }

  /** Writes the reference of a recording about to start. */
  public Future<Recording> open(
      UUID attemptId,
      List<String> policyNos,
      long campaignId,
      String agent,
      String pbx,
      String path,
      String productType,
      Instant startedAt,
      Instant retainUntil) {
    return pool.preparedQuery(
            "INSERT INTO recording (id, attempt_id, policy_nos, campaign_id, agent, pbx, path,"
                + " state, product_type, started_at, retain_until)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, 'RECORDING', $8, $9, $10)"
                + " ON CONFLICT (attempt_id) DO UPDATE SET agent = coalesce(EXCLUDED.agent,"
                + " recording.agent) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addUUID(attemptId)
                .addArrayOfString(policyNos.toArray(String[]::new))
                .addLong(campaignId)
                .addString(agent)
                .addString(pbx)
                .addString(path)
                .addString(productType)
                .addOffsetDateTime(ts(startedAt))
                .addOffsetDateTime(ts(retainUntil)))
        .map(rows -> read(rows.iterator().next()));
  }

  /** The call is over and the file was found: its length, size and fingerprint. */
  public Future<Boolean> complete(
      UUID id, String agent, Instant endedAt, long durationMs, long bytes, String sha256) {
    return pool.preparedQuery(
            "UPDATE recording SET state = 'COMPLETE', agent = coalesce($2, agent), ended_at = $3,"
                + " duration_ms = $4, bytes = $5, sha256 = $6 WHERE id = $1"
                + " AND state IN ('RECORDING', 'MISSING', 'NOT_STARTED')")
        .execute(Tuple.of(id, agent, ts(endedAt), durationMs, bytes, sha256))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The file never appeared. */
  public Future<Boolean> missing(UUID id, Instant endedAt) {
    return endedWithoutFile(id, Recording.State.MISSING, endedAt);
  }

  /** The PBX never began recording the call, and no file appeared. */
  public Future<Boolean> notStarted(UUID id, Instant endedAt) {
    return endedWithoutFile(id, Recording.State.NOT_STARTED, endedAt);
  }

  private Future<Boolean> endedWithoutFile(UUID id, Recording.State state, Instant endedAt) {
    return pool.preparedQuery(
            "UPDATE recording SET state = $3, ended_at = coalesce(ended_at, $2)"
                + " WHERE id = $1 AND state = 'RECORDING'")
        .execute(Tuple.of(id, ts(endedAt), state.name()))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Optional<Recording>> get(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM recording WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
  }

  public Future<Optional<Recording>> byAttempt(UUID attemptId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM recording WHERE attempt_id = $1")
        .execute(Tuple.of(attemptId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
  }

  /** References still open since before {@code before} (a restart completes them). */
  public Future<List<Recording>> openSince(Instant before) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM recording WHERE state = 'RECORDING' AND started_at < $1")
        .execute(Tuple.of(ts(before)))
        .map(RecordingStore::all);
  }

  public Future<List<Recording>> search(Query q) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM recording WHERE ($1::text IS NULL OR policy_nos @> ARRAY[$1::text])"
                + " AND ($2::timestamptz IS NULL OR started_at >= $2)"
                + " AND ($3::timestamptz IS NULL OR started_at < $3)"
                + " AND ($4::text IS NULL OR agent = $4)"
                + " ORDER BY started_at DESC LIMIT $5")
        .execute(
            Tuple.tuple()
                .addString(q.policyNo())
                .addOffsetDateTime(ts(q.from()))
                .addOffsetDateTime(ts(q.to()))
                .addString(q.agent())
                .addInteger(q.limit()))
        .map(RecordingStore::all);
  }

  /** Puts a legal hold on (or takes it off) a recording; false when there is no such recording. */
  public Future<Boolean> hold(UUID id, boolean on) {
    return pool.preparedQuery("UPDATE recording SET legal_hold = $2 WHERE id = $1")
        .execute(Tuple.of(id, on))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Recordings whose audio may go: past retention, not held, not purged yet. */
  public Future<List<Recording>> purgeable(Instant now, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM recording WHERE retain_until < $1 AND NOT legal_hold"
                + " AND state IN ('COMPLETE', 'MISSING') ORDER BY retain_until LIMIT $2")
        .execute(Tuple.of(ts(now), limit))
        .map(RecordingStore::all);
  }

  /** The audio is gone: the reference stays with its purge time. */
  public Future<Boolean> markPurged(UUID id, Instant at) {
    return pool.preparedQuery(
            "UPDATE recording SET state = 'PURGED', purged_at = $2 WHERE id = $1"
                + " AND NOT legal_hold AND state IN ('COMPLETE', 'MISSING')")
        .execute(Tuple.of(id, ts(at)))
        .map(rows -> rows.rowCount() == 1);
  }

  private static List<Recording> all(RowSet<Row> rows) {
    List<Recording> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(read(r)));
    return out;
  }

  private static Recording read(Row r) {
    return new Recording(
        r.getUUID("id"),
        r.getUUID("attempt_id"),
        List.of(r.getArrayOfStrings("policy_nos")),
        r.getLong("campaign_id"),
        r.getString("agent"),
        r.getString("pbx"),
        r.getString("path"),
        Recording.State.valueOf(r.getString("state")),
        r.getString("product_type"),
        instant(r.getOffsetDateTime("started_at")),
        instant(r.getOffsetDateTime("ended_at")),
        r.getLong("duration_ms"),
        r.getLong("bytes"),
        r.getString("sha256"),
        instant(r.getOffsetDateTime("retain_until")),
        r.getBoolean("legal_hold"),
        instant(r.getOffsetDateTime("purged_at")));
  }

  private static Instant instant(OffsetDateTime o) {
    return o == null ? null : o.toInstant();
  }

  private static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
