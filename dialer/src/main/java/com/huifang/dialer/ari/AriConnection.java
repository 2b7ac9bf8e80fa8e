package com.huifang.dialer.ari;

import com.huifang.dialer.config.AriEndpoint;
import com.huifang.dialer.pbx.Backoff;
import com.huifang.dialer.pbx.OriginateRequest;
import com.huifang.dialer.pbx.PbxConnectionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PBX over ARI: REST calls through Vert.x {@link WebClient} and the events WebSocket, which is
 * reconnected with back-off when it drops. Events reach the handler as JSON on the event loop; a
 * message that is not a JSON object is logged (the first of a run at WARN) and counted, and the
 * connection lives on.
 */
public final class AriConnection {

  /** A channel the PBX reports as up ({@code GET /ari/channels}). */
  public record LiveChannel(String id, String name) {}

  /**
   * The PBX answered a request with an error status: it refused, nothing was done. Distinct from a
   * request that got no answer (timeout, connection lost), after which the PBX may have done it.
   */
  public static final class Refused extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(String message, int status) {
      super(message);
      this.status = status;
    }

    /** The HTTP status the PBX answered with (404: no such channel, bridge or recording). */
    public int status() {
      return status;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(AriConnection.class);

  private final Vertx vertx;
  private final String pbx;
  private final AriEndpoint endpoint;
  private final String app;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration requestTimeout;
  private final Handler<JsonObject> events;
  private final Handler<Void> reconnected;
  private final WebClient web;
  private final WebSocketClient sockets;
  private final String authorization;
  private final Counter received;
  private final Counter malformed;
  private final Counter reconnects;

  private volatile PbxConnectionState state = PbxConnectionState.CONNECTING;
  private volatile Instant lastEventAt;
  private volatile String lastError = "";
  private volatile boolean stopped;
  private WebSocket socket;
  private boolean everConnected;
  private boolean malformedReported;

  /** Timing of one connection; defaults suit a production PBX. */
  public record Settings(
      Backoff backoff, Duration requestTimeout, RandomGenerator random, Clock clock) {

    public static Settings defaults() {
      return new Settings(
          Backoff.DEFAULT, Duration.ofSeconds(5), RandomGenerator.getDefault(), Clock.systemUTC());
    }
  }

  /**
   * @param app the Stasis application the dialer's channels enter
   * @param events every ARI event, in order, on the event loop
   * @param reconnected called after each successful reconnect (not the first connect)
   */
  public AriConnection(
      Vertx vertx,
      String pbx,
      AriEndpoint endpoint,
      String app,
      Settings settings,
      MeterRegistry registry,
      Handler<JsonObject> events,
      Handler<Void> reconnected) {
    this.vertx = vertx;
    this.pbx = pbx;
    this.endpoint = endpoint;
    this.app = app;
    this.backoff = settings.backoff();
    this.random = settings.random();
    this.clock = settings.clock();
    this.requestTimeout = settings.requestTimeout();
    this.events = events;
    this.reconnected = reconnected;
    boolean ssl = "https".equals(endpoint.url().getScheme());
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setDefaultHost(endpoint.url().getHost())
                .setDefaultPort(port())
                .setSsl(ssl));
    this.sockets = vertx.createWebSocketClient();
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (endpoint.user() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
    Tags tags = Tags.of("pbx", pbx);
    this.received = registry.counter("ari_events_total", tags);
    this.malformed = registry.counter("ari_malformed_messages_total", tags);
    this.reconnects = registry.counter("ari_reconnects_total", tags);
    Gauge.builder("pbx_connected", this, c -> c.state == PbxConnectionState.CONNECTED ? 1 : 0)
        .tags(tags.and("protocol", "ari"))
        .register(registry);
  }

  /** Starts connecting the events WebSocket; retries until {@link #stop}. */
  public void start() {
    connect(0);
  }

  public PbxConnectionState state() {
    return state;
  }

  public Optional<Instant> lastEventAt() {
    return Optional.ofNullable(lastEventAt);
  }

  public String lastError() {
    return lastError;
  }

  /**
   * Places a call into the dialer's Stasis application, with the attempt id as the channel id. The
   * answered channel arrives as {@code StasisStart}; the reply is the created channel's JSON.
   */
  public Future<JsonObject> originate(OriginateRequest request) {
    return originate(
        request.attemptId().toString(),
        request.channel(),
        request.ringTimeout(),
        request.variables());
  }

  /** Places a call to {@code endpoint} into the Stasis application under {@code channelId}. */
  public Future<JsonObject> originate(
      String channelId, String endpoint, Duration ringTimeout, Map<String, String> variables) {
    JsonObject vars = new JsonObject();
    variables.forEach(vars::put);
    return send(
            request(HttpMethod.POST, "/channels")
                .addQueryParam("endpoint", endpoint)
                .addQueryParam("app", app)
                .addQueryParam("channelId", channelId)
                .addQueryParam("timeout", Long.toString(Math.max(1, ringTimeout.toSeconds()))),
            new JsonObject().put("variables", vars))
        .map(HttpResponse::bodyAsJsonObject);
  }

  public Future<Void> hangup(String channelId) {
    return send(request(HttpMethod.DELETE, "/channels/" + channelId), null).mapEmpty();
  }

  /** Creates a mixing bridge with {@code channelId} in it. */
  public Future<Void> bridge(String bridgeId, String channelId) {
    return send(
            request(HttpMethod.POST, "/bridges")
                .addQueryParam("type", "mixing")
                .addQueryParam("bridgeId", bridgeId),
            null)
        .compose(created -> addToBridge(bridgeId, channelId));
  }

  /** Puts a channel into an existing bridge. */
  public Future<Void> addToBridge(String bridgeId, String channelId) {
    return send(
            request(HttpMethod.POST, "/bridges/" + bridgeId + "/addChannel")
                .addQueryParam("channel", channelId),
            null)
        .mapEmpty();
  }

  /** Sends a channel out of Stasis on to the dialplan at {@code context,extension,1}. */
  public Future<Void> continueInDialplan(String channelId, String context, String extension) {
    return send(
            request(HttpMethod.POST, "/channels/" + channelId + "/continue")
                .addQueryParam("context", context)
                .addQueryParam("extension", extension)
                .addQueryParam("priority", "1"),
            null)
        .mapEmpty();
  }

  /**
   * The audio of a stored recording ({@code GET /recordings/stored/{name}/file}), written to {@code
   * target} (parent directories created). Fails with {@link Refused} 404 while there is none.
   */
  public Future<Void> fetchRecording(String name, Path target) {
    return send(
            request(HttpMethod.GET, "/recordings/stored/" + encode(name) + "/file")
                .timeout(Duration.ofMinutes(1).toMillis()),
            null)
        .compose(
            response ->
                vertx
                    .fileSystem()
                    .mkdirs(target.getParent().toString())
                    .compose(
                        v -> vertx.fileSystem().writeFile(target.toString(), response.body())));
  }

  /** Destroys a bridge (ARI keeps a bridge until it is destroyed, even when empty). */
  public Future<Void> destroyBridge(String bridgeId) {
    return send(request(HttpMethod.DELETE, "/bridges/" + bridgeId), null).mapEmpty();
  }

  /**
   * Records a bridge's mix to {@code name}.wav in the PBX's recordings; the recording ends when the
   * bridge is destroyed.
   */
  public Future<Void> recordBridge(String bridgeId, String name) {
    return send(
            request(HttpMethod.POST, "/bridges/" + bridgeId + "/record")
                .addQueryParam("name", name)
                .addQueryParam("format", "wav")
                .addQueryParam("ifExists", "fail"),
            null)
        .mapEmpty();
  }

  /** The channels the PBX has up now, for reconciliation. */
  public Future<List<LiveChannel>> liveChannels() {
    return send(request(HttpMethod.GET, "/channels"), null)
        .map(
            response -> {
              JsonArray array = response.bodyAsJsonArray();
              List<LiveChannel> live = new ArrayList<>();
              for (int i = 0; i < array.size(); i++) {
                JsonObject ch = array.getJsonObject(i);
                live.add(new LiveChannel(ch.getString("id"), ch.getString("name")));
              }
              return live;
            });
  }

  public Future<Void> stop() {
    stopped = true;
    state = PbxConnectionState.STOPPED;
    WebSocket s = socket;
    socket = null;
    web.close();
    Future<Void> closed = s == null ? Future.succeededFuture() : s.close();
    return closed.eventually(sockets::close);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return web.request(method, basePath() + path)
        .putHeader("Authorization", authorization)
        .timeout(requestTimeout.toMillis());
  }

  private Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, JsonObject body) {
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendJsonObject(body);
    return sent.recover(e -> Future.failedFuture(unanswered(request, e)))
        .compose(
            response -> {
              if (response.statusCode() >= 200 && response.statusCode() < 300) {
                return Future.succeededFuture(response);
              }
              return Future.failedFuture(
                  new Refused(
                      "PBX "
                          + pbx
                          + " answered "
                          + response.statusCode()
                          + " to "
                          + request.method()
                          + " "
                          + path(request)
                          + ": "
                          + response.bodyAsString(),
                      response.statusCode()));
            });
  }

  /**
   * A request that got no answer, told without its query (an originate's carries the customer's
   * number); a refused connection stays a {@link ConnectException}: nothing reached the PBX.
   */
  private Throwable unanswered(HttpRequest<Buffer> request, Throwable e) {
    String why = String.valueOf(e.getMessage()).replaceAll("\\?\\S*", "");
    String message =
        "PBX " + pbx + " gave no answer to " + request.method() + " " + path(request) + ": " + why;
    if (e instanceof ConnectException) {
      ConnectException refused = new ConnectException(message);
      refused.initCause(e);
      return refused;
    }
    return new IllegalStateException(message, e);
  }

  private static String path(HttpRequest<Buffer> request) {
    return request.uri().replaceAll("\\?.*", "");
  }

  private void connect(int attempt) {
    if (stopped) {
      return;
    }
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(endpoint.url().getHost())
            .setPort(port())
            .setSsl("https".equals(endpoint.url().getScheme()))
            .setURI(basePath() + "/events?app=" + app + "&subscribeAll=false")
            .putHeader("Authorization", authorization);
    sockets
        .connect(options)
        .onSuccess(this::connected)
        .onFailure(
            e -> {
              boolean auth = String.valueOf(e.getMessage()).contains("401");
              state = auth ? PbxConnectionState.AUTH_FAILED : PbxConnectionState.RECONNECTING;
              lastError =
                  auth
                      ? "authentication failed for user "
                          + endpoint.user()
                          + ": check the ARI password"
                      : String.valueOf(e.getMessage());
              Duration delay = backoff.delay(attempt, random);
              LOG.warn(
                  "event=pbx_connect_failed pbx={} protocol=ari endpoint={} attempt={} retryIn={} error={}",
                  pbx,
                  endpoint,
                  attempt,
                  delay,
                  lastError);
              vertx.setTimer(Math.max(1, delay.toMillis()), t -> connect(attempt + 1));
            });
  }

  private void connected(WebSocket ws) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    state = PbxConnectionState.CONNECTED;
    lastError = "";
    malformedReported = false;
    LOG.info("event=pbx_connected pbx={} protocol=ari endpoint={} app={}", pbx, endpoint, app);
    ws.textMessageHandler(this::onMessage);
    ws.closeHandler(v -> lost(ws));
    if (everConnected) {
      reconnects.increment();
      reconnected.handle(null);
    }
    everConnected = true;
  }

  private void onMessage(String text) {
    lastEventAt = clock.instant();
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (DecodeException e) {
      malformed.increment();
      if (!malformedReported) {
        malformedReported = true;
        LOG.warn(
            "event=ari_malformed_message pbx={} length={} error={} action=skipped",
            pbx,
            text.length(),
            e.getMessage());
      }
      return;
    }
    received.increment();
    try {
      events.handle(event);
    } catch (RuntimeException failure) {
      LOG.error(
          "event=ari_event_handler_failed pbx={} type={}", pbx, event.getString("type"), failure);
    }
  }

  private void lost(WebSocket ws) {
    if (stopped || socket != ws) {
      return;
    }
    socket = null;
    state = PbxConnectionState.RECONNECTING;
    lastError = "events connection lost";
    LOG.warn("event=pbx_disconnected pbx={} protocol=ari endpoint={}", pbx, endpoint);
    vertx.setTimer(Math.max(1, backoff.delay(0, random).toMillis()), t -> connect(1));
  }

  /** A name as one path segment: the slashes of {@code 2026/11/23/c1-…} are sent as {@code %2F}. */
  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private int port() {
    int port = endpoint.url().getPort();
    return port > 0 ? port : "https".equals(endpoint.url().getScheme()) ? 443 : 80;
  }

  /** {@code /ari} unless the URL names another base path. */
  private String basePath() {
    String path = endpoint.url().getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "/ari";
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
