package com.huifang.dialer.api;

import com.huifang.dialer.agent.Agent;
import com.huifang.dialer.agent.AgentEvent;
import com.huifang.dialer.agent.AgentState;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.config.Role;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.scheduler.http.FieldError;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.SummaryReason;
import com.huifang.scheduler.task.SummaryResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * api.md "Agents and calls": registration, the agent's own state, the call on the agent's screen,
 * and the call summary that ends wrap-up and feeds the scheduler.
 */
public final class AgentApi {

  private static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z_-]{1,32}");

  private static final int MAX_SALES_CODE = 64;

  private final AgentStore agents;
  private final AttemptStore attempts;
  private final Clock clock;
  private final Runnable agentsChanged;

  /**
   * @param agentsChanged called after an agent may have become idle, so the dialer looks for work
   *     at once instead of at its next tick
   */
  public AgentApi(AgentStore agents, AttemptStore attempts, Clock clock, Runnable agentsChanged) {
    this.agents = agents;
    this.attempts = attempts;
    this.clock = clock;
    this.agentsChanged = agentsChanged;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create().setBodyLimit(64 * 1024);
    router
        .get("/api/agents")
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN))
        .handler(this::list);
    router
        .put("/api/agents/:ext")
        .handler(body)
        .handler(ApiAuth.allow(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::put);
    router
        .post("/api/agents/:ext/state")
        .handler(body)
        .handler(ApiAuth.allow(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::state);
    router
        .get("/api/agents/:ext/current")
        .handler(ApiAuth.allow(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::current);
    router
        .post("/api/attempts/:id/summary")
        .handler(body)
        .handler(ApiAuth.allow(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::summary);
  }

  private static String extension(RoutingContext ctx) {
    String ext = ctx.pathParam("ext");
    if (ext == null || !EXTENSION.matcher(ext).matches()) {
      ApiError.send(ctx, 400, "bad_request", "extension must be 1-32 letters, digits, - or _");
      return null;
    }
    return ext;
  }

  private void list(RoutingContext ctx) {
    agents
        .list()
        .onSuccess(
            all -> {
              JsonArray out = new JsonArray();
              all.forEach(a -> out.add(json(a)));
              Requests.ok(ctx, 200, out);
            })
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    String ext = extension(ctx);
    if (ext == null) {
      return;
    }
    Requests.json(ctx)
        .ifPresent(
            body -> {
              List<FieldError> errors = new ArrayList<>();
              String name = text(body, "name", errors);
              String group = text(body, "group", errors);
              String salesCode = salesCode(body, errors);
              if (!errors.isEmpty()) {
                Requests.invalid(ctx, errors);
                return;
              }
              agents
                  .put(ext, name, group, salesCode, clock.instant())
                  .onSuccess(a -> Requests.ok(ctx, 200, json(a)))
                  .onFailure(ctx::fail);
            });
  }

  /**
   * An agent who also sells gives their sales code ({@code agentCode} of the policies they sold).
   */
  private static String salesCode(JsonObject body, List<FieldError> errors) {
    Object v = body.getValue("salesCode");
    if (v == null) {
      return null;
    }
    if (v instanceof String s && !s.isBlank() && s.length() <= MAX_SALES_CODE) {
      return s.strip();
    }
    errors.add(
        new FieldError("salesCode", "must be a non-empty text of at most " + MAX_SALES_CODE));
    return null;
  }

  private void state(RoutingContext ctx) {
    String ext = extension(ctx);
    if (ext == null) {
      return;
    }
    Requests.json(ctx)
        .ifPresent(
            body -> {
              Object raw = body.getValue("state");
              AgentState wanted = null;
              try {
                wanted = raw instanceof String s ? AgentState.valueOf(s) : null;
              } catch (IllegalArgumentException e) {
                wanted = null;
              }
              if (wanted != AgentState.IDLE
                  && wanted != AgentState.PAUSED
                  && wanted != AgentState.OFFLINE) {
                Requests.invalid(
                    ctx, List.of(new FieldError("state", "must be IDLE, PAUSED or OFFLINE")));
                return;
              }
              agents
                  .apply(ext, new AgentEvent.Requested(wanted), clock.instant())
                  .onSuccess(
                      change -> {
                        switch (change) {
                          case AgentStore.Change.NotFound n -> unknownAgent(ctx, ext);
                          case AgentStore.Change.Refused r ->
                              ApiError.send(ctx, 409, "conflict", r.reason());
                          case AgentStore.Change.Done d -> {
                            agentsChanged.run();
                            Requests.ok(ctx, 200, json(d.agent()));
                          }
                        }
                      })
                  .onFailure(ctx::fail);
            });
  }

  private void current(RoutingContext ctx) {
    String ext = extension(ctx);
    if (ext == null) {
      return;
    }
    agents
        .get(ext)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                unknownAgent(ctx, ext);
                return;
              }
              Agent a = found.get();
              if (a.status().attemptId().isEmpty()) {
                ApiError.send(ctx, 404, "not_found", "agent " + ext + " has no call now");
                return;
              }
              attempts
                  .callView(a.status().attemptId().get())
                  .onSuccess(
                      view ->
                          view.ifPresentOrElse(
                              v -> Requests.ok(ctx, 200, v.put("agentState", a.status().state())),
                              () -> ApiError.send(ctx, 404, "not_found", "the call is gone")))
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  private void summary(RoutingContext ctx) {
    UUID attemptId;
    try {
      attemptId = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ApiError.send(ctx, 400, "bad_request", "id must be an attempt id (a UUID)");
      return;
    }
    Requests.json(ctx)
        .ifPresent(
            body -> {
              List<FieldError> errors = new ArrayList<>();
              AgentSummary summary = summaryOf(body, errors);
              if (!errors.isEmpty()) {
                Requests.invalid(ctx, errors);
                return;
              }
              Instant now = clock.instant();
              attempts
                  .summary(attemptId, summary, ApiAuth.caller(ctx).principal(), now)
                  .onSuccess(
                      result -> {
                        switch (result) {
                          case AttemptStore.Result.NotFound n ->
                              ApiError.send(ctx, 404, "not_found", "unknown attempt " + attemptId);
                          // nothing is left to summarise: the agent's wrap-up of it is over
                          case AttemptStore.Result.Stale s ->
                              endWrapUp(attemptId, now)
                                  .onComplete(v -> ApiError.send(ctx, 409, "conflict", s.reason()));
                          case AttemptStore.Result.Invalid i ->
                              Requests.invalid(ctx, List.of(new FieldError(i.field(), i.reason())));
                          case AttemptStore.Result.Applied a ->
                              endWrapUp(attemptId, now)
                                  .onComplete(
                                      v -> {
                                        JsonArray moved = new JsonArray();
                                        a.transitions()
                                            .forEach(
                                                t ->
                                                    moved.add(
                                                        new JsonObject()
                                                            .put("taskId", t.taskId())
                                                            .put("state", t.to().name())));
                                        Requests.ok(
                                            ctx,
                                            200,
                                            new JsonObject()
                                                .put("attemptId", attemptId.toString())
                                                .put("tasks", moved));
                                      });
                        }
                      })
                  .onFailure(ctx::fail);
            });
  }

  private io.vertx.core.Future<Void> endWrapUp(UUID attemptId, Instant now) {
    return agents
        .onAttempt(attemptId)
        .compose(
            agent ->
                agent.isEmpty()
                    ? io.vertx.core.Future.<Void>succeededFuture()
                    : agents
                        .apply(
                            agent.get().extension(),
                            new AgentEvent.SummarySubmitted(attemptId),
                            now)
                        .<Void>mapEmpty())
        .onSuccess(v -> agentsChanged.run());
  }

  static AgentSummary summaryOf(JsonObject body, List<FieldError> errors) {
    SummaryResult result = Requests.oneOf(body, "result", SummaryResult.class, true, errors);
    SummaryReason reason = Requests.oneOf(body, "reason", SummaryReason.class, false, errors);
    List<String> categories = Requests.strings(body, "categories", errors);
    Instant appointment = Requests.instant(body, "appointmentAt", errors);
    boolean explicit = flag(body, "explicitRequest", errors);
    boolean warn = flag(body, "surrenderWarning", errors);
    Object note = body.getValue("note");
    if (note != null && !(note instanceof String)) {
      errors.add(new FieldError("note", "must be a string"));
    } else if (note instanceof String n && n.length() > AgentSummary.MAX_NOTE) {
      errors.add(
          new FieldError("note", "must be at most " + AgentSummary.MAX_NOTE + " characters"));
    }
    if (!errors.isEmpty() || result == null) {
      return null;
    }
    return new AgentSummary(result, reason, categories, appointment, explicit, warn, (String) note);
  }

  private static boolean flag(JsonObject body, String key, List<FieldError> errors) {
    Object v = body.getValue(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    errors.add(new FieldError(key, "must be true or false"));
    return false;
  }

  private static String text(JsonObject body, String key, List<FieldError> errors) {
    Object v = body.getValue(key);
    if (v instanceof String s
        && !s.isBlank()
        && s.length() <= 100
        && s.chars().noneMatch(Character::isISOControl)) {
      return s;
    }
    errors.add(new FieldError(key, "required: 1-100 characters, no control characters"));
    return null;
  }

  private static void unknownAgent(RoutingContext ctx, String ext) {
    ApiError.send(ctx, 404, "not_found", "unknown agent " + ext);
  }

  static JsonObject json(Agent a) {
    JsonObject j =
        new JsonObject()
            .put("extension", a.extension())
            .put("name", a.name())
            .put("group", a.group())
            .put("salesCode", a.salesCode())
            .put("state", a.status().state().name())
            .put("since", a.status().since().toString());
    a.status().attemptId().ifPresent(id -> j.put("attemptId", id.toString()));
    a.status().reason().ifPresent(r -> j.put("reason", r));
    return j;
  }
}
