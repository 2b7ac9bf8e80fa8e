package com.huifang.dialer.ari;

import com.huifang.dialer.call.AriEventTranslator;
import com.huifang.dialer.call.CallEvent;
import com.huifang.dialer.call.CallTracker;
import com.huifang.dialer.call.CallUpdate;
import com.huifang.dialer.call.OutcomeClassifier;
import com.huifang.dialer.config.PbxSettings;
import com.huifang.dialer.engine.AgentRing;
import com.huifang.dialer.engine.CallEnd;
import com.huifang.dialer.engine.CallListener;
import com.huifang.dialer.engine.DialRequest;
import com.huifang.dialer.engine.PbxPort;
import com.huifang.dialer.pbx.PbxConnectionState;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PBX driven over ARI: the customer is originated into the dialer's Stasis application with the
 * attempt id as channel id, every event goes through an {@link AriEventTranslator} into a {@link
 * CallTracker}, and the tracker's answers and endings go to the autodialer, as for AMI. The
 * answered customer waits in Stasis, in a mixing bridge of its own ({@code bridge-<attempt>}) made
 * when the recording starts or the agent comes: {@link #record} records that bridge, so the
 * recording holds the wait and the conversation; {@link #connect} rings the agent's extension
 * ({@code agentDialPattern}) into Stasis and adds it to the bridge once the agent answers ({@link
 * AriAgentLegs}). In {@code PREVIEW} {@link #ringAgent} rings the agent first: the answered agent
 * waits in the attempt's bridge, the customer dialled then is joined to it by {@link #connect}.
 * {@link #abandon} sends the customer on to {@code [dialer-abandon]} in the dialplan. The bridge is
 * destroyed when the call is over, which ends its recording. A call the PBX accepted but then says
 * nothing about is settled by the tracker's deadline ({@code UNKNOWN}), never left open.
 */
public final class AriPbx implements PbxPort {

  /** The Stasis application the dialer's channels enter. */
  public static final String APP = "dialer";

  static final String ABANDON = "dialer-abandon";

  /** How long an agent's phone dialled by {@link #connect} may ring before it counts as absent. */
  static final Duration AGENT_RING = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(AriPbx.class);

  private final Vertx vertx;
  private final PbxSettings settings;
  private final Clock clock;
  private final CallTracker tracker = CallTracker.withDefaults(OutcomeClassifier.withDefaults());
  private final AriEventTranslator translator;
  private final AriConnection connection;
  private final AriAgentLegs agents;
  private final Map<UUID, String> answered = new HashMap<>();
  private final Map<UUID, Future<String>> bridges = new HashMap<>();
  private final Map<String, UUID> bridgeAttempts = new HashMap<>();
  private final Map<String, Future<String>> joined = new HashMap<>();
  private CallListener listener;
  private long sweeper = -1;

  /** Must be created on the context that runs the autodialer. */
  public AriPbx(
      Vertx vertx,
      PbxSettings settings,
      AriConnection.Settings connectionSettings,
      MeterRegistry registry,
      Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
    this.translator = new AriEventTranslator(settings.name(), clock);
    this.connection =
        new AriConnection(
            vertx,
            settings.name(),
            settings.ari().orElseThrow(() -> new IllegalArgumentException("not an ARI PBX")),
            APP,
            connectionSettings,
            registry,
            this::onEvent,
            v -> onReconnect());
    this.agents =
        new AriAgentLegs(
            vertx,
            connection,
            translator,
            settings.name(),
            clock,
            this::track,
            (attempt, channel) -> inBridge(attempt, channel).mapEmpty(),
            () -> listener);
  }

  public void start() {
    connection.start();
    sweeper = vertx.setPeriodic(100, t -> deliver(List.copyOf(tracker.expire(clock.instant()))));
  }

  public Future<Void> stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
    return connection.stop();
  }

  public AriConnection connection() {
    return connection;
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public boolean available() {
    return connection.state() == PbxConnectionState.CONNECTED;
  }

  @Override
  public int maxChannels() {
    return settings.maxChannels();
  }

  @Override
  public void listen(CallListener listener) {
    this.listener = listener;
  }

  @Override
  public Future<Void> dial(DialRequest request) {
    UUID id = request.attemptId();
    tracker.expect(id, id.toString(), clock.instant(), request.ringTimeout());
    return connection
        .originate(
            id.toString(),
            settings.customerChannel(request.number()),
            request.ringTimeout(),
            request.variables())
        .map(
            channel -> {
              track(translator.originated(id.toString(), channel, clock.instant()));
              return (Void) null;
            })
        .recover(
            e -> {
              if (e instanceof AriConnection.Refused || e instanceof ConnectException) {
                tracker.forget(id);
                agents.customerGone(id);
                destroyBridge(id);
                return Future.failedFuture(e);
              }
              // no answer to the request: the PBX may have placed the call. Its events settle it,
              // or the tracker's deadline does (UNKNOWN, reconciled before any new dial)
              LOG.warn(
                  "event=ari_originate_unanswered pbx={} attempt={} reason={} action=followed",
                  settings.name(),
                  id,
                  e.getMessage());
              track(
                  new CallEvent.OriginateResponse(
                      id.toString(), true, 0, id.toString(), "", clock.instant()));
              return Future.succeededFuture();
            });
  }

  @Override
  public Future<Void> ringAgent(AgentRing request) {
    return agents.ring(request, settings.agentChannel(request.extension()));
  }

  @Override
  public Future<Void> dropAgent(UUID attemptId) {
    agents.drop(attemptId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> connect(UUID attemptId, String extension) {
    String customer = answered.get(attemptId);
    if (customer == null) {
      return Future.failedFuture("no answered call for attempt " + attemptId);
    }
    return agents.rang(attemptId)
        ? agents.joinRung(attemptId, customer)
        : agents.dial(attemptId, customer, extension, settings.agentChannel(extension));
  }

  @Override
  public Future<Void> abandon(UUID attemptId) {
    return answered.containsKey(attemptId)
        ? connection.continueInDialplan(attemptId.toString(), ABANDON, "s")
        : Future.failedFuture("no answered call for attempt " + attemptId);
  }

  @Override
  public Future<Void> record(UUID attemptId, String file) {
    if (!answered.containsKey(attemptId)) {
      return Future.failedFuture("no answered call for attempt " + attemptId);
    }
    return customerBridge(attemptId).compose(b -> connection.recordBridge(b, storedName(file)));
  }

  /** The answered customer's bridge, with the customer in it. */
  private Future<String> customerBridge(UUID attemptId) {
    return inBridge(attemptId, attemptId.toString());
  }

  /**
   * The attempt's bridge ({@code bridge-<attempt>}) with {@code channelId} in it: made with it the
   * first time, else joined to it; once per channel.
   */
  private Future<String> inBridge(UUID attemptId, String channelId) {
    return joined.computeIfAbsent(
        channelId,
        ch -> {
          String bridgeId = "bridge-" + attemptId;
          Future<String> made = bridges.get(attemptId);
          if (made != null) {
            return made.compose(b -> connection.addToBridge(b, ch).map(b));
          }
          bridgeAttempts.put(bridgeId, attemptId);
          Future<String> bridge = connection.bridge(bridgeId, ch).map(bridgeId);
          bridges.put(attemptId, bridge);
          return bridge;
        });
  }

  private void destroyBridge(UUID attemptId) {
    Future<String> bridge = bridges.remove(attemptId);
    if (bridge == null) {
      return;
    }
    String bridgeId = "bridge-" + attemptId;
    bridgeAttempts.remove(bridgeId);
    joined.keySet().removeIf(channel -> channel.startsWith(attemptId.toString()));
    // after its creation has been answered, or the delete could overtake the create
    bridge
        .<Void>transform(made -> connection.destroyBridge(bridgeId))
        .onFailure(
            e -> {
              if (!(e instanceof AriConnection.Refused r && r.status() == 404)) {
                LOG.warn(
                    "event=ari_bridge_not_destroyed pbx={} attempt={} reason={}",
                    settings.name(),
                    attemptId,
                    e.getMessage());
              }
            });
  }

  /**
   * Fetches a finished recording's audio from the PBX into {@code target}: for a PBX whose
   * recordings directory the dialer cannot see.
   */
  public Future<Void> fetchRecording(String file, Path target) {
    return connection.fetchRecording(storedName(file), target);
  }

  /** ARI names a recording without its format: {@code 2026/11/23/c1-….wav} is stored as that. */
  static String storedName(String file) {
    return file.endsWith(".wav") ? file.substring(0, file.length() - 4) : file;
  }

  @Override
  public Future<Set<UUID>> liveAttempts() {
    return connection
        .liveChannels()
        .map(
            live -> {
              Set<UUID> out = new HashSet<>();
              for (AriConnection.LiveChannel c : live) {
                uuid(c.id()).or(() -> AriAgentLeg.attemptOf(c.id())).ifPresent(out::add);
              }
              return out;
            });
  }

  private static Optional<UUID> uuid(String id) {
    if (id == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          UUID.fromString(id.endsWith(";2") ? id.substring(0, id.length() - 2) : id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Calls this PBX is following now. */
  public int inFlight() {
    return tracker.inFlight();
  }

  private void onEvent(JsonObject event) {
    if (agents.consumes(event)) {
      return;
    }
    translator.translate(event).ifPresent(this::track);
    if ("RecordingStarted".equals(event.getString("type"))) {
      bridgeRecordingStarted(event);
    }
    if ("ChannelDestroyed".equals(event.getString("type"))) {
      JsonObject ch = event.getJsonObject("channel");
      uuid(ch == null ? null : ch.getString("id")).ifPresent(agents::customerGone);
    }
  }

  /** A recording of a call's bridge started: for the tracker, the call's recording started. */
  private void bridgeRecordingStarted(JsonObject event) {
    JsonObject recording = event.getJsonObject("recording");
    String target = recording == null ? "" : recording.getString("target_uri", "");
    UUID attempt = target.startsWith("bridge:") ? bridgeAttempts.get(target.substring(7)) : null;
    if (attempt != null) {
      track(new CallEvent.MixMonitorStart("", attempt.toString(), "", translator.time(event)));
    }
  }

  private void track(CallEvent event) {
    deliver(tracker.accept(event));
  }

  private void deliver(List<CallUpdate> updates) {
    for (CallUpdate u : updates) {
      switch (u) {
        case CallUpdate.Answered a -> {
          answered.put(a.attemptId(), a.channel());
          if (listener != null) {
            listener.answered(a.attemptId(), a.at());
          }
        }
        case CallUpdate.CallResult r -> {
          answered.remove(r.attemptId());
          agents.customerGone(r.attemptId());
          destroyBridge(r.attemptId());
          if (listener != null) {
            listener.ended(
                new CallEnd(
                    r.attemptId(),
                    r.outcome(),
                    r.farCause() == 0 ? null : r.farCause(),
                    r.dialStatus().isEmpty() ? null : r.dialStatus(),
                    r.answeredAt().orElse(null),
                    r.endedAt()));
          }
        }
      }
    }
  }

  private void onReconnect() {
    if (listener != null) {
      listener.reconnected(this);
    }
  }
}
