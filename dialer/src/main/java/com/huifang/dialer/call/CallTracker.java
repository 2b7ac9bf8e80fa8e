package com.huifang.dialer.call;

import com.huifang.dialer.call.CallEvent.BridgeEnter;
import com.huifang.dialer.call.CallEvent.BridgeLeave;
import com.huifang.dialer.call.CallEvent.ChannelCreated;
import com.huifang.dialer.call.CallEvent.DialBegin;
import com.huifang.dialer.call.CallEvent.DialEnd;
import com.huifang.dialer.call.CallEvent.Hangup;
import com.huifang.dialer.call.CallEvent.MixMonitorStart;
import com.huifang.dialer.call.CallEvent.OriginateResponse;
import com.huifang.dialer.call.CallEvent.StateChanged;
import com.huifang.dialer.call.CallUpdate.Answered;
import com.huifang.dialer.call.CallUpdate.CallResult;
import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Follows many originated calls at once and says when each is answered and how each ended. Pure: no
 * Vert.x, no clock; time comes with the events and with {@link #expire}. Not thread-safe: feed it
 * from one thread (the PBX connection's context).
 *
 * <p>Events are matched to a call by the Originate's ActionID, by the attempt id that the PBX uses
 * as Uniqueid and Linkedid (the Originate passes {@code ChannelId=}), by any Uniqueid or channel
 * already known for the call, and by the other half of a Local channel ({@code ;1}/{@code ;2}).
 * Events of channels no call knows are ignored. A call is over when the PBX has answered the
 * Originate and every channel seen for it has hung up; the result does not depend on the order of
 * events inside one millisecond, which Asterisk does not keep. Its state is then dropped.
 */
public final class CallTracker {

  /**
   * A refused Originate that never showed a channel is over once this long has passed after the
   * refusal (channels of the same millisecond may still be on their way).
   */
  static final Duration NO_CHANNEL_SETTLE = Duration.ofSeconds(1);

  private static final int REASON_ANSWERED = 4;
  private static final String DIAL_ANSWER = "ANSWER";

  private final OutcomeClassifier classifier;
  private final Duration grace;
  private final Duration maxCall;
  private final Map<String, Call> byActionId = new HashMap<>();
  private final Map<String, Call> byId = new HashMap<>();
  private final Map<String, Call> byChannel = new HashMap<>();
  private final Map<UUID, Call> byAttempt = new HashMap<>();

  /**
   * @param grace how long after the ring timeout an unanswered call with no final events is given
   *     up as {@link Outcome#UNKNOWN}
   * @param maxCall how long after the answer a call with no final events is given up
   */
  public CallTracker(OutcomeClassifier classifier, Duration grace, Duration maxCall) {
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.maxCall = Objects.requireNonNull(maxCall, "maxCall");
  }

  /** A minute of grace after the ring timeout, four hours for an answered call. */
  public static CallTracker withDefaults(OutcomeClassifier classifier) {
    return new CallTracker(classifier, Duration.ofMinutes(1), Duration.ofHours(4));
  }

  /** Registers a call just originated with the attempt id as ChannelId. */
  public void expect(UUID attemptId, String actionId, Instant sentAt, Duration ringTimeout) {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(actionId, "actionId");
    if (byAttempt.containsKey(attemptId)) {
      throw new IllegalStateException("attempt already in flight: " + attemptId);
    }
    Call call = new Call(attemptId, sentAt.plus(ringTimeout));
    byAttempt.put(attemptId, call);
    byActionId.put(actionId, call);
    call.actionId = actionId;
    index(byId, attemptId.toString(), call);
  }

  /** Stops following a call whose Originate was refused outright (the caller settles it). */
  public void forget(UUID attemptId) {
    Call call = byAttempt.get(attemptId);
    if (call != null) {
      finish(call, Outcome.FAILED, call.ringDeadline);
    }
  }

  /** Calls originated and not yet over. */
  public int inFlight() {
    return byAttempt.size();
  }

  /** When the customer answered, while the call is in flight. */
  public Optional<Instant> answeredAt(UUID attemptId) {
    Call call = byAttempt.get(attemptId);
    return call == null ? Optional.empty() : Optional.ofNullable(call.answeredAt);
  }

  /**
   * Takes one event; returns what it changed: an {@link Answered} the first time the customer is
   * seen answering, the {@link CallResult} of a call it completed, or nothing.
   */
  public List<CallUpdate> accept(CallEvent event) {
    Call call = find(event);
    if (call == null) {
      return List.of();
    }
    boolean answeredBefore = call.answeredAt != null;
    apply(call, event);
    List<CallUpdate> updates = new ArrayList<>(2);
    if (!answeredBefore && call.answeredAt != null) {
      updates.add(new Answered(call.attemptId, call.originatedChannel(), call.answeredAt));
    }
    if (call.over()) {
      updates.add(finish(call, classify(call), call.endedAt()));
    }
    return updates;
  }

  /**
   * Gives up on calls the PBX has gone quiet about: unanswered ones after ring timeout plus grace,
   * answered ones after the longest call, both as {@link Outcome#UNKNOWN}; and ends a refused
   * Originate that never showed a channel with what its refusal says.
   */
  public List<CallResult> expire(Instant now) {
    List<CallResult> results = new ArrayList<>();
    for (Call call : List.copyOf(byAttempt.values())) {
      if (call.refused
          && call.legs.isEmpty()
          && !now.isBefore(call.respondedAt.plus(NO_CHANNEL_SETTLE))) {
        results.add(finish(call, classify(call), call.respondedAt));
      } else if (call.answeredAt == null && now.isAfter(call.ringDeadline.plus(grace))) {
        results.add(finish(call, Outcome.UNKNOWN, now));
      } else if (call.answeredAt != null && now.isAfter(call.answeredAt.plus(maxCall))) {
        results.add(finish(call, Outcome.UNKNOWN, now));
      }
    }
    return results;
  }

  private Call find(CallEvent event) {
    return switch (event) {
      case OriginateResponse r -> {
        Call call = byActionId.get(r.actionId());
        yield call != null ? call : byId.get(r.uniqueId());
      }
      case ChannelCreated c -> find(c.uniqueId(), c.linkedId(), c.channel());
      case StateChanged s -> find(s.uniqueId(), s.linkedId(), s.channel());
      case Hangup h -> find(h.uniqueId(), h.linkedId(), h.channel());
      case BridgeEnter b -> find(b.uniqueId(), b.linkedId(), b.channel());
      case BridgeLeave b -> find(b.uniqueId(), b.linkedId(), b.channel());
      case MixMonitorStart m -> find(m.uniqueId(), m.linkedId(), m.channel());
      case DialBegin d -> {
        Call call = find(d.destUniqueId(), d.destLinkedId(), d.destChannel());
        yield call != null ? call : find(d.uniqueId(), "", d.channel());
      }
      case DialEnd d -> {
        Call call = find(d.destUniqueId(), d.destLinkedId(), d.destChannel());
        yield call != null ? call : find(d.uniqueId(), "", d.channel());
      }
    };
  }

  private Call find(String uniqueId, String linkedId, String channel) {
    Call call = lookup(byId, uniqueId);
    if (call == null) {
      call = lookup(byId, linkedId);
    }
    if (call == null) {
      call = lookup(byChannel, channel);
    }
    if (call == null) {
      call = lookup(byChannel, Leg.localPartner(channel));
    }
    return call;
  }

  private static Call lookup(Map<String, Call> index, String key) {
    return key.isEmpty() ? null : index.get(key);
  }

  private void apply(Call call, CallEvent event) {
    switch (event) {
      case OriginateResponse r -> {
        call.respondedAt = r.at();
        call.refused = !r.success();
        call.reason = r.reason();
        if (!r.uniqueId().isEmpty()) {
          index(byId, r.uniqueId(), call);
        }
        if (r.success() && !r.uniqueId().isEmpty()) {
          leg(call, r.channel(), r.uniqueId()).originated = true;
        }
        if (r.success() && r.reason() == REASON_ANSWERED) {
          call.answered(r.at());
        }
      }
      case ChannelCreated c -> leg(call, c.channel(), c.uniqueId());
      case StateChanged s -> {
        leg(call, s.channel(), s.uniqueId());
        if (s.up()) {
          call.answered(s.at());
        }
      }
      case DialBegin d -> {
        Leg dest = leg(call, d.destChannel(), d.destUniqueId());
        dest.dialledBy = d.channel();
      }
      case DialEnd d -> {
        Leg dest = leg(call, d.destChannel(), d.destUniqueId());
        dest.dialStatus = d.dialStatus();
        if (DIAL_ANSWER.equals(d.dialStatus())) {
          if (call.isOriginatedLeg(d.channel(), d.uniqueId())) {
            call.agentConnected = true;
          } else {
            call.answered(d.at());
          }
        }
      }
      case Hangup h -> {
        Leg leg = leg(call, h.channel(), h.uniqueId());
        if (!leg.hungUp) {
          leg.hungUp = true;
          leg.cause = h.cause();
          leg.hungUpAt = h.at();
        }
      }
      case BridgeEnter b -> {
        Leg leg = leg(call, b.channel(), b.uniqueId());
        leg.bridgeId = b.bridgeId();
        for (Leg other : call.legs) {
          if (other != leg && !b.bridgeId().isEmpty() && b.bridgeId().equals(other.bridgeId)) {
            call.agentConnected = true;
          }
        }
      }
      case BridgeLeave b -> leg(call, b.channel(), b.uniqueId());
      case MixMonitorStart m -> {
        leg(call, m.channel(), m.uniqueId());
        if (call.recordingStartedAt == null || m.at().isBefore(call.recordingStartedAt)) {
          call.recordingStartedAt = m.at();
        }
      }
    }
  }

  /** The leg of that name, registered and indexed the first time it is seen. */
  private Leg leg(Call call, String channel, String uniqueId) {
    if (channel.isEmpty()) {
      return new Leg(channel, uniqueId); // nothing to follow: not part of the call
    }
    for (Leg leg : call.legs) {
      if (leg.name.equals(channel)) {
        if (leg.uniqueId.isEmpty() && !uniqueId.isEmpty()) {
          leg.uniqueId = uniqueId;
          index(byId, uniqueId, call);
        }
        return leg;
      }
    }
    Leg leg = new Leg(channel, uniqueId);
    leg.originated = uniqueId.equals(call.attemptId.toString());
    call.legs.add(leg);
    index(byChannel, channel, call);
    if (!uniqueId.isEmpty()) {
      index(byId, uniqueId, call);
    }
    return leg;
  }

  private void index(Map<String, Call> index, String key, Call call) {
    if (!key.isEmpty() && index.putIfAbsent(key, call) == null) {
      call.keys.add(key);
    }
  }

  private Outcome classify(Call call) {
    Leg far = call.farLeg();
    Optional<Duration> talked =
        Optional.ofNullable(call.answeredAt)
            .map(a -> Duration.between(a, call.customerEndedAt().orElse(a)));
    return classifier.classify(
        new OutcomeClassifier.Signals(
            far == null ? 0 : far.cause,
            call.dialStatus(),
            call.refused,
            call.reason,
            talked,
            call.agentConnected));
  }

  private CallResult finish(Call call, Outcome outcome, Instant endedAt) {
    byAttempt.remove(call.attemptId);
    for (String key : call.keys) {
      byId.remove(key, call);
      byChannel.remove(key, call);
    }
    if (call.actionId != null) {
      byActionId.remove(call.actionId, call);
    }
    Leg far = call.farLeg();
    return new CallResult(
        call.attemptId,
        outcome,
        far == null ? 0 : far.cause,
        call.dialStatus(),
        Optional.ofNullable(call.answeredAt),
        Optional.ofNullable(call.recordingStartedAt),
        endedAt);
  }

  /** One channel of a call: a few strings and flags, nothing more. */
  private static final class Leg {
    final String name;
    String uniqueId;
    boolean originated;
    String dialledBy = "";
    String dialStatus = "";
    String bridgeId = "";
    boolean hungUp;
    int cause;
    Instant hungUpAt;

    Leg(String name, String uniqueId) {
      this.name = name;
      this.uniqueId = uniqueId;
    }

    boolean local() {
      return name.startsWith("Local/");
    }

    /** How far towards the customer: a trunk channel, then a Local {@code ;2}, then the rest. */
    int depth() {
      if (!local()) {
        return 3;
      }
      return name.endsWith(";2") ? 2 : 1;
    }

    /** {@code Local/x@ctx-0000000f;1} and {@code ;2} are the two halves of one Local channel. */
    static String localPartner(String channel) {
      if (!channel.startsWith("Local/")) {
        return "";
      }
      if (channel.endsWith(";1")) {
        return channel.substring(0, channel.length() - 1) + "2";
      }
      if (channel.endsWith(";2")) {
        return channel.substring(0, channel.length() - 1) + "1";
      }
      return "";
    }
  }

  /** The state of one call in flight. */
  private static final class Call {
    final UUID attemptId;
    final Instant ringDeadline;
    final List<Leg> legs = new ArrayList<>(2);
    final List<String> keys = new ArrayList<>(4);
    String actionId;
    Instant respondedAt;
    boolean refused;
    int reason;
    Instant answeredAt;
    Instant recordingStartedAt;
    boolean agentConnected;

    Call(UUID attemptId, Instant ringDeadline) {
      this.attemptId = attemptId;
      this.ringDeadline = ringDeadline;
    }

    void answered(Instant at) {
      if (answeredAt == null || at.isBefore(answeredAt)) {
        answeredAt = at;
      }
    }

    boolean over() {
      if (respondedAt == null || legs.isEmpty()) {
        return false;
      }
      for (Leg leg : legs) {
        if (!leg.hungUp) {
          return false;
        }
      }
      return true;
    }

    Instant endedAt() {
      Instant end = respondedAt;
      for (Leg leg : legs) {
        if (leg.hungUpAt != null && leg.hungUpAt.isAfter(end)) {
          end = leg.hungUpAt;
        }
      }
      return end;
    }

    boolean isOriginatedLeg(String channel, String uniqueId) {
      if (uniqueId.equals(attemptId.toString())) {
        return true;
      }
      for (Leg leg : legs) {
        if (leg.originated && !channel.isEmpty() && leg.name.equals(channel)) {
          return true;
        }
      }
      return false;
    }

    String originatedChannel() {
      for (Leg leg : legs) {
        if (leg.originated) {
          return leg.name;
        }
      }
      return "";
    }

    /** Legs the call placed onward after the answer (an agent): dialled by the originated leg. */
    boolean onward(Leg leg) {
      if (isOriginatedLeg(leg.dialledBy, "")) {
        return true;
      }
      String partner = Leg.localPartner(leg.name);
      for (Leg other : legs) {
        if (other.name.equals(partner) && isOriginatedLeg(other.dialledBy, "")) {
          return true;
        }
      }
      return false;
    }

    /** The customer's side, deepest first; ties by name so event order never matters. */
    private Leg deepest(Predicate<Leg> wanted) {
      Leg best = null;
      for (Leg leg : legs) {
        if (onward(leg) || !wanted.test(leg)) {
          continue;
        }
        if (best == null
            || leg.depth() > best.depth()
            || (leg.depth() == best.depth() && leg.name.compareTo(best.name) < 0)) {
          best = leg;
        }
      }
      return best;
    }

    /** The customer-side leg whose cause tells the most: the deepest one with a cause. */
    Leg farLeg() {
      return deepest(leg -> leg.hungUp && leg.cause != 0);
    }

    String dialStatus() {
      Leg leg = deepest(l -> !l.dialStatus.isEmpty());
      return leg == null ? "" : leg.dialStatus;
    }

    /** When the customer's side first hung up. */
    Optional<Instant> customerEndedAt() {
      Instant end = null;
      for (Leg leg : legs) {
        if (!onward(leg) && leg.hungUpAt != null && (end == null || leg.hungUpAt.isBefore(end))) {
          end = leg.hungUpAt;
        }
      }
      return Optional.ofNullable(end);
    }
  }
}
