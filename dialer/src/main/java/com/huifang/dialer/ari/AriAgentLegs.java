package com.huifang.dialer.ari;

import com.huifang.dialer.ari.AriAgentLeg.State;
import com.huifang.dialer.call.AriEventTranslator;
import com.huifang.dialer.call.CallEvent;
import com.huifang.dialer.engine.AgentRing;
import com.huifang.dialer.engine.CallListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' legs of ARI calls ({@link AriAgentLeg}), rung into the Stasis application. In {@code
 * PREVIEW} the agent is rung first ({@link #ring}): the answered agent ({@code StasisStart}) waits
 * in the attempt's bridge and is told as {@link CallListener#agentAnswered}; the answered customer
 * is then joined to that bridge ({@link #joinRung}). Otherwise the agent's extension is dialled for
 * the answered customer ({@link #dial}) and put into the customer's bridge once answered, then told
 * as answered. A phone that ends without answering is told as {@link
 * CallListener#agentUnreachable}, with its DialStatus, and the customer stays up. Once joined to
 * the customer, the leg is part of the call for the {@link com.huifang.dialer.call.CallTracker}: it
 * is told as the call's own onward dial (begin, and end {@code ANSWER}), so the call is over only
 * when both sides have hung up; when one side hangs up the other is hung up, as the dialplan's
 * {@code Dial} would. Runs on the PBX's context.
 */
final class AriAgentLegs {

  private static final Logger LOG = LoggerFactory.getLogger(AriAgentLegs.class);

  /** Slack after an agent's ring timeout before the leg is given up without any event. */
  private static final Duration EVENT_SLACK = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final AriConnection connection;
  private final AriEventTranslator translator;
  private final String pbx;
  private final Clock clock;
  private final Consumer<CallEvent> track;
  private final BiFunction<UUID, String, Future<Void>> join;
  private final Supplier<CallListener> listener;
  private final Map<String, AriAgentLeg> byChannel = new HashMap<>();
  private final Map<UUID, AriAgentLeg> byAttempt = new HashMap<>();
  private long sequence;

  /**
   * @param join puts a channel (second argument) into the bridge of the attempt (first argument)
   * @param listener who is told of the agents' answers, may give null
   */
  AriAgentLegs(
      Vertx vertx,
      AriConnection connection,
      AriEventTranslator translator,
      String pbx,
      Clock clock,
      Consumer<CallEvent> track,
      BiFunction<UUID, String, Future<Void>> join,
      Supplier<CallListener> listener) {
    this.vertx = vertx;
    this.connection = connection;
    this.translator = translator;
    this.pbx = pbx;
    this.clock = clock;
    this.track = track;
    this.join = join;
    this.listener = listener;
  }

  /**
   * {@code PREVIEW}: rings the agent's {@code endpoint} before the customer is dialled; succeeds
   * when the PBX has taken the originate. On failure the leg is hung up and forgotten.
   */
  Future<Void> ring(AgentRing request, String endpoint) {
    if (byAttempt.containsKey(request.attemptId())) {
      return Future.failedFuture("an agent's leg is already up for " + request.attemptId());
    }
    AriAgentLeg leg = place(request.attemptId(), request.extension(), true, request.ringTimeout());
    return originate(leg, endpoint, request.ringTimeout(), request.variables())
        .onFailure(
            e -> {
              vertx.cancelTimer(leg.timer);
              byAttempt.remove(leg.attempt, leg);
              hangUp(leg);
            });
  }

  /** Whether the agent of {@code attempt} was rung first and is not forgotten yet. */
  boolean rang(UUID attempt) {
    AriAgentLeg leg = byAttempt.get(attempt);
    return leg != null && leg.rungFirst;
  }

  /**
   * Joins the answered customer (channel name {@code customer}) to the agent rung first, waiting in
   * the attempt's bridge; fails when that agent is not on the line (then forgotten, so that another
   * agent may be dialled).
   */
  Future<Void> joinRung(UUID attempt, String customer) {
    AriAgentLeg leg = byAttempt.get(attempt);
    if (leg == null || leg.state != State.ANSWERED) {
      if (leg != null && leg.state == State.GONE) {
        byAttempt.remove(attempt, leg);
      }
      return Future.failedFuture(
          "attempt " + attempt + ": the agent rung first is not on the line");
    }
    leg.customer = customer;
    return join.apply(attempt, attempt.toString())
        .compose(
            v -> {
              if (leg.state != State.ANSWERED) {
                return Future.failedFuture("attempt " + attempt + ": the agent rung first left");
              }
              Instant at = clock.instant();
              track.accept(
                  new CallEvent.DialBegin(
                      customer, attempt.toString(), leg.name, leg.channelId, "", at));
              leg.tracked = true;
              bridged(leg, at);
              return Future.succeededFuture();
            });
  }

  /**
   * Dials the agent's {@code endpoint} for the answered customer (channel name {@code customer});
   * succeeds when the PBX has taken or refused the originate. The agent's answer or failure to
   * answer is told to the listener; a refused originate is told as {@code CHANUNAVAIL}.
   */
  Future<Void> dial(UUID attempt, String customer, String extension, String endpoint) {
    if (byAttempt.containsKey(attempt)) {
      return Future.failedFuture("an agent is already being connected to attempt " + attempt);
    }
    AriAgentLeg leg = place(attempt, extension, false, AriPbx.AGENT_RING);
    leg.customer = customer;
    return originate(leg, endpoint, AriPbx.AGENT_RING, Map.of("ATTEMPT_ID", attempt.toString()))
        .recover(
            e -> {
              unreachable(leg, "CHANUNAVAIL", e.getMessage());
              return Future.succeededFuture();
            });
  }

  private AriAgentLeg place(UUID attempt, String extension, boolean rungFirst, Duration ring) {
    AriAgentLeg leg = new AriAgentLeg(attempt, ++sequence, extension, rungFirst);
    byChannel.put(leg.channelId, leg);
    byAttempt.put(attempt, leg);
    leg.timer =
        vertx.setTimer(
            ring.plus(EVENT_SLACK).toMillis(),
            t -> unreachable(leg, "NOANSWER", "no word from the PBX on the agent's phone"));
    return leg;
  }

  private Future<Void> originate(
      AriAgentLeg leg, String endpoint, Duration ring, Map<String, String> variables) {
    return connection
        .originate(leg.channelId, endpoint, ring, variables)
        .<Void>map(
            created -> {
              if (leg.hangingUp) {
                // the hang-up may have overtaken the originate on another HTTP connection
                connection.hangup(leg.channelId).onFailure(e -> gone(e, leg.channelId));
              }
              return null;
            })
        .onFailure(
            e -> {
              if (e instanceof AriConnection.Refused || e instanceof ConnectException) {
                // not placed: no event will come for this channel
                byChannel.remove(leg.channelId);
                leg.state = State.GONE;
              }
            });
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
    AriAgentLeg leg = ch == null ? null : byChannel.get(ch.getString("id"));
    if (leg == null) {
      return false;
    }
    switch (String.valueOf(event.getString("type"))) {
      case "StasisStart" -> answered(leg, ch, event);
      case "Dial" -> leg.dialed(event.getString("dialstatus"));
      case "ChannelDestroyed" -> destroyed(leg, event.getInteger("cause", 0));
      default -> {}
    }
    return !leg.tracked;
  }

  /** The customer's side is gone: an agent's leg still up is hung up, and the attempt forgotten. */
  void customerGone(UUID attempt) {
    AriAgentLeg leg = byAttempt.remove(attempt);
    if (leg != null) {
      vertx.cancelTimer(leg.timer);
      hangUp(leg);
    }
  }

  private void answered(AriAgentLeg leg, JsonObject ch, JsonObject event) {
    if (leg.hangingUp) {
      connection.hangup(leg.channelId).onFailure(e -> gone(e, leg.channelId));
      return;
    }
    if (leg.state != State.RINGING) {
      return;
    }
    leg.state = State.ANSWERED;
    leg.name = ch.getString("name", "");
    vertx.cancelTimer(leg.timer);
    Instant at = translator.time(event);
    if (leg.rungFirst) {
      // the agent waits in the attempt's bridge for the customer, who is dialled now
      join.apply(leg.attempt, leg.channelId)
          .onFailure(
              e -> {
                LOG.warn(
                    "event=agent_not_held pbx={} attempt={} agent={} reason={} action=hung_up",
                    pbx,
                    leg.attempt,
                    leg.extension,
                    e.getMessage());
                hangUp(leg);
              });
      LOG.info("event=agent_waiting pbx={} attempt={} agent={}", pbx, leg.attempt, leg.extension);
      tell(l -> l.agentAnswered(leg.attempt, at));
      return;
    }
    track.accept(
        new CallEvent.DialBegin(
            leg.customer, leg.attempt.toString(), leg.name, leg.channelId, "", at));
    leg.tracked = true;
    join.apply(leg.attempt, leg.attempt.toString())
        .compose(v -> join.apply(leg.attempt, leg.channelId))
        .onSuccess(
            v -> {
              if (leg.state == State.ANSWERED) {
                bridged(leg, at);
                tell(l -> l.agentAnswered(leg.attempt, at));
              }
            })
        .onFailure(e -> giveUp(leg, "bridging failed: " + e.getMessage()));
  }

  /** The leg is in the customer's bridge: its dial ends {@code ANSWER} for the tracker. */
  private void bridged(AriAgentLeg leg, Instant at) {
    leg.state = State.JOINED;
    track.accept(
        new CallEvent.DialEnd(
            leg.customer, leg.attempt.toString(), leg.name, leg.channelId, "", "ANSWER", at));
    LOG.info("event=agent_bridged pbx={} attempt={} agent={}", pbx, leg.attempt, leg.extension);
  }

  private void destroyed(AriAgentLeg leg, int cause) {
    byChannel.remove(leg.channelId);
    vertx.cancelTimer(leg.timer);
    State was = leg.state;
    leg.state = State.GONE;
    switch (was) {
      case RINGING -> {
        if (!leg.hangingUp) {
          unreachable(leg, leg.unreachableStatus(cause), "cause " + cause);
        }
        byAttempt.remove(leg.attempt, leg);
      }
      case ANSWERED -> {
        if (leg.rungFirst) {
          // kept until the customer is to be joined: that connect fails, and the next may dial
          if (leg.hangingUp) {
            return;
          }
          LOG.info(
              "event=agent_left_waiting pbx={} attempt={} agent={} cause={}",
              pbx,
              leg.attempt,
              leg.extension,
              cause);
        } else {
          byAttempt.remove(leg.attempt, leg);
          hangUpCustomer(leg);
        }
      }
      case JOINED -> {
        // the agent hung up on the customer: the customer's call ends with it
        byAttempt.remove(leg.attempt, leg);
        hangUpCustomer(leg);
      }
      case GONE -> byAttempt.remove(leg.attempt, leg);
    }
  }

  /**
   * The agent's phone did not answer: told once, with {@code status}; the leg is hung up if still
   * there; the customer stays up.
   */
  private void unreachable(AriAgentLeg leg, String status, String why) {
    vertx.cancelTimer(leg.timer);
    hangUp(leg);
    if (!byAttempt.remove(leg.attempt, leg)) {
      return;
    }
    LOG.warn(
        "event=agent_not_reached pbx={} attempt={} agent={} status={} reason={} action={}",
        pbx,
        leg.attempt,
        leg.extension,
        status,
        why,
        leg.rungFirst ? "customer_not_dialled" : "customer_kept");
    tell(l -> l.agentUnreachable(leg.attempt, status));
  }

  private void giveUp(AriAgentLeg leg, String why) {
    LOG.warn(
        "event=agent_connect_failed pbx={} attempt={} agent={} reason={} action=call_ended",
        pbx,
        leg.attempt,
        leg.extension,
        why);
    byAttempt.remove(leg.attempt, leg);
    hangUp(leg);
    hangUpCustomer(leg);
  }

  /** The leg rung first for {@code attempt} is not wanted any more: hung up, and forgotten. */
  void drop(UUID attempt) {
    AriAgentLeg leg = byAttempt.remove(attempt);
    if (leg != null) {
      hangUp(leg);
    }
  }

  private void tell(Consumer<CallListener> what) {
    CallListener l = listener.get();
    if (l != null) {
      what.accept(l);
    }
  }

  private void hangUp(AriAgentLeg leg) {
    if (leg.hangingUp || !byChannel.containsKey(leg.channelId)) {
      return;
    }
    leg.hangingUp = true;
    connection.hangup(leg.channelId).onFailure(e -> gone(e, leg.channelId));
  }

  private void hangUpCustomer(AriAgentLeg leg) {
    connection.hangup(leg.attempt.toString()).onFailure(e -> gone(e, leg.attempt.toString()));
  }

  /** Ending what is already gone (404) is what was wanted; anything else is logged. */
  private void gone(Throwable e, String what) {
    if (!(e instanceof AriConnection.Refused r && r.status() == 404)) {
      LOG.warn("event=ari_hangup_failed pbx={} target={} reason={}", pbx, what, e.getMessage());
    }
  }
}
