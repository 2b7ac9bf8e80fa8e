package com.huifang.dialer.api;

import com.huifang.dialer.config.Role;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.recording.store.Recording;
import com.huifang.recording.store.RecordingStore;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignState;
import com.huifang.scheduler.importing.RowError;
import com.huifang.scheduler.importing.RowResult;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.importing.TaskRowReader;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.TaskStore;
import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * api.md "Tasks": the streamed import and the per-policy view ({@link BranchApi} has what the
 * branch does with a case). An import is spooled to a temporary file as it arrives (never held
 * whole in memory), then read row by row on a worker thread and written in batches inside one
 * transaction: every bad row is reported with line, field and reason, every good row lands, and a
 * failure on our side leaves nothing behind.
 */
public final class TaskApi {

  /** Rows written per statement batch. */
  static final int BATCH = 500;

  /** Recordings looked up for one policy's view (a policy has a few dozen calls at most). */
  private static final int MAX_RECORDINGS = 1_000;

  /** Rejected rows listed in the answer; the count covers them all. */
  static final int MAX_LISTED_REJECTIONS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(TaskApi.class);

  private final Pool pool;
  private final CampaignStore campaigns;
  private final TaskStore tasks;
  private final RecordingStore recordings;
  private final Clock clock;

  public TaskApi(
      Pool pool, CampaignStore campaigns, TaskStore tasks, RecordingStore recordings, Clock clock) {
    this.pool = pool;
    this.campaigns = campaigns;
    this.tasks = tasks;
    this.recordings = recordings;
    this.clock = clock;
  }

  public void mount(Router router) {
    router
        .post("/api/campaigns/:id/tasks")
        .handler(ApiAuth.allow(Role.IMPORTER, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::importTasks);
    router
        .get("/api/tasks")
        .handler(ApiAuth.allow(Role.IMPORTER, Role.SUPERVISOR, Role.ADMIN, Role.QA))
        .handler(this::byPolicy);
  }

  private enum Format {
    NDJSON,
    CSV
  }

  private void importTasks(RoutingContext ctx) {
    ctx.request().pause();
    String type = ctx.request().getHeader("content-type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    Format format =
        switch (mime) {
          case "application/x-ndjson", "application/ndjson", "application/jsonl" -> Format.NDJSON;
          case "text/csv" -> Format.CSV;
          default -> null;
        };
    if (format == null) {
      ctx.request().resume();
      ApiError.send(
          ctx,
          415,
          "unsupported_media_type",
          "send application/x-ndjson or text/csv, not '" + mime + "'");
      return;
    }
    Requests.id(ctx, "id")
        .ifPresentOrElse(
            id ->
                campaigns
                    .get(id)
                    .onSuccess(
                        found -> {
                          if (found.isEmpty()) {
                            ctx.request().resume();
                            CampaignApi.unknown(ctx, id);
                          } else if (found.get().state() == CampaignState.STOPPED) {
                            ctx.request().resume();
                            ApiError.send(ctx, 409, "conflict", "campaign " + id + " is stopped");
                          } else {
                            spoolAndImport(ctx, found.get(), format);
                          }
                        })
                    .onFailure(ctx::fail),
            () -> ctx.request().resume());
  }

  private void spoolAndImport(RoutingContext ctx, Campaign campaign, Format format) {
    var fs = ctx.vertx().fileSystem();
    fs.createTempFile("dialer-import-", ".part")
        .compose(
            path ->
                fs.open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
                    .compose(file -> ctx.request().pipeTo(file))
                    .map(v -> Path.of(path)))
        .compose(
            path ->
                ctx.vertx()
                    .executeBlocking(() -> readAndStore(path, campaign, format), false)
                    .onComplete(done -> deleteQuietly(path)))
        .onSuccess(
            result -> {
              LOG.info(
                  "event=tasks_imported campaign={} accepted={} rejectedRows={} by={}",
                  campaign.id(),
                  result.getInteger("accepted"),
                  result.getInteger("rejectedRows"),
                  ApiAuth.caller(ctx).principal());
              Requests.ok(ctx, 200, result);
            })
        .onFailure(ctx::fail);
  }

  /** Runs on a worker thread: reads the spooled file and writes it in one transaction. */
  private JsonObject readAndStore(Path path, Campaign campaign, Format format) throws IOException {
    Instant now = clock.instant();
    List<RowError> rejected = new ArrayList<>();
    int accepted = 0;
    int rejectedRows = 0;
    TaskStore.Imported total = TaskStore.Imported.NONE;
    SqlConnection conn = join(pool.getConnection());
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      Transaction tx = join(conn.begin());
      try {
        TaskRowReader rows =
            format == Format.CSV ? TaskRowReader.csv(in) : TaskRowReader.ndjson(in);
        List<TaskImport> batch = new ArrayList<>(BATCH);
        while (rows.hasNext()) {
          switch (rows.next()) {
            case RowResult.Accepted a -> {
              batch.add(a.task());
              accepted++;
            }
            case RowResult.Rejected r -> {
              rejected.addAll(r.errors());
              rejectedRows++;
            }
          }
          if (batch.size() == BATCH) {
            total = total.plus(join(tasks.importInto(conn, campaign, batch, now)));
            batch.clear();
          }
        }
        total = total.plus(join(tasks.importInto(conn, campaign, batch, now)));
        join(tx.commit());
      } catch (RuntimeException e) {
        join(tx.rollback().otherwiseEmpty());
        throw e;
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      join(conn.close());
    }
    join(tasks.analyzeAfter(total));
    JsonArray listed = new JsonArray();
    rejected.stream()
        .limit(MAX_LISTED_REJECTIONS)
        .forEach(
            e ->
                listed.add(
                    new JsonObject()
                        .put("line", e.line())
                        .put("field", e.field())
                        .put("reason", e.reason())));
    return new JsonObject()
        .put("accepted", accepted)
        .put("rejected", listed)
        .put("rejectedCount", rejected.size())
        .put("rejectedRows", rejectedRows)
        .put("inserted", total.inserted())
        .put("updated", total.updated())
        .put("toBranch", total.toBranch())
        .put("othersToBranch", total.othersToBranch())
        .put("exempt", total.exempt())
        .put("cancelled", total.cancelled());
  }

  private static <T> T join(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("event=import_spool_not_deleted path={}", path, e);
    }
  }

  private void byPolicy(RoutingContext ctx) {
    String policy = ctx.queryParams().get("policyNo");
    if (policy == null || policy.isBlank()) {
      ApiError.send(ctx, 400, "bad_request", "policyNo is required");
      return;
    }
    tasks
        .byPolicy(policy)
        .compose(
            view ->
                recordings
                    .search(new RecordingStore.Query(policy, null, null, null, MAX_RECORDINGS))
                    .map(found -> withRecordings(view, found)))
        .onSuccess(view -> Requests.ok(ctx, 200, view))
        .onFailure(ctx::fail);
  }

  /** Adds to each attempt of {@code view} the ids of its recordings ({@code recordingIds}). */
  private static JsonArray withRecordings(JsonArray view, List<Recording> found) {
    Map<String, JsonArray> byAttempt = new HashMap<>();
    for (Recording r : found) {
      byAttempt
          .computeIfAbsent(r.attemptId().toString(), k -> new JsonArray())
          .add(r.id().toString());
    }
    for (int i = 0; i < view.size(); i++) {
      JsonArray attempts = view.getJsonObject(i).getJsonArray("attempts");
      for (int j = 0; j < attempts.size(); j++) {
        JsonObject a = attempts.getJsonObject(j);
        a.put("recordingIds", byAttempt.getOrDefault(a.getString("id"), new JsonArray()));
      }
    }
    return view;
  }
}
