package com.huifang.dialer.api;

import com.huifang.dialer.config.Role;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.scheduler.http.FieldError;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.phone.PhoneNumbers;
import com.huifang.scheduler.phone.PhoneParse;
import com.huifang.scheduler.report.CallbackMethod;
import com.huifang.scheduler.store.StoredTask;
import com.huifang.scheduler.store.TaskStore;
import com.huifang.scheduler.task.SummaryResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the branch does with a case it was sent: {@code POST /api/tasks/{id}/return} (api.md: fixed,
 * back in the pool with new numbers and/or a booked time) and {@code POST /api/tasks/{id}/settle}
 * (an addition: the branch did the callback itself by visit or letter, {@code {"method": "VISIT" |
 * "LETTER", "result": "STANDARD" | "SUB_STANDARD" | "PROBLEM", "categories": [...]}}, categories
 * only and always with a problem found).
 */
public final class BranchApi {

  private final TaskStore tasks;
  private final Clock clock;

  public BranchApi(TaskStore tasks, Clock clock) {
    this.tasks = tasks;
    this.clock = clock;
  }

  public void mount(Router router) {
    router
        .post("/api/tasks/:id/return")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024))
        .handler(ApiAuth.allow(Role.IMPORTER, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::giveBack);
    router
        .post("/api/tasks/:id/settle")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024))
        .handler(ApiAuth.allow(Role.IMPORTER, Role.SUPERVISOR, Role.ADMIN))
        .handler(this::settle);
  }

  private void settle(RoutingContext ctx) {
    Requests.id(ctx, "id")
        .ifPresent(
            id ->
                Requests.json(ctx)
                    .ifPresent(
                        json -> {
                          List<FieldError> errors = new ArrayList<>();
                          CallbackMethod method =
                              Requests.oneOf(json, "method", CallbackMethod.class, true, errors);
                          SummaryResult result =
                              Requests.oneOf(json, "result", SummaryResult.class, true, errors);
                          List<String> categories = Requests.strings(json, "categories", errors);
                          if (!errors.isEmpty()) {
                            Requests.invalid(ctx, errors);
                            return;
                          }
                          answer(
                              ctx,
                              id,
                              tasks.settleAtBranch(
                                  id,
                                  new TaskStore.BranchCallback(method, result, categories),
                                  ApiAuth.caller(ctx).principal(),
                                  clock.instant()),
                              t ->
                                  new JsonObject()
                                      .put("id", t.id())
                                      .put("state", t.state().name())
                                      .put("summaryResult", t.summaryResult())
                                      .put(
                                          "branchReason",
                                          t.branchReason() == null ? null : t.branchReason().name())
                                      .put("categories", new JsonArray(t.categories()))
                                      .put("method", method.name()));
                        }));
  }

  /** Answers a branch action: 404, 400 naming the field refused, or 200 with {@code done}. */
  private static void answer(
      RoutingContext ctx,
      long id,
      Future<TaskStore.BranchResult> action,
      Function<StoredTask, JsonObject> done) {
    action
        .onSuccess(
            r -> {
              switch (r) {
                case TaskStore.BranchResult.NotFound n ->
                    ApiError.send(ctx, 404, "not_found", "unknown task " + id);
                case TaskStore.BranchResult.Refused f ->
                    Requests.invalid(ctx, List.of(new FieldError(f.field(), f.reason())));
                case TaskStore.BranchResult.Done t -> Requests.ok(ctx, 200, done.apply(t.task()));
              }
            })
        .onFailure(ctx::fail);
  }

  private void giveBack(RoutingContext ctx) {
    Requests.id(ctx, "id")
        .ifPresent(
            id ->
                Requests.json(ctx)
                    .ifPresent(
                        json -> {
                          List<FieldError> errors = new ArrayList<>();
                          List<PhoneNumber> phones = phones(json, errors);
                          Instant appointment = Requests.instant(json, "appointmentAt", errors);
                          if (!errors.isEmpty()) {
                            Requests.invalid(ctx, errors);
                            return;
                          }
                          answer(
                              ctx,
                              id,
                              tasks.returnFromBranch(
                                  id,
                                  phones,
                                  appointment,
                                  ApiAuth.caller(ctx).principal(),
                                  clock.instant()),
                              t ->
                                  new JsonObject()
                                      .put("id", t.id())
                                      .put("state", t.state().name())
                                      .put("tier", t.tier().name())
                                      .put("nextDueAt", t.nextDueAt().toString()));
                        }));
  }

  private static List<PhoneNumber> phones(JsonObject json, List<FieldError> errors) {
    Object raw = json.getValue("phones");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      errors.add(new FieldError("phones", "must be an array of phone numbers"));
      return List.of();
    }
    List<PhoneNumber> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object v = array.getValue(i);
      if (!(v instanceof String s)) {
        errors.add(new FieldError("phones[" + i + "]", "must be a string"));
        continue;
      }
      switch (PhoneNumbers.parse(s)) {
        case PhoneParse.Valid ok -> out.add(ok.number());
        case PhoneParse.Invalid bad ->
            errors.add(new FieldError("phones[" + i + "]", bad.reason()));
      }
    }
    return out;
  }
}
