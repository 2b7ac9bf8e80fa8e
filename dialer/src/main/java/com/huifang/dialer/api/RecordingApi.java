package com.huifang.dialer.api;

import com.huifang.dialer.config.Role;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.dialer.recording.RecordingFiles;
import com.huifang.recording.audit.AccessAudit;
import com.huifang.recording.store.Recording;
import com.huifang.recording.store.RecordingStore;
import com.huifang.scheduler.http.FieldError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * api.md "Recordings": QA finds recordings by policy number (also date range and agent), plays them
 * with HTTP Range, and admins put them on legal hold; every list, play and hold is written to the
 * hash-chained access audit with who, which role, when and the stated purpose ({@code purpose}
 * parameter or {@code X-Purpose} header). Audio is checked against its SHA-256 before it is served;
 * a mismatch is refused, logged and counted.
 */
public final class RecordingApi {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingApi.class);

  /** One byte range; a bound past what a long holds is no range a recording can satisfy. */
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  private static final int MAX_LIST = 200;

  private final RecordingStore store;
  private final AccessAudit audit;
  private final RecordingFiles files;
  private final Clock clock;
  private final Counter integrityFailures;

  public RecordingApi(
      RecordingStore store,
      AccessAudit audit,
      RecordingFiles files,
      Clock clock,
      MeterRegistry registry) {
    this.store = store;
    this.audit = audit;
    this.files = files;
    this.clock = clock;
    this.integrityFailures = registry.counter("recordings_integrity_failures_total");
  }

  public void mount(Router router) {
    router
        .get("/api/recordings")
        .handler(ApiAuth.allow(Role.QA, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::list);
    router
        .get("/api/recordings/:id/audio")
        .handler(ApiAuth.allow(Role.QA, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::audio);
    router
        .post("/api/recordings/:id/hold")
        .handler(ApiAuth.allow(Role.ADMIN))
        .handler(ctx -> hold(ctx, true));
    router
        .post("/api/recordings/:id/release")
        .handler(ApiAuth.allow(Role.ADMIN))
        .handler(ctx -> hold(ctx, false));
    router.get("/api/audit").handler(ApiAuth.allow(Role.ADMIN)).handler(this::trail);
  }

  private static String purpose(RoutingContext ctx) {
    String p = ctx.queryParams().get("purpose");
    return p != null ? p : ctx.request().getHeader("X-Purpose");
  }

  private Future<Void> audit(RoutingContext ctx, String action, UUID recording) {
    ApiAuth.Caller who = ApiAuth.caller(ctx);
    return audit.append(
        new AccessAudit.Entry(
            clock.instant(),
            who.principal(),
            who.role().wireName(),
            action,
            recording,
            purpose(ctx)));
  }

  private void list(RoutingContext ctx) {
    var q = ctx.queryParams();
    List<FieldError> errors = new ArrayList<>();
    Instant from = Requests.instant(q.get("from"), "from", errors);
    Instant to = Requests.instant(q.get("to"), "to", errors);
    int limit = limit(q.get("limit"), errors);
    if (!errors.isEmpty()) {
      Requests.invalid(ctx, errors);
      return;
    }
    if (q.get("policyNo") == null && from == null && q.get("agent") == null) {
      ApiError.send(ctx, 400, "bad_request", "give policyNo, a date range (from/to) or agent");
      return;
    }
    store
        .search(new RecordingStore.Query(q.get("policyNo"), from, to, q.get("agent"), limit))
        .compose(
            found -> {
              List<Future<Void>> audited = new ArrayList<>();
              found.forEach(r -> audited.add(audit(ctx, "LIST", r.id())));
              return Future.all(audited).map(found);
            })
        .onSuccess(
            found -> {
              JsonArray out = new JsonArray();
              found.forEach(r -> out.add(json(r)));
              Requests.ok(ctx, 200, out);
            })
        .onFailure(ctx::fail);
  }

  /** How many to list: 50 unless asked, at most {@link #MAX_LIST}. */
  private static int limit(String text, List<FieldError> errors) {
    if (text == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return Math.min(MAX_LIST, n);
      }
    } catch (NumberFormatException e) {
      // named below
    }
    errors.add(new FieldError("limit", "must be a whole number of 1 or more"));
    return 0;
  }

  private static Optional<UUID> id(RoutingContext ctx) {
    try {
      return Optional.of(UUID.fromString(ctx.pathParam("id")));
    } catch (IllegalArgumentException e) {
      ApiError.send(ctx, 400, "bad_request", "id must be a recording id (a UUID)");
      return Optional.empty();
    }
  }

  private void audio(RoutingContext ctx) {
    id(ctx)
        .ifPresent(
            id ->
                store
                    .get(id)
                    .onSuccess(
                        found -> {
                          if (found.isEmpty()) {
                            ApiError.send(ctx, 404, "not_found", "unknown recording " + id);
                          } else {
                            play(ctx, found.get());
                          }
                        })
                    .onFailure(ctx::fail));
  }

  private void play(RoutingContext ctx, Recording r) {
    switch (r.state()) {
      case PURGED -> {
        ApiError.send(ctx, 410, "gone", "the audio was deleted after retention on " + r.purgedAt());
        return;
      }
      case RECORDING -> {
        ApiError.send(ctx, 409, "conflict", "the call is still being recorded");
        return;
      }
      case MISSING -> {
        ApiError.send(ctx, 404, "missing", "the PBX never delivered this recording's file");
        return;
      }
      case NOT_STARTED -> {
        ApiError.send(ctx, 404, "not_recorded", "the call ended before the PBX began recording it");
        return;
      }
      case COMPLETE -> {}
    }
    Optional<Path> file = files.resolve(r.pbx(), r.path());
    if (file.isEmpty()) {
      ApiError.send(ctx, 404, "missing", "no recordings directory for PBX " + r.pbx());
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> RecordingFiles.fingerprint(file.get()), false)
        .onComplete(
            checked -> {
              if (checked.failed()) {
                ApiError.send(ctx, 404, "missing", "the recording's file cannot be read");
                return;
              }
              if (!checked.result().sha256().equals(r.sha256())) {
                integrityFailures.increment();
                LOG.error(
                    "event=recording_integrity_failure recording={} expected={} found={}",
                    r.id(),
                    r.sha256(),
                    checked.result().sha256());
                ApiError.send(
                    ctx, 409, "integrity", "the audio does not match its SHA-256; refused");
                return;
              }
              audit(ctx, "PLAY", r.id())
                  .onSuccess(v -> send(ctx, file.get(), checked.result().bytes()))
                  .onFailure(ctx::fail);
            });
  }

  private static void send(RoutingContext ctx, Path file, long size) {
    String range = ctx.request().getHeader("Range");
    long start = 0;
    long end = size - 1;
    boolean partial = false;
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        unsatisfiable(ctx, size);
        return;
      }
      if (m.group(1).isEmpty()) {
        start = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        start = Long.parseLong(m.group(1));
        end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
      }
      if (start >= size || start > end) {
        unsatisfiable(ctx, size);
        return;
      }
      partial = true;
    }
    long from = start;
    long length = end - start + 1;
    boolean part = partial;
    long last = end;
    ctx.vertx()
        .executeBlocking(
            () -> {
              byte[] bytes = new byte[(int) length];
              try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                f.seek(from);
                f.readFully(bytes);
              }
              return Buffer.buffer(bytes);
            },
            false)
        .onSuccess(
            body -> {
              var response = ctx.response().putHeader("content-type", "audio/wav");
              response.putHeader("accept-ranges", "bytes");
              if (part) {
                response
                    .setStatusCode(206)
                    .putHeader("content-range", "bytes " + from + "-" + last + "/" + size);
              }
              response.end(body);
            })
        .onFailure(ctx::fail);
  }

  private static void unsatisfiable(RoutingContext ctx, long size) {
    ctx.response()
        .setStatusCode(416)
        .putHeader("content-range", "bytes */" + size)
        .putHeader("content-type", "application/json")
        .end(
            new JsonObject()
                .put("error", "range_not_satisfiable")
                .put("message", "the file has " + size + " bytes")
                .put("details", new JsonArray())
                .encode());
  }

  private void hold(RoutingContext ctx, boolean on) {
    id(ctx)
        .ifPresent(
            id ->
                store
                    .hold(id, on)
                    .compose(
                        found ->
                            found
                                ? audit(ctx, on ? "HOLD" : "RELEASE", id).map(true)
                                : Future.succeededFuture(false))
                    .onSuccess(
                        found -> {
                          if (!found) {
                            ApiError.send(ctx, 404, "not_found", "unknown recording " + id);
                          } else {
                            Requests.ok(
                                ctx,
                                200,
                                new JsonObject().put("id", id.toString()).put("legalHold", on));
                          }
                        })
                    .onFailure(ctx::fail));
  }

  private void trail(RoutingContext ctx) {
    String raw = ctx.queryParams().get("recordingId");
    UUID id = null;
    if (raw != null) {
      try {
        id = UUID.fromString(raw);
      } catch (IllegalArgumentException e) {
        ApiError.send(ctx, 400, "bad_request", "recordingId must be a UUID");
        return;
      }
    }
    audit.trail(id, 1000).onSuccess(rows -> Requests.ok(ctx, 200, rows)).onFailure(ctx::fail);
  }

  static JsonObject json(Recording r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("policyNos", new JsonArray(r.policyNos()))
        .put("attemptId", r.attemptId().toString())
        .put("campaignId", r.campaignId())
        .put("agent", r.agent())
        .put("pbx", r.pbx())
        .put("state", r.state().name())
        .put("start", r.startedAt().toString())
        .put("end", r.endedAt() == null ? null : r.endedAt().toString())
        .put(
            "duration",
            r.durationMs() == null ? null : Duration.ofMillis(r.durationMs()).toString())
        .put("durationMs", r.durationMs())
        .put("bytes", r.bytes())
        .put("sha256", r.sha256())
        .put("retainUntil", r.retainUntil().toString())
        .put("legalHold", r.legalHold())
        .put("purgedAt", r.purgedAt() == null ? null : r.purgedAt().toString());
  }
}
