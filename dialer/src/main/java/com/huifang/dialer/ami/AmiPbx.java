package com.huifang.dialer.ami;

import com.huifang.dialer.call.AgentLegs;
import com.huifang.dialer.call.AmiEventTranslator;
import com.huifang.dialer.call.CallTracker;
import com.huifang.dialer.call.CallUpdate;
import com.huifang.dialer.call.OutcomeClassifier;
import com.huifang.dialer.config.PbxSettings;
import com.huifang.dialer.engine.AgentRing;
import com.huifang.dialer.engine.CallEnd;
import com.huifang.dialer.engine.CallListener;
import com.huifang.dialer.engine.DialRequest;
import com.huifang.dialer.engine.PbxPort;
import com.huifang.dialer.pbx.OriginateRequest;
import com.huifang.dialer.pbx.PbxConnectionState;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.asteriskjava.manager.event.ManagerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PBX driven over AMI: the originate carries the attempt id as ActionID and ChannelId, every
 * event goes through an {@link AmiEventTranslator} into a {@link CallTracker}, and the tracker's
 * answers and endings go to the autodialer. The answered customer waits in {@code
 * [dialer-outbound]} and is redirected to {@code [dialer-agents]} (an agent's extension) or {@code
 * [dialer-abandon]}. In {@code PREVIEW} the agent's phone is originated first (ChannelId {@code
 * agent-<attempt>}) into {@code [dialer-preview]}, where the answered agent waits; the answered
 * customer is then joined to that leg with the AMI {@code Bridge} action. {@link AgentLegs} follows
 * agents' phones and tells when one answered or did not.
 */
public final class AmiPbx implements PbxPort {

  private static final Logger LOG = LoggerFactory.getLogger(AmiPbx.class);

  static final String OUTBOUND = "dialer-outbound";
  static final String AGENTS = "dialer-agents";
  static final String ABANDON = "dialer-abandon";
  static final String PREVIEW = "dialer-preview";

  private final Vertx vertx;
  private final PbxSettings settings;
  private final Clock clock;
  private final CallTracker tracker = CallTracker.withDefaults(OutcomeClassifier.withDefaults());
  private final AmiEventTranslator translator;
  private final AgentLegs agentLegs = new AgentLegs();
  private final Map<UUID, String> channels = new HashMap<>();
  private final AmiConnection connection;
  private CallListener listener;
  private long sweeper = -1;

  /** Must be created on the context that runs the autodialer. */
  public AmiPbx(
      Vertx vertx,
      PbxSettings settings,
      AmiConnection.Settings connectionSettings,
      MeterRegistry registry,
      Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
    this.translator = new AmiEventTranslator(settings.name(), clock);
    this.connection =
        new AmiConnection(
            vertx,
            settings.name(),
            settings.ami().orElseThrow(() -> new IllegalArgumentException("not an AMI PBX")),
            connectionSettings,
            registry,
            AmiEventTranslator.EVENTS,
            this::onEvent,
            v -> onReconnect());
  }

  public void start() {
    connection.start();
    sweeper =
        vertx.setPeriodic(
            100, t -> deliver(List.<CallUpdate>copyOf(tracker.expire(clock.instant()))));
  }

  public Future<Void> stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
    return connection.stop();
  }

  public AmiConnection connection() {
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
    tracker.expect(
        request.attemptId(),
        request.attemptId().toString(),
        clock.instant(),
        request.ringTimeout());
    return connection
        .originate(
            new OriginateRequest(
                request.attemptId(),
                settings.customerChannel(request.number()),
                OUTBOUND,
                "s",
                request.ringTimeout(),
                request.variables()))
        .onFailure(
            e -> {
              tracker.forget(request.attemptId());
              hangUpAgentLeg(request.attemptId());
            });
  }

  @Override
  public Future<Void> dropAgent(UUID attemptId) {
    hangUpAgentLeg(attemptId);
    return Future.succeededFuture();
  }

  /** An agent rung first who is still on the line is not left waiting for nobody. */
  private void hangUpAgentLeg(UUID attemptId) {
    agentLegs
        .forget(attemptId)
        .ifPresent(
            agent ->
                connection
                    .hangup(agent)
                    .onFailure(
                        e ->
                            LOG.debug(
                                "event=agent_leg_already_gone attempt={} reason={}",
                                attemptId,
                                e.getMessage())));
  }

  @Override
  public Future<Void> ringAgent(AgentRing request) {
    agentLegs.ringing(request.attemptId());
    return connection
        .originate(
            new OriginateRequest(
                request.attemptId(),
                settings.agentChannel(request.extension()),
                PREVIEW,
                "s",
                request.ringTimeout(),
                request.variables()),
            AgentLegs.channelId(request.attemptId()))
        .onFailure(e -> agentLegs.forget(request.attemptId()));
  }

  @Override
  public Future<Void> connect(UUID attemptId, String extension) {
    if (!agentLegs.rang(attemptId)) {
      agentLegs.connecting(attemptId);
      return redirect(attemptId, AGENTS, extension);
    }
    String customer = channels.get(attemptId);
    Optional<String> agent = agentLegs.answeredChannel(attemptId);
    if (customer == null || agent.isEmpty()) {
      return Future.failedFuture(
          "attempt "
              + attemptId
              + ": "
              + (customer == null ? "no customer channel" : "agent gone"));
    }
    return connection.bridge(customer, agent.get());
  }

  @Override
  public Future<Void> abandon(UUID attemptId) {
    return redirect(attemptId, ABANDON, "s");
  }

  private Future<Void> redirect(UUID attemptId, String context, String exten) {
    String channel = channels.get(attemptId);
    return channel == null
        ? Future.failedFuture("no channel known for attempt " + attemptId)
        : connection.redirect(channel, context, exten);
  }

  @Override
  public Future<Void> record(UUID attemptId, String file) {
    String channel = channels.get(attemptId);
    return channel == null
        ? Future.failedFuture("no channel known for attempt " + attemptId)
        : connection.mixMonitor(channel, file);
  }

  @Override
  public Future<Set<UUID>> liveAttempts() {
    return connection
        .liveChannels()
        .map(
            live -> {
              Set<UUID> out = new HashSet<>();
              for (AmiConnection.LiveChannel c : live) {
                uuid(c.linkedId()).ifPresent(out::add);
                uuid(c.uniqueId()).ifPresent(out::add);
                AgentLegs.attemptOf(c.uniqueId()).ifPresent(out::add);
              }
              return out;
            });
  }

  private static Optional<UUID> uuid(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String own = id.endsWith(";2") ? id.substring(0, id.length() - 2) : id;
    try {
      return Optional.of(UUID.fromString(own));
    } catch (IllegalArgumentException e) {
      return AgentLegs.attemptOf(own);
    }
  }

  /** Calls this PBX is following now. */
  public int inFlight() {
    return tracker.inFlight();
  }

  private void onEvent(ManagerEvent event) {
    translator
        .translate(event)
        .ifPresent(
            e -> {
              deliverAgents(agentLegs.accept(e));
              deliver(tracker.accept(e));
            });
  }

  private void deliverAgents(List<AgentLegs.AgentUpdate> updates) {
    if (listener == null) {
      return;
    }
    for (AgentLegs.AgentUpdate u : updates) {
      switch (u) {
        case AgentLegs.AgentUpdate.Answered a -> listener.agentAnswered(a.attemptId(), a.at());
        case AgentLegs.AgentUpdate.Unreachable n ->
            listener.agentUnreachable(n.attemptId(), n.dialStatus());
      }
    }
  }

  private void deliver(List<CallUpdate> updates) {
    for (CallUpdate u : updates) {
      switch (u) {
        case CallUpdate.Answered a -> {
          if (!a.channel().isEmpty()) {
            channels.put(a.attemptId(), a.channel());
          }
          if (listener != null) {
            listener.answered(a.attemptId(), a.at());
          }
        }
        case CallUpdate.CallResult r -> {
          channels.remove(r.attemptId());
          hangUpAgentLeg(r.attemptId());
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
