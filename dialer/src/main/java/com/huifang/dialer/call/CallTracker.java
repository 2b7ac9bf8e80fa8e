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
  private final Map<String, TrackedCall> byActionId = new HashMap<>();
  private final Map<String, TrackedCall> byId = new HashMap<>();
  private final Map<String, TrackedCall> byChannel = new HashMap<>();
  private final Map<UUID, TrackedCall> byAttempt = new HashMap<>();

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
    TrackedCall call = new TrackedCall(attemptId, sentAt.plus(ringTimeout));
    byAttempt.put(attemptId, call);
    byActionId.put(actionId, call);
    call.actionId = actionId;
    index(byId, attemptId.toString(), call);
  }

  /** Stops following a call whose Originate was refused outright (the caller settles it). */
  public void forget(UUID attemptId) {
    TrackedCall call = byAttempt.get(attemptId);
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
    TrackedCall call = byAttempt.get(attemptId);
    return call == null ? Optional.empty() : Optional.ofNullable(call.answeredAt);
  }

  /**
   * Takes one event; returns what it changed: an {@link Answered} the first time the customer is
   * seen answering, the {@link CallResult} of a call it completed, or nothing.
   */
  public List<CallUpdate> accept(CallEvent event) {
    TrackedCall call = find(event);
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
    for (TrackedCall call : List.copyOf(byAttempt.values())) {
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

  private TrackedCall find(CallEvent event) {
    return switch (event) {
      case OriginateResponse r -> {
        TrackedCall call = byActionId.get(r.actionId());
        yield call != null ? call : byId.get(r.uniqueId());
      }
      case ChannelCreated c -> find(c.uniqueId(), c.linkedId(), c.channel());
      case StateChanged s -> find(s.uniqueId(), s.linkedId(), s.channel());
      case Hangup h -> find(h.uniqueId(), h.linkedId(), h.channel());
      case BridgeEnter b -> find(b.uniqueId(), b.linkedId(), b.channel());
      case BridgeLeave b -> find(b.uniqueId(), b.linkedId(), b.channel());
      case MixMonitorStart m -> find(m.uniqueId(), m.linkedId(), m.channel());
      case DialBegin d -> {
        TrackedCall call = find(d.destUniqueId(), d.destLinkedId(), d.destChannel());
        yield call != null ? call : find(d.uniqueId(), "", d.channel());
      }
      case DialEnd d -> {
        TrackedCall call = find(d.destUniqueId(), d.destLinkedId(), d.destChannel());
        yield call != null ? call : find(d.uniqueId(), "", d.channel());
      }
    };
  }

  private TrackedCall find(String uniqueId, String linkedId, String channel) {
    TrackedCall call = lookup(byId, uniqueId);
    if (call == null) {
      call = lookup(byId, linkedId);
    }
    if (call == null) {
      call = lookup(byChannel, channel);
    }
    if (call == null) {
      call = lookup(byChannel, TrackedLeg.localPartner(channel));
    }
    return call;
  }

  private static TrackedCall lookup(Map<String, TrackedCall> index, String key) {
    return key.isEmpty() ? null : index.get(key);
  }

  private void apply(TrackedCall call, CallEvent event) {
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
        TrackedLeg dest = leg(call, d.destChannel(), d.destUniqueId());
        dest.dialledBy = d.channel();
      }
      case DialEnd d -> {
        TrackedLeg dest = leg(call, d.destChannel(), d.destUniqueId());
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
        TrackedLeg leg = leg(call, h.channel(), h.uniqueId());
        if (!leg.hungUp) {
          leg.hungUp = true;
          leg.cause = h.cause();
          leg.hungUpAt = h.at();
        }
      }
      case BridgeEnter b -> {
        TrackedLeg leg = leg(call, b.channel(), b.uniqueId());
        leg.bridgeId = b.bridgeId();
        for (TrackedLeg other : call.legs) {
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
  private TrackedLeg leg(TrackedCall call, String channel, String uniqueId) {
    if (channel.isEmpty()) {
      return new TrackedLeg(channel, uniqueId); // nothing to follow: not part of the call
    }
    for (TrackedLeg leg : call.legs) {
      if (leg.name.equals(channel)) {
        if (leg.uniqueId.isEmpty() && !uniqueId.isEmpty()) {
          leg.uniqueId = uniqueId;
          index(byId, uniqueId, call);
        }
        return leg;
      }
    }
    TrackedLeg leg = new TrackedLeg(channel, uniqueId);
    leg.originated = uniqueId.equals(call.attemptId.toString());
    call.legs.add(leg);
    index(byChannel, channel, call);
    if (!uniqueId.isEmpty()) {
      index(byId, uniqueId, call);
    }
    return leg;
  }

  private void index(Map<String, TrackedCall> index, String key, TrackedCall call) {
    if (!key.isEmpty() && index.putIfAbsent(key, call) == null) {
      call.keys.add(key);
    }
  }

  private Outcome classify(TrackedCall call) {
    TrackedLeg far = call.farLeg();
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

  private CallResult finish(TrackedCall call, Outcome outcome, Instant endedAt) {
    byAttempt.remove(call.attemptId);
    for (String key : call.keys) {
      byId.remove(key, call);
      byChannel.remove(key, call);
    }
    if (call.actionId != null) {
      byActionId.remove(call.actionId, call);
    }
    TrackedLeg far = call.farLeg();
    return new CallResult(
        call.attemptId,
        outcome,
        far == null ? 0 : far.cause,
        call.dialStatus(),
        Optional.ofNullable(call.answeredAt),
        Optional.ofNullable(call.recordingStartedAt),
        endedAt);
  }
}
