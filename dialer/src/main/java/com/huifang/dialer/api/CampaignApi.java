package com.huifang.dialer.api;

import com.huifang.dialer.config.Role;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignCounters;
import com.huifang.scheduler.campaign.ControlAction;
import com.huifang.scheduler.http.CampaignSettingsJson;
import com.huifang.scheduler.http.CampaignSettingsJson.Parsed;
import com.huifang.scheduler.store.CampaignStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** api.md "Campaigns": create, list with live counters, change, pause, resume, stop. */
public final class CampaignApi {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignApi.class);

  private final CampaignStore store;
  private final Clock clock;

  public CampaignApi(CampaignStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create().setBodyLimit(256 * 1024);
    router
        .post("/api/campaigns")
        .handler(body)
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN))
        .handler(this::create);
    router
        .get("/api/campaigns")
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN, Role.IMPORTER, Role.QA))
        .handler(this::list);
    router
        .get("/api/campaigns/:id")
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN, Role.IMPORTER, Role.QA))
        .handler(this::get);
    router
        .patch("/api/campaigns/:id")
        .handler(body)
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN))
        .handler(this::patch);
    router
        .get("/api/campaigns/:id/audit")
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN))
        .handler(this::audit);
    for (ControlAction action : ControlAction.values()) {
      router
          .post("/api/campaigns/:id/" + action.name().toLowerCase(java.util.Locale.ROOT))
          .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN))
          .handler(ctx -> control(ctx, action));
    }
  }

  private void create(RoutingContext ctx) {
    Requests.json(ctx)
        .ifPresent(
            json -> {
              switch (CampaignSettingsJson.create(json)) {
                case Parsed.Invalid i -> Requests.invalid(ctx, i.errors());
                case Parsed.Valid v ->
                    store
                        .create(v.settings(), clock.instant())
                        .compose(this::withCounters)
                        .onSuccess(
                            c -> {
                              LOG.info(
                                  "event=campaign_created campaign={} by={}",
                                  c.getLong("id"),
                                  ApiAuth.caller(ctx).principal());
                              Requests.ok(ctx, 201, c);
                            })
                        .onFailure(ctx::fail);
              }
            });
  }

  private void list(RoutingContext ctx) {
    store
        .list()
        .compose(
            all -> {
              List<Future<JsonObject>> each = new ArrayList<>();
              all.forEach(c -> each.add(withCounters(c)));
              return Future.all(each)
                  .map(
                      done -> {
                        JsonArray out = new JsonArray();
                        each.forEach(f -> out.add(f.result()));
                        return out;
                      });
            })
        .onSuccess(out -> Requests.ok(ctx, 200, out))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Requests.id(ctx, "id")
        .ifPresent(
            id ->
                store
                    .get(id)
                    .onSuccess(
                        found ->
                            found.ifPresentOrElse(
                                c ->
                                    withCounters(c)
                                        .onSuccess(j -> Requests.ok(ctx, 200, j))
                                        .onFailure(ctx::fail),
                                () -> unknown(ctx, id)))
                    .onFailure(ctx::fail));
  }

  private void patch(RoutingContext ctx) {
    Requests.id(ctx, "id")
        .ifPresent(
            id ->
                Requests.json(ctx)
                    .ifPresent(
                        json ->
                            store
                                .get(id)
                                .onSuccess(
                                    found -> {
                                      if (found.isEmpty()) {
                                        unknown(ctx, id);
                                        return;
                                      }
                                      switch (CampaignSettingsJson.patch(
                                          found.get().settings(), json)) {
                                        case Parsed.Invalid i -> Requests.invalid(ctx, i.errors());
                                        case Parsed.Valid v -> {
                                          ApiAuth.Caller who = ApiAuth.caller(ctx);
                                          store
                                              .update(
                                                  id,
                                                  v.settings(),
                                                  who.principal(),
                                                  who.role().wireName(),
                                                  clock.instant())
                                              .compose(c -> withCounters(c.orElseThrow()))
                                              .onSuccess(j -> Requests.ok(ctx, 200, j))
                                              .onFailure(ctx::fail);
                                        }
                                      }
                                    })
                                .onFailure(ctx::fail)));
  }

  private void control(RoutingContext ctx, ControlAction action) {
    Requests.id(ctx, "id")
        .ifPresent(
            id -> {
              ApiAuth.Caller who = ApiAuth.caller(ctx);
              store
                  .control(id, action, who.principal(), who.role().wireName(), clock.instant())
                  .onSuccess(
                      result -> {
                        switch (result) {
                          case CampaignStore.ControlResult.NotFound n -> unknown(ctx, id);
                          case CampaignStore.ControlResult.Refused r ->
                              ApiError.send(ctx, 409, "conflict", r.reason());
                          case CampaignStore.ControlResult.Done d -> {
                            LOG.info(
                                "event=campaign_control campaign={} action={} by={} role={}",
                                id,
                                action,
                                who.principal(),
                                who.role().wireName());
                            withCounters(d.campaign())
                                .onSuccess(j -> Requests.ok(ctx, 200, j))
                                .onFailure(ctx::fail);
                          }
                        }
                      })
                  .onFailure(ctx::fail);
            });
  }

  private void audit(RoutingContext ctx) {
    Requests.id(ctx, "id")
        .ifPresent(
            id ->
                store
                    .auditTrail(id)
                    .onSuccess(rows -> Requests.ok(ctx, 200, new JsonArray(new ArrayList<>(rows))))
                    .onFailure(ctx::fail));
  }

  private Future<JsonObject> withCounters(Campaign c) {
    return store.counters(c.id()).map(counters -> json(c, counters));
  }

  static JsonObject json(Campaign c, CampaignCounters n) {
    JsonObject outcomes = new JsonObject();
    n.outcomes().forEach((o, count) -> outcomes.put(o.name(), count));
    return new JsonObject()
        .put("id", c.id())
        .put("state", c.state().name())
        .put("version", c.version())
        .put("createdAt", c.createdAt().toString())
        .mergeIn(CampaignSettingsJson.toJson(c.settings()))
        .put(
            "counters",
            new JsonObject()
                .put("pending", n.pending())
                .put("inFlight", n.inFlight())
                .put("awaitingSummary", n.awaitingSummary())
                .put("done", n.done())
                .put("toBranch", n.toBranch())
                .put("exempt", n.exempt())
                .put("unresolved", n.unresolved())
                .put("cancelled", n.cancelled())
                .put("outcomes", outcomes));
  }

  static void unknown(RoutingContext ctx, long id) {
    ApiError.send(ctx, 404, "not_found", "unknown campaign " + id);
  }
}
