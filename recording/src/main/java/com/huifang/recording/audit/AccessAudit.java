package com.huifang.recording.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Who listed, played, held or purged which recording, when and why: an append-only table whose rows
 * are hash-chained. Each row keeps the SHA-256 of the previous row and its own hash over that and
 * its content, so editing or deleting any row breaks the chain at that row; {@link #verify} names
 * the first broken one. Appends are serialised by a transaction lock, so the chain never forks.
 */
public final class AccessAudit {

  /** The hash before the first row. */
  public static final String GENESIS = "0".repeat(64);

  private static final long APPEND_LOCK = 0x7265_635f_6175_6469L;

  /** One audited action. */
  public record Entry(
      Instant at, String principal, String role, String action, UUID recordingId, String purpose) {}

  /** What the verifier found. */
  public sealed interface Verdict {
    record Intact(long rows) implements Verdict {}

    /** The chain breaks at row {@code seq}: it was edited, or the row before it was removed. */
    record Broken(long seq, String why) implements Verdict {}
  }

  private final Pool pool;

  public AccessAudit(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> append(Entry e) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(APPEND_LOCK))
                .compose(
                    v ->
                        tx.query("SELECT hash FROM recording_access ORDER BY seq DESC LIMIT 1")
                            .execute())
                .compose(
                    rows -> {
                      String prev =
                          rows.size() == 0 ? GENESIS : rows.iterator().next().getString("hash");
                      Instant at = e.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                      String hash =
                          hash(
                              prev,
                              at,
                              e.principal(),
                              e.role(),
                              e.action(),
                              e.recordingId(),
                              e.purpose());
                      return tx.preparedQuery(
                              "INSERT INTO recording_access (at, principal, role, action,"
                                  + " recording_id, purpose, prev_hash, hash)"
                                  + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                          .execute(
                              Tuple.tuple()
                                  .addOffsetDateTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                                  .addString(e.principal())
                                  .addString(e.role())
                                  .addString(e.action())
                                  .addUUID(e.recordingId())
                                  .addString(e.purpose())
                                  .addString(prev)
                                  .addString(hash));
                    })
                .mapEmpty());
  }

  /** Walks the whole chain in order. */
  public Future<Verdict> verify() {
    return pool.query(
            "SELECT seq, at, principal, role, action, recording_id, purpose, prev_hash, hash"
                + " FROM recording_access ORDER BY seq")
        .execute()
        .map(
            rows -> {
              String prev = GENESIS;
              long n = 0;
              for (Row r : rows) {
                long seq = r.getLong("seq");
                if (!prev.equals(r.getString("prev_hash"))) {
                  return new Verdict.Broken(
                      seq, "does not follow the row before it (a row was removed or edited)");
                }
                String expected =
                    hash(
                        prev,
                        r.getOffsetDateTime("at").toInstant(),
                        r.getString("principal"),
                        r.getString("role"),
                        r.getString("action"),
                        r.getUUID("recording_id"),
                        r.getString("purpose"));
                if (!expected.equals(r.getString("hash"))) {
                  return new Verdict.Broken(seq, "its content does not match its hash (edited)");
                }
                prev = r.getString("hash");
                n++;
              }
              return new Verdict.Intact(n);
            });
  }

  /** The accesses of one recording (or all, when null), oldest first. */
  public Future<JsonArray> trail(UUID recordingId, int limit) {
    return pool.preparedQuery(
            "SELECT seq, at, principal, role, action, recording_id, purpose FROM recording_access"
                + " WHERE ($1::uuid IS NULL OR recording_id = $1) ORDER BY seq LIMIT $2")
        .execute(Tuple.of(recordingId, limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("seq", r.getLong("seq"))
                        .put("at", r.getOffsetDateTime("at").toInstant().toString())
                        .put("principal", r.getString("principal"))
                        .put("role", r.getString("role"))
                        .put("action", r.getString("action"))
                        .put(
                            "recordingId",
                            Optional.ofNullable(r.getUUID("recording_id"))
                                .map(UUID::toString)
                                .orElse(null))
                        .put("purpose", r.getString("purpose")));
              }
              return out;
            });
  }

  static String hash(
      String prev,
      Instant at,
      String principal,
      String role,
      String action,
      UUID recordingId,
      String purpose) {
    // a fixed, unambiguous encoding: every field length-prefixed
    StringBuilder sb = new StringBuilder();
    for (String field :
        new String[] {
          prev,
          at.toString(),
          principal,
          role,
          action,
          recordingId == null ? "" : recordingId.toString(),
          purpose == null ? "" : purpose
        }) {
      sb.append(field.length()).append(':').append(field).append('|');
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
