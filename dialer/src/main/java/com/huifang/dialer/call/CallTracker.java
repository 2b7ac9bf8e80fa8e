package com.huifang.dialer.call;

import com.huifang.dialer.engine.CallEnd;
import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Follows every call in flight on one PBX from the originate to its last hang-up, and says when it
 * was answered and how it ended. Pure: events and time come in as arguments.
 *
 * <p>Every channel of a call carries the call's linked id, which is our attempt id (the originate
 * passes it as {@code ChannelId}); a failed originate's response carries only the {@code ActionID},
 * which is the attempt id too. A call ends when the PBX has answered the originate and every
 * channel seen has hung up, so the order of events inside one millisecond does not matter. A
 * failure answered before any channel was seen waits {@link #SETTLE} for late channel events. A
 * call the PBX never finishes becomes {@code UNKNOWN} after its ring time and {@link #LOST_AFTER};
 * nothing is guessed.
 */
public final class CallTracker {

  /** How long a failed originate without channels waits for channel events of the same moment. */
  public static final Duration SETTLE = Duration.ofMillis(200);

  /** How long after the ring time a call with no sign of life is given up as unknown. */
  public static final Duration LOST_AFTER = Duration.ofSeconds(60);

  /** What a fed event or a sweep produced. */
  public sealed interface Update {
    /** The customer answered on {@code channel} (the channel to redirect to an agent). */
    record Answered(UUID attemptId, Instant at, String channel) implements Update {}

    /** The call is over. */
    record Ended(CallEnd end) implements Update {}
  }

  private static final class Call {
    final UUID attemptId;
    final String key;
    final Instant sentAt;
    final Duration ringTimeout;
    final Set<String> live = new HashSet<>();
    final Map<String, Integer> causes = new HashMap<>();
    boolean anyChannel;
    String channel;
    String dialStatus;
    boolean responded;
    int reason = -1;
    Instant respondedAt;
    Instant answeredAt;

    Call(UUID attemptId, Instant sentAt, Duration ringTimeout) {
      this.attemptId = attemptId;
      this.key = attemptId.toString();
      this.sentAt = sentAt;
      this.ringTimeout = ringTimeout;
    }
  }

  private final Map<String, Call> calls = new HashMap<>();

  /** Starts following a call about to be originated with {@code attemptId} as ActionID and id. */
  public void expect(UUID attemptId, Instant sentAt, Duration ringTimeout) {
    calls.put(attemptId.toString(), new Call(attemptId, sentAt, ringTimeout));
  }

  /** Forgets a call whose originate was refused outright (the caller settles it). */
  public void forget(UUID attemptId) {
    calls.remove(attemptId.toString());
  }

  public int inFlight() {
    return calls.size();
  }

  public boolean follows(UUID attemptId) {
    return calls.containsKey(attemptId.toString());
  }

  /** The name of the call's customer channel, once seen. */
  public Optional<String> channelOf(UUID attemptId) {
    Call c = calls.get(attemptId.toString());
    return c == null ? Optional.empty() : Optional.ofNullable(c.channel);
  }

  /** Feeds one event; returns what it completed (usually nothing). */
  public List<Update> accept(CallEvent event) {
    List<Update> out = new ArrayList<>(1);
    switch (event) {
      case CallEvent.OriginateResult r -> {
        Call c = find(r.actionId());
        if (c == null && r.uniqueId() != null) {
          c = find(r.uniqueId());
        }
        if (c != null && !c.responded) {
          c.responded = true;
          c.reason = r.reason();
          c.respondedAt = r.at();
          if (r.success() && c.answeredAt == null) {
            answer(c, r.at(), out);
          }
          settle(c, r.at(), out);
        }
      }
      case CallEvent.ChannelCreated e -> {
        Call c = find(e.linkedId());
        if (c != null) {
          c.anyChannel = true;
          c.live.add(e.uniqueId());
          if (e.uniqueId().equals(c.key)) {
            c.channel = e.channel();
          }
        }
      }
      case CallEvent.StateChanged s -> {
        Call c = find(s.linkedId());
        if (c != null && "Up".equals(s.state()) && s.uniqueId().equals(c.key)) {
          answer(c, s.at(), out);
        }
      }
      case CallEvent.DialEnded d -> {
        Call c = find(d.destLinkedId());
        if (c != null && d.destUniqueId() != null && d.destUniqueId().equals(c.key)) {
          c.dialStatus = d.dialStatus();
        } else if (c != null && c.dialStatus == null) {
          c.dialStatus = d.dialStatus();
        }
      }
      case CallEvent.HungUp h -> {
        Call c = find(h.linkedId());
        if (c != null) {
          c.anyChannel = true;
          c.live.remove(h.uniqueId());
          c.causes.put(h.uniqueId(), h.cause());
          if (h.uniqueId().equals(c.key) && c.channel == null) {
            c.channel = h.channel();
          }
          settle(c, h.at(), out);
        }
      }
    }
    return out;
  }

  /** Settles failed originates whose channels never came, and gives up calls lost for good. */
  public List<Update> sweep(Instant now) {
    List<Update> out = new ArrayList<>();
    for (Iterator<Call> it = calls.values().iterator(); it.hasNext(); ) {
      Call c = it.next();
      if (c.responded && !c.anyChannel && !now.isBefore(c.respondedAt.plus(SETTLE))) {
        it.remove();
        out.add(ended(c, now));
      } else if (!c.responded
          && c.live.isEmpty()
          && now.isAfter(c.sentAt.plus(c.ringTimeout).plus(LOST_AFTER))) {
        it.remove();
        out.add(
            new Update.Ended(
                new CallEnd(c.attemptId, Outcome.UNKNOWN, null, c.dialStatus, c.answeredAt, now)));
      }
    }
    return out;
  }

  /** Every call still followed: the PBX connection was lost and they must be reconciled. */
  public List<UUID> following() {
    List<UUID> out = new ArrayList<>();
    calls.values().forEach(c -> out.add(c.attemptId));
    return out;
  }

  private Call find(String id) {
    if (id == null) {
      return null;
    }
    Call c = calls.get(id);
    if (c == null && id.endsWith(";2")) {
      c = calls.get(id.substring(0, id.length() - 2));
    }
    return c;
  }

  private static void answer(Call c, Instant at, List<Update> out) {
    if (c.answeredAt == null) {
      c.answeredAt = at;
      out.add(new Update.Answered(c.attemptId, at, c.channel));
    }
  }

  private void settle(Call c, Instant at, List<Update> out) {
    if (c.responded && c.anyChannel && c.live.isEmpty()) {
      calls.remove(c.key);
      out.add(ended(c, at));
    }
  }

  private static Update ended(Call c, Instant at) {
    int far = farCause(c);
    Outcome outcome = OutcomeClassifier.classify(c.answeredAt != null, far, c.dialStatus, c.reason);
    return new Update.Ended(
        new CallEnd(c.attemptId, outcome, far == 0 ? null : far, c.dialStatus, c.answeredAt, at));
  }

  /** The far leg's cause: a non-zero cause of any other channel, else the originated one's. */
  private static int farCause(Call c) {
    int own = c.causes.getOrDefault(c.key, 0);
    for (Map.Entry<String, Integer> e : c.causes.entrySet()) {
      if (!e.getKey().equals(c.key) && e.getValue() != 0) {
        return e.getValue();
      }
    }
    return own;
  }
}
