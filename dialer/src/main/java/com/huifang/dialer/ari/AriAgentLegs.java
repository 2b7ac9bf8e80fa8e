package com.huifang.dialer.ari;

import com.huifang.dialer.call.AriEventTranslator;
import com.huifang.dialer.call.CallEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' legs of ARI calls. Connecting rings the agent's extension into the Stasis application
 * under the channel id {@code <attempt>-agent-<n>}; its {@code StasisStart} (the agent answered)
 * puts it into the customer's bridge. From then on the leg is part of the call for the {@link
 * com.huifang.dialer.call.CallTracker}: it is told as the call's own onward dial (begin, and end
 * {@code ANSWER} once bridged), so the call is over only when both sides have hung up. When one
 * side hangs up the other is hung up, as the dialplan's {@code Dial} would; an agent who does not
 * answer ends the call too (the customer was waiting in silence), as {@code [dialer-agents]} does
 * on AMI. Runs on the PBX's context.
 */
final class AriAgentLegs {

  private static final Logger LOG = LoggerFactory.getLogger(AriAgentLegs.class);

  /** Slack after the agent's ring timeout before the connect gives up without any event. */
  private static final Duration EVENT_SLACK = Duration.ofSeconds(5);

  private static final class Leg {
    final UUID attempt;
    final String customer;
    final String channelId;
    final String extension;
    final Promise<Void> bridged = Promise.promise();
    String name = "";
    boolean answered;
    boolean tracked;
    boolean hangingUp;
    long timer = -1;

    Leg(UUID attempt, String customer, String channelId, String extension) {
      this.attempt = attempt;
      this.customer = customer;
      this.channelId = channelId;
      this.extension = extension;
    }
  }

  private final Vertx vertx;
  private final AriConnection connection;
  private final AriEventTranslator translator;
  private final String pbx;
  private final Consumer<CallEvent> track;
  private final BiFunction<UUID, String, Future<Void>> join;
  private final Map<String, Leg> byChannel = new HashMap<>();
  private final Map<UUID, Leg> byAttempt = new HashMap<>();
  private long sequence;

  /**
   * @param join puts an agent's channel (second argument) into the bridge of the attempt's customer
   */
  AriAgentLegs(
      Vertx vertx,
      AriConnection connection,
      AriEventTranslator translator,
      String pbx,
      Consumer<CallEvent> track,
      BiFunction<UUID, String, Future<Void>> join) {
    this.vertx = vertx;
    this.connection = connection;
    this.translator = translator;
    this.pbx = pbx;
    this.track = track;
    this.join = join;
  }

  /**
   * Rings {@code endpoint} and puts it into the customer's bridge once answered; succeeds when both
   * are in it.
   *
   * @param customer the customer's channel name (its id is the attempt id)
   */
  Future<Void> connect(UUID attempt, String customer, String extension, String endpoint) {
    if (byAttempt.containsKey(attempt)) {
      return Future.failedFuture("an agent is already being connected to attempt " + attempt);
    }
    Leg leg = new Leg(attempt, customer, attempt + "-agent-" + ++sequence, extension);
    byChannel.put(leg.channelId, leg);
    byAttempt.put(attempt, leg);
    leg.timer =
        vertx.setTimer(
            AriPbx.AGENT_RING.plus(EVENT_SLACK).toMillis(),
            t -> giveUp(leg, "no word from the PBX on the agent's phone"));
    connection
        .originate(
            leg.channelId, endpoint, AriPbx.AGENT_RING, Map.of("ATTEMPT_ID", attempt.toString()))
        .onSuccess(
            created -> {
              if (leg.hangingUp) {
                // the hang-up may have overtaken the originate on another HTTP connection
                connection.hangup(leg.channelId).onFailure(e -> gone(e, leg.channelId));
              }
            })
        .onFailure(e -> giveUp(leg, e.getMessage()));
    return leg.bridged.future();
  }

  /**
   * Takes the events of agents' channels: true when this one is dealt with here and must not reach
   * the tracker (a leg not yet part of its call).
   */
  boolean consumes(JsonObject event) {
    JsonObject ch = event.getJsonObject("channel");
    if (ch == null) {
      ch = event.getJsonObject("peer");
    }
    Leg leg = ch == null ? null : byChannel.get(ch.getString("id"));
    if (leg == null) {
      return false;
    }
    switch (String.valueOf(event.getString("type"))) {
      case "StasisStart" -> answered(leg, ch, event);
      case "ChannelDestroyed" -> destroyed(leg, event);
      default -> {}
    }
    return !leg.tracked;
  }

  /** The customer's side is gone: an agent's leg still up is hung up. */
  void customerGone(UUID attempt) {
    Leg leg = byAttempt.get(attempt);
    if (leg != null) {
      hangUp(leg);
    }
  }

  private void answered(Leg leg, JsonObject ch, JsonObject event) {
    if (leg.hangingUp) {
      connection.hangup(leg.channelId).onFailure(e -> gone(e, leg.channelId));
      return;
    }
    if (leg.answered) {
      return;
    }
    leg.answered = true;
    leg.name = ch.getString("name", "");
    vertx.cancelTimer(leg.timer);
    CallEvent created =
        translator.translate(event).orElseThrow(() -> new IllegalStateException("no StasisStart"));
    track.accept(
        new CallEvent.DialBegin(
            leg.customer, leg.attempt.toString(), leg.name, leg.channelId, "", created.at()));
    leg.tracked = true;
    join.apply(leg.attempt, leg.channelId)
        .onSuccess(
            v -> {
              track.accept(
                  new CallEvent.DialEnd(
                      leg.customer,
                      leg.attempt.toString(),
                      leg.name,
                      leg.channelId,
                      "",
                      "ANSWER",
                      created.at()));
              LOG.info(
                  "event=agent_bridged pbx={} attempt={} agent={}",
                  pbx,
                  leg.attempt,
                  leg.extension);
              leg.bridged.tryComplete();
            })
        .onFailure(e -> giveUp(leg, "bridging failed: " + e.getMessage()));
  }

  private void destroyed(Leg leg, JsonObject event) {
    byChannel.remove(leg.channelId);
    byAttempt.remove(leg.attempt, leg);
    vertx.cancelTimer(leg.timer);
    if (leg.bridged.tryFail(
        "agent " + leg.extension + " did not answer: " + event.getString("cause_txt", "gone"))) {
      LOG.warn(
          "event=agent_not_reached pbx={} attempt={} agent={} cause={} action=call_ended",
          pbx,
          leg.attempt,
          leg.extension,
          event.getInteger("cause"));
    }
    // the agent's side is gone (hung up, or never answered): the customer's call ends with it
    hangUpCustomer(leg);
  }

  private void giveUp(Leg leg, String why) {
    if (leg.bridged.tryFail("agent " + leg.extension + " not connected: " + why)) {
      LOG.warn(
          "event=agent_connect_failed pbx={} attempt={} agent={} reason={} action=call_ended",
          pbx,
          leg.attempt,
          leg.extension,
          why);
    }
    hangUp(leg);
    hangUpCustomer(leg);
  }

  private void hangUp(Leg leg) {
    if (leg.hangingUp) {
      return;
    }
    leg.hangingUp = true;
    connection.hangup(leg.channelId).onFailure(e -> gone(e, leg.channelId));
  }

  private void hangUpCustomer(Leg leg) {
    connection.hangup(leg.attempt.toString()).onFailure(e -> gone(e, leg.attempt.toString()));
  }

  /** Ending what is already gone (404) is what was wanted; anything else is logged. */
  private void gone(Throwable e, String what) {
    if (!(e instanceof AriConnection.Refused r && r.status() == 404)) {
      LOG.warn("event=ari_hangup_failed pbx={} target={} reason={}", pbx, what, e.getMessage());
    }
  }
}
