package com.huifang.dialer.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Asterisk 20 over ARI: REST under {@code /ari} with HTTP basic authentication (401
 * on a wrong password) and the events WebSocket {@code /ari/events?app=…} (authenticated by the
 * same header or {@code api_key=user:password}), each client getting the events of its
 * application's channels. Same number plan and time scale as the AMI side ({@link NumberPlan},
 * {@link SimPbx.Settings}); the calls themselves are {@link SimAriCalls}. Never blocks its context.
 *
 * <p>REST: {@code POST/GET /channels}, {@code GET/DELETE /channels/{id}}, {@code POST
 * /channels/{id}/continue} and {@code /record}, {@code POST /bridges}, {@code
 * /bridges/{id}/addChannel} and {@code /record}, {@code DELETE /bridges/{id}}, {@code GET
 * /recordings/stored/{name}/file}.
 */
public final class SimAri {

  private static final Logger LOG = LoggerFactory.getLogger(SimAri.class);

  private final Context context;
  private final SimPbx.Settings settings;
  private final SimAriCalls calls;
  private final Map<ServerWebSocket, String> sockets = new LinkedHashMap<>();
  private HttpServer server;
  private volatile boolean loseReplies;

  private SimAri(Vertx vertx, Context context, SimPbx.Settings settings) {
    this.context = context;
    this.settings = settings;
    this.calls = new SimAriCalls(vertx, settings, this::emit);
  }

  /**
   * Starts listening on {@code settings.port()} (0: any free port); user and secret of the settings
   * are the ARI user and password.
   */
  public static Future<SimAri> start(Vertx vertx, SimPbx.Settings settings) {
    Context context = vertx.getOrCreateContext();
    SimAri ari = new SimAri(vertx, context, settings);
    Promise<SimAri> started = Promise.promise();
    context.runOnContext(
        v ->
            vertx
                .createHttpServer()
                .requestHandler(ari.router(vertx))
                .listen(settings.port(), settings.host())
                .onSuccess(
                    s -> {
                      ari.server = s;
                      LOG.info(
                          "event=sim_pbx_listening ari={}:{}", settings.host(), s.actualPort());
                      started.complete(ari);
                    })
                .onFailure(started::fail));
    return started.future();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          List.copyOf(sockets.keySet()).forEach(ServerWebSocket::close);
          server.close().onComplete(done);
        });
    return done.future();
  }

  /** Closes every events WebSocket now, as a restarted Asterisk would. */
  public void dropConnections() {
    context.runOnContext(v -> List.copyOf(sockets.keySet()).forEach(ServerWebSocket::close));
  }

  /**
   * Places the calls of {@code POST /ari/channels} but never answers the request (or answers again
   * when false), as when the reply is lost on its way.
   */
  public void loseOriginateReplies(boolean on) {
    this.loseReplies = on;
  }

  /** {@code POST /ari/channels} requests that created a channel. */
  public long originates() {
    return calls.originates();
  }

  /** Originates that reused a channel id already dialled: the same attempt placed twice. */
  public long duplicateOriginates() {
    return calls.duplicateOriginates();
  }

  /**
   * Each channel id given by a {@code POST /ari/channels}, with the place of that originate among
   * all (1 for the first): tells which leg of a call was placed first.
   */
  public Map<String, Long> originateOrders() {
    return calls.originateOrders();
  }

  /** Channels up now. */
  public int liveChannels() {
    return calls.live();
  }

  /** Names of the channels up now, for tests' messages. */
  public List<String> liveChannelNames() {
    return calls.names();
  }

  /** The ids of the channels in bridge {@code bridgeId} now; empty when there is no such bridge. */
  public Optional<List<String>> bridgeChannels(String bridgeId) {
    return calls.bridges().channelsOf(bridgeId);
  }

  /** Bridges that exist now (ARI keeps a bridge until it is destroyed). */
  public int bridges() {
    return calls.bridges().count();
  }

  private Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route("/ari/*").handler(this::authenticate);
    r.get("/ari/events").handler(this::events);
    r.route("/ari/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
    r.post("/ari/channels").handler(this::originate);
    r.get("/ari/channels").handler(c -> json(c, 200, calls.channels()));
    r.get("/ari/channels/:id")
        .handler(
            c ->
                calls
                    .channel(c.pathParam("id"))
                    .ifPresentOrElse(
                        ch -> json(c, 200, ch),
                        () -> reply(c, SimAriCalls.Reply.error(404, "Channel not found"))));
    r.delete("/ari/channels/:id").handler(c -> reply(c, calls.hangup(c.pathParam("id"))));
    r.post("/ari/channels/:id/continue")
        .handler(
            c ->
                reply(
                    c,
                    calls.continueIn(
                        c.pathParam("id"), c.queryParams().get("context"), extension(c))));
    r.post("/ari/channels/:id/record")
        .handler(
            c ->
                reply(
                    c,
                    calls
                        .bridges()
                        .recordChannel(
                            c.pathParam("id"),
                            c.queryParams().get("name"),
                            c.queryParams().get("format"),
                            c.queryParams().get("ifExists"))));
    r.post("/ari/bridges")
        .handler(
            c ->
                reply(
                    c,
                    calls
                        .bridges()
                        .create(c.queryParams().get("bridgeId"), c.queryParams().get("type"))));
    r.post("/ari/bridges/:id/addChannel")
        .handler(
            c ->
                reply(
                    c,
                    calls
                        .bridges()
                        .add(
                            c.pathParam("id"),
                            List.of(String.valueOf(c.queryParams().get("channel")).split(",")))));
    r.post("/ari/bridges/:id/record")
        .handler(
            c ->
                reply(
                    c,
                    calls
                        .bridges()
                        .recordBridge(
                            c.pathParam("id"),
                            c.queryParams().get("name"),
                            c.queryParams().get("format"),
                            c.queryParams().get("ifExists"))));
    r.delete("/ari/bridges/:id").handler(c -> reply(c, calls.bridges().destroy(c.pathParam("id"))));
    r.routeWithRegex(HttpMethod.GET, "/ari/recordings/stored/.+/file").handler(this::storedFile);
    r.route("/ari/*").last().handler(c -> reply(c, SimAriCalls.Reply.error(404, "Not found")));
    return r;
  }

  private static String extension(RoutingContext c) {
    String exten = c.queryParams().get("extension");
    return exten == null ? "s" : exten;
  }

  private void authenticate(RoutingContext c) {
    String expected = settings.user() + ":" + settings.secret();
    String given = c.queryParams().get("api_key");
    String header = c.request().getHeader("Authorization");
    if (header != null && header.startsWith("Basic ")) {
      try {
        given = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        given = null;
      }
    }
    if (expected.equals(given)) {
      c.next();
    } else {
      c.response().putHeader("WWW-Authenticate", "Basic realm=\"Asterisk REST Interface\"");
      reply(c, SimAriCalls.Reply.error(401, "Authentication required"));
    }
  }

  private void events(RoutingContext c) {
    String app = c.queryParams().get("app");
    if (app == null || app.isBlank()) {
      reply(c, SimAriCalls.Reply.error(400, "Missing app parameter"));
      return;
    }
    c.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              sockets.put(ws, app);
              ws.closeHandler(v -> sockets.remove(ws));
            })
        .onFailure(e -> LOG.warn("event=sim_ari_upgrade_failed reason={}", e.getMessage()));
  }

  private void originate(RoutingContext c) {
    Map<String, String> variables = new LinkedHashMap<>();
    JsonObject body = c.body().length() == 0 ? null : c.body().asJsonObject();
    JsonObject vars = body == null ? null : body.getJsonObject("variables");
    if (vars != null) {
      vars.forEach(e -> variables.put(e.getKey(), String.valueOf(e.getValue())));
    }
    String timeout = c.queryParams().get("timeout");
    SimAriCalls.Reply placed =
        calls.originate(
            c.queryParams().get("endpoint"),
            c.queryParams().get("app"),
            c.queryParams().get("channelId"),
            c.queryParams().get("otherChannelId"),
            Duration.ofSeconds(timeout == null ? 30 : Long.parseLong(timeout)),
            variables);
    if (!loseReplies) {
      reply(c, placed);
    }
  }

  private void storedFile(RoutingContext c) {
    String path = c.request().path();
    String encoded =
        path.substring("/ari/recordings/stored/".length(), path.length() - "/file".length());
    String name = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    calls
        .bridges()
        .stored(name)
        .ifPresentOrElse(
            file -> c.response().putHeader("Content-Type", "audio/wav").sendFile(file.toString()),
            () -> reply(c, SimAriCalls.Reply.error(404, "Recording not found")));
  }

  private static void reply(RoutingContext c, SimAriCalls.Reply reply) {
    if (reply.body() == null) {
      c.response().setStatusCode(reply.status()).end();
    } else {
      json(c, reply.status(), reply.body());
    }
  }

  private static void json(RoutingContext c, int status, Object body) {
    String text = body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode();
    c.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
  }

  /** Sends an event to every client of the event's application (or every client if none). */
  private void emit(JsonObject event) {
    String app = event.getString("application");
    String text = event.encode();
    for (Map.Entry<ServerWebSocket, String> s : new ArrayList<>(sockets.entrySet())) {
      if (app == null || app.equals(s.getValue())) {
        s.getKey().writeTextMessage(text);
      }
    }
  }
}
