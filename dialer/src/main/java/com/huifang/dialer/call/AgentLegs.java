package com.huifang.dialer.call;

import com.huifang.dialer.call.CallEvent.DialEnd;
import com.huifang.dialer.call.CallEvent.Hangup;
import com.huifang.dialer.call.CallEvent.OriginateResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Follows agents' phones: the leg a {@code PREVIEW} call rings first (originated with {@link
 * #channelId} as its ActionID and channel id) and the dial that connects an answered customer to an
 * agent (a {@code DialEnd} whose caller is the customer's originated channel, whose Uniqueid is the
 * attempt id). Says when an agent's phone answered and when it ended without answering. Pure: no
 * Vert.x, no clock. Not thread-safe: feed it from one thread, like the {@link CallTracker}.
 */
public final class AgentLegs {

  private static final String PREFIX = "agent-";
  private static final String ANSWER = "ANSWER";
  private static final String CANCEL = "CANCEL";

  /** What happened to an agent's phone. */
  public sealed interface AgentUpdate {
    UUID attemptId();

    /**
     * The agent's phone answered; {@code channel} is the agent's leg (rung first: to bridge to).
     */
    record Answered(UUID attemptId, String channel, Instant at) implements AgentUpdate {
      public Answered {
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
      }
    }

    /** The agent's phone ended without answering: NOANSWER, BUSY, CHANUNAVAIL, CONGESTION, … */
    record Unreachable(UUID attemptId, String dialStatus, Instant at) implements AgentUpdate {
      public Unreachable {
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(dialStatus, "dialStatus");
        Objects.requireNonNull(at, "at");
      }
    }
  }

  /** A leg rung first: what its dial said, and its channel once answered (empty when gone). */
  private static final class Rung {
    String dialStatus = "";
    String channel = "";
  }

  private final Map<UUID, Rung> rung = new HashMap<>();
  private final Set<UUID> connecting = new HashSet<>();

  /** The ActionID and channel id of the agent's leg rung first for {@code attemptId}. */
  public static String channelId(UUID attemptId) {
    return PREFIX + attemptId;
  }

  /** The attempt whose agent leg has this id (or is its Local {@code ;2} half), if it is one. */
  public static Optional<UUID> attemptOf(String id) {
    if (id == null || !id.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String own = id.endsWith(";2") ? id.substring(0, id.length() - 2) : id;
    return uuid(own.substring(PREFIX.length()));
  }

  /** The agent's leg of {@code attemptId} is being originated. */
  public void ringing(UUID attemptId) {
    rung.put(attemptId, new Rung());
  }

  /** The customer of {@code attemptId} is being connected by dialling an agent's extension. */
  public void connecting(UUID attemptId) {
    connecting.add(attemptId);
  }

  /** Whether an agent's leg was rung first for {@code attemptId} and not forgotten. */
  public boolean rang(UUID attemptId) {
    return rung.containsKey(attemptId);
  }

  /** The answered agent leg of {@code attemptId}, still up; empty when none. */
  public Optional<String> answeredChannel(UUID attemptId) {
    Rung leg = rung.get(attemptId);
    return leg == null || leg.channel.isEmpty() ? Optional.empty() : Optional.of(leg.channel);
  }

  /**
   * The call of {@code attemptId} is over: forgets its agents' legs and returns the rung agent's
   * channel if it is still up (to hang up).
   */
  public Optional<String> forget(UUID attemptId) {
    connecting.remove(attemptId);
    Rung leg = rung.remove(attemptId);
    return leg == null || leg.channel.isEmpty() ? Optional.empty() : Optional.of(leg.channel);
  }

  /** Agent legs followed now (for tests). */
  public int following() {
    return rung.size() + connecting.size();
  }

  /** Takes one event; returns what it says about an agent's phone. */
  public List<AgentUpdate> accept(CallEvent event) {
    return switch (event) {
      case OriginateResponse r -> originated(r);
      case DialEnd d -> dialEnded(d);
      case Hangup h -> {
        attemptOf(h.uniqueId())
            .map(rung::get)
            .filter(leg -> leg.channel.equals(h.channel()) || h.channel().endsWith(";2"))
            .ifPresent(leg -> leg.channel = "");
        yield List.of();
      }
      default -> List.of();
    };
  }

  private List<AgentUpdate> originated(OriginateResponse r) {
    Optional<UUID> attempt = attemptOf(r.actionId()).or(() -> attemptOf(r.uniqueId()));
    Rung leg = attempt.map(rung::get).orElse(null);
    if (leg == null) {
      return List.of();
    }
    if (r.success()) {
      leg.channel = r.channel();
      return List.of(new AgentUpdate.Answered(attempt.get(), r.channel(), r.at()));
    }
    rung.remove(attempt.get());
    String status = leg.dialStatus.isEmpty() ? statusOf(r.reason()) : leg.dialStatus;
    return List.of(new AgentUpdate.Unreachable(attempt.get(), status, r.at()));
  }

  private List<AgentUpdate> dialEnded(DialEnd d) {
    Optional<UUID> ownLeg = attemptOf(d.destUniqueId());
    if (ownLeg.isPresent()) {
      Rung leg = rung.get(ownLeg.get());
      if (leg != null && !ANSWER.equals(d.dialStatus())) {
        leg.dialStatus = d.dialStatus();
      }
      return List.of();
    }
    Optional<UUID> attempt = connectedFrom(d);
    if (attempt.isEmpty() || !connecting.contains(attempt.get())) {
      return List.of();
    }
    if (ANSWER.equals(d.dialStatus())) {
      connecting.remove(attempt.get());
      return List.of(new AgentUpdate.Answered(attempt.get(), d.destChannel(), d.at()));
    }
    if (d.dialStatus().isEmpty() || CANCEL.equals(d.dialStatus())) {
      return List.of(); // the customer hung up while the agent's phone rang
    }
    connecting.remove(attempt.get());
    return List.of(new AgentUpdate.Unreachable(attempt.get(), d.dialStatus(), d.at()));
  }

  /**
   * The attempt whose customer dialled this: the caller's Uniqueid is the attempt id; without a
   * caller, a channel linked to the attempt that is not the originated one (nor its Local half).
   */
  private static Optional<UUID> connectedFrom(DialEnd d) {
    if (!d.uniqueId().isEmpty()) {
      return uuid(d.uniqueId());
    }
    if (d.channel().isEmpty() && !d.destUniqueId().startsWith(d.destLinkedId())) {
      return uuid(d.destLinkedId());
    }
    return Optional.empty();
  }

  /** A DialStatus for an originate refusal that came without one (AMI Reason). */
  static String statusOf(int reason) {
    return switch (reason) {
      case 3 -> "NOANSWER";
      case 5 -> "BUSY";
      case 8 -> "CONGESTION";
      default -> "CHANUNAVAIL";
    };
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
