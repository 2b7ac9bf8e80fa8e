package com.huifang.dialer.ami;

import com.huifang.dialer.config.AmiEndpoint;
import com.huifang.dialer.pbx.Backoff;
import com.huifang.dialer.pbx.OriginateRequest;
import com.huifang.dialer.pbx.PbxConnectionState;
import com.huifang.scheduler.phone.PhoneNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.BridgeAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.MixMonitorAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PBX over AMI, on asterisk-java's {@link ManagerConnection}, bridged to Vert.x: blocking calls
 * run in {@code executeBlocking}, results and events come back only through the owning context.
 * Adds what asterisk-java lacks: a deadline on every action, reconnection with back-off (each
 * connection is used once; a lost one is replaced), a notice after each reconnect so calls in
 * flight can be reconciled, and an event hand-off that never drops ({@link EventPump}). After each
 * login the PBX is asked, with one AMI {@code Filter} per event name, to send only the events the
 * handler reads: a busy call makes about two dozen events and the dialer reads a third of them, and
 * building each one is most of what asterisk-java costs. A PBX that refuses the filters (an AMI
 * user without the {@code system} write class) or does not know {@code MatchCriteria} (an Asterisk
 * from before its advanced filters) keeps sending everything, which costs time and nothing else.
 */
public final class AmiConnection {

  /** A channel the PBX reports as up ({@code CoreShowChannel}). */
  public record LiveChannel(String channel, String uniqueId, String linkedId) {}

  private static final Logger LOG = LoggerFactory.getLogger(AmiConnection.class);

  private final Vertx vertx;
  private final Context context;
  private final String pbx;
  private final AmiEndpoint endpoint;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration actionTimeout;
  private final EventPump<ManagerEvent> pump;
  private final List<String> eventNames;
  private final Handler<Void> reconnected;
  private final Counter reconnects;
  private final Counter actionTimeouts;

  private volatile ManagerConnection connection;
  private volatile PbxConnectionState state = PbxConnectionState.CONNECTING;
  private volatile Instant lastEventAt;
  private volatile String lastError = "";
  private volatile boolean stopped;
  private boolean everConnected;

  /**
   * Must be created on the Vert.x context that will receive the events.
   *
   * @param eventNames the events {@code events} reads, named as on the wire ({@code Newchannel});
   *     the PBX is asked for these only, or for all when empty
   * @param events receives every event, in order, on this context
   * @param reconnected called on this context after each successful reconnect (not the first
   *     connect)
   */
  public AmiConnection(
      Vertx vertx,
      String pbx,
      AmiEndpoint endpoint,
      Settings settings,
      MeterRegistry registry,
      List<String> eventNames,
      Handler<ManagerEvent> events,
      Handler<Void> reconnected) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pbx = pbx;
    this.endpoint = endpoint;
    this.backoff = settings.backoff();
    this.random = settings.random();
    this.clock = settings.clock();
    this.actionTimeout = settings.actionTimeout();
    this.pump = new EventPump<>(context, pbx, settings.queueCapacity(), registry, events);
    this.eventNames = List.copyOf(eventNames);
    this.reconnected = reconnected;
    Tags tags = Tags.of("pbx", pbx);
    this.reconnects = registry.counter("ami_reconnects_total", tags);
    this.actionTimeouts = registry.counter("ami_action_timeouts_total", tags);
    Gauge.builder("pbx_connected", this, c -> c.state == PbxConnectionState.CONNECTED ? 1 : 0)
        .tags(tags.and("protocol", "ami"))
        .register(registry);
  }

  /** Timing and sizing of one connection; defaults suit a production PBX. */
  public record Settings(
      Backoff backoff,
      Duration actionTimeout,
      int queueCapacity,
      RandomGenerator random,
      Clock clock) {

    public static Settings defaults() {
      return new Settings(
          Backoff.DEFAULT,
          Duration.ofSeconds(5),
          10_000,
          RandomGenerator.getDefault(),
          Clock.systemUTC());
    }
  }

  /** Starts connecting in the background; the connection retries until {@link #stop}. */
  public void start() {
    context.runOnContext(v -> connect(0));
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

  /** Places a call; succeeds when the PBX has queued it. The outcome comes as events. */
  public Future<Void> originate(OriginateRequest request) {
    return originate(request, request.attemptId().toString());
  }

  /**
   * Places a call under {@code id} as ActionID and channel id (another leg of the attempt, e.g. the
   * agent's phone rung first); succeeds when the PBX has queued it.
   */
  public Future<Void> originate(OriginateRequest request, String id) {
    OriginateAction action = new OriginateAction();
    action.setActionId(id);
    action.setChannelId(id);
    action.setChannel(request.channel());
    action.setContext(request.context());
    action.setExten(request.extension());
    action.setPriority(1);
    action.setTimeout(request.ringTimeout().toMillis());
    action.setAsync(true);
    action.setVariables(request.variables());
    return send(action).mapEmpty();
  }

  /** Hangs up a channel by name. */
  public Future<Void> hangup(String channel) {
    return send(new HangupAction(channel)).mapEmpty();
  }

  /** Moves a channel to another place in the dialplan (e.g. to an agent). */
  public Future<Void> redirect(String channel, String dialplanContext, String extension) {
    return send(new RedirectAction(channel, dialplanContext, extension, 1)).mapEmpty();
  }

  /** Bridges two channels already up on the PBX (the AMI {@code Bridge} action). */
  public Future<Void> bridge(String channel1, String channel2) {
    return send(new BridgeAction(channel1, channel2)).mapEmpty();
  }

  /** Starts recording {@code channel} into {@code file} (relative to the PBX's monitor dir). */
  public Future<Void> mixMonitor(String channel, String file) {
    return send(new MixMonitorAction(channel, file)).mapEmpty();
  }

  /** The channels the PBX has up now, for reconciliation after a reconnect or a restart. */
  public Future<List<LiveChannel>> liveChannels() {
    ManagerConnection c = connection;
    if (c == null) {
      return notConnected();
    }
    return vertx.executeBlocking(
        () -> {
          ResponseEvents response =
              c.sendEventGeneratingAction(new CoreShowChannelsAction(), actionTimeout.toMillis());
          List<LiveChannel> live = new ArrayList<>();
          for (ResponseEvent e : response.getEvents()) {
            if (e instanceof CoreShowChannelEvent ch) {
              live.add(new LiveChannel(ch.getChannel(), ch.getUniqueid(), ch.getLinkedid()));
            }
          }
          return live;
        },
        false);
  }

  /** Stops reconnecting and logs off. */
  public Future<Void> stop() {
    stopped = true;
    state = PbxConnectionState.STOPPED;
    ManagerConnection c = connection;
    connection = null;
    if (c == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          c.logoff();
          return null;
        },
        false);
  }

  private Future<ManagerResponse> send(ManagerAction action) {
    ManagerConnection c = connection;
    if (c == null) {
      return notConnected();
    }
    return send(c, action);
  }

  private Future<ManagerResponse> send(ManagerConnection c, ManagerAction action) {
    Promise<ManagerResponse> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            actionTimeout.toMillis(),
            t -> {
              if (promise.tryFail(
                  new IllegalStateException(
                      "PBX "
                          + pbx
                          + " did not answer "
                          + action.getAction()
                          + " within "
                          + actionTimeout))) {
                actionTimeouts.increment();
              }
            });
    vertx
        .executeBlocking(
            () -> {
              c.sendAction(
                  action, response -> context.runOnContext(v -> promise.tryComplete(response)));
              return null;
            },
            false)
        .onFailure(promise::tryFail);
    return promise
        .future()
        .andThen(ar -> vertx.cancelTimer(timer))
        .compose(
            response ->
                response instanceof ManagerError error
                    ? Future.failedFuture(
                        new IllegalStateException(
                            "PBX "
                                + pbx
                                + " refused "
                                + action.getAction()
                                + ": "
                                // its message may name a channel, and a channel the number
                                + PhoneNumbers.maskIn(error.getMessage())))
                    : Future.succeededFuture(response));
  }

  private <T> Future<T> notConnected() {
    return Future.failedFuture(
        new IllegalStateException("PBX " + pbx + " is not connected (" + state + ")"));
  }

  private void connect(int attempt) {
    if (stopped) {
      return;
    }
    ManagerConnection c =
        new ManagerConnectionFactory(
                endpoint.host(), endpoint.port(), endpoint.user(), endpoint.secret())
            .createManagerConnection();
    c.addEventListener(e -> onEvent(c, e));
    vertx
        .executeBlocking(
            () -> {
              c.login();
              return c;
            },
            false)
        .onComplete(
            ar -> {
              if (ar.succeeded() && !stopped) {
                connected(c);
              } else if (ar.succeeded()) {
                vertx.executeBlocking(
                    () -> {
                      c.logoff();
                      return null;
                    },
                    false);
              } else {
                failed(attempt, ar.cause());
              }
            });
  }

  private void connected(ManagerConnection c) {
    connection = c;
    filterEvents(c);
    state = PbxConnectionState.CONNECTED;
    lastError = "";
    LOG.info("event=pbx_connected pbx={} protocol=ami endpoint={}", pbx, endpoint);
    if (everConnected) {
      reconnects.increment();
      reconnected.handle(null);
    }
    everConnected = true;
  }

  /** Asks the PBX for the handler's events only; the actions go out before any call is placed. */
  private void filterEvents(ManagerConnection c) {
    List<Future<ManagerResponse>> filters = new ArrayList<>();
    for (String name : eventNames) {
      filters.add(send(c, new EventFilterAction("name(" + name + ")")));
    }
    Future.all(filters)
        .onFailure(
            e ->
                LOG.warn(
                    "event=ami_filter_refused pbx={} endpoint={} error=\"{}\" effect=the PBX"
                        + " sends every event; grant the AMI user write=system (or set"
                        + " eventfilter lines in manager.conf) to spare the dialer parsing them",
                    pbx,
                    endpoint,
                    e.getMessage()));
  }

  private void failed(int attempt, Throwable cause) {
    boolean auth = cause instanceof AuthenticationFailedException;
    state = auth ? PbxConnectionState.AUTH_FAILED : PbxConnectionState.RECONNECTING;
    lastError =
        auth
            ? "authentication failed for user " + endpoint.user() + ": check the AMI secret"
            : String.valueOf(cause.getMessage());
    Duration delay = backoff.delay(attempt, random);
    LOG.warn(
        "event=pbx_connect_failed pbx={} protocol=ami endpoint={} attempt={} retryIn={} error={}",
        pbx,
        endpoint,
        attempt,
        delay,
        lastError);
    vertx.setTimer(Math.max(1, delay.toMillis()), t -> connect(attempt + 1));
  }

  /** On asterisk-java's reader thread. */
  private void onEvent(ManagerConnection source, ManagerEvent event) {
    if (event instanceof DisconnectEvent) {
      context.runOnContext(v -> lost(source));
      return;
    }
    lastEventAt = clock.instant();
    pump.offer(event);
  }

  /** A connection went away: drop it (stopping asterisk-java's own retry loop) and reconnect. */
  private void lost(ManagerConnection source) {
    if (stopped || connection != source) {
      return;
    }
    connection = null;
    state = PbxConnectionState.RECONNECTING;
    lastError = "connection lost";
    LOG.warn("event=pbx_disconnected pbx={} protocol=ami endpoint={}", pbx, endpoint);
    vertx.executeBlocking(
        () -> {
          source.logoff();
          return null;
        },
        false);
    vertx.setTimer(Math.max(1, backoff.delay(0, random).toMillis()), t -> connect(1));
  }
}
