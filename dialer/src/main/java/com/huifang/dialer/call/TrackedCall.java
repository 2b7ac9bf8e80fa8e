package com.huifang.dialer.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The state of one call {@link CallTracker} follows, from its Originate until every leg hung up.
 */
final class TrackedCall {
  final UUID attemptId;
  final Instant ringDeadline;
  final List<TrackedLeg> legs = new ArrayList<>(2);
  final List<String> keys = new ArrayList<>(4);
  String actionId;
  Instant respondedAt;
  boolean refused;
  int reason;
  Instant answeredAt;
  Instant recordingStartedAt;
  boolean agentConnected;

  TrackedCall(UUID attemptId, Instant ringDeadline) {
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
    for (TrackedLeg leg : legs) {
      if (!leg.hungUp) {
        return false;
      }
    }
    return true;
  }

  Instant endedAt() {
    Instant end = respondedAt;
    for (TrackedLeg leg : legs) {
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
    for (TrackedLeg leg : legs) {
      if (leg.originated && !channel.isEmpty() && leg.name.equals(channel)) {
        return true;
      }
    }
    return false;
  }

  String originatedChannel() {
    for (TrackedLeg leg : legs) {
      if (leg.originated) {
        return leg.name;
      }
    }
    return "";
  }

  /** Legs the call placed onward after the answer (an agent): dialled by the originated leg. */
  boolean onward(TrackedLeg leg) {
    if (isOriginatedLeg(leg.dialledBy, "")) {
      return true;
    }
    String partner = TrackedLeg.localPartner(leg.name);
    for (TrackedLeg other : legs) {
      if (other.name.equals(partner) && isOriginatedLeg(other.dialledBy, "")) {
        return true;
      }
    }
    return false;
  }

  /** The customer's side, deepest first; ties by name so event order never matters. */
  private TrackedLeg deepest(Predicate<TrackedLeg> wanted) {
    TrackedLeg best = null;
    for (TrackedLeg leg : legs) {
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
  TrackedLeg farLeg() {
    return deepest(leg -> leg.hungUp && leg.cause != 0);
  }

  String dialStatus() {
    TrackedLeg leg = deepest(l -> !l.dialStatus.isEmpty());
    return leg == null ? "" : leg.dialStatus;
  }

  /** When the customer's side first hung up. */
  Optional<Instant> customerEndedAt() {
    Instant end = null;
    for (TrackedLeg leg : legs) {
      if (!onward(leg) && leg.hungUpAt != null && (end == null || leg.hungUpAt.isBefore(end))) {
        end = leg.hungUpAt;
      }
    }
    return Optional.ofNullable(end);
  }
}
