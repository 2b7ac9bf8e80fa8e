package com.huifang.dialer.call;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what the PBX said about one dial into one {@link Outcome}, following what a real Asterisk
 * sends (shared/asterisk/README.md): the far leg's Q.850 cause first, then DialStatus, the
 * Originate Reason last (chan_pjsip gives Reason 0 for every failure; busy and congestion leave
 * cause 0 on the originated leg). Anything the tables do not know becomes {@link Outcome#FAILED}
 * when the PBX refused the Originate and {@link Outcome#UNKNOWN} otherwise: never a guess.
 *
 * <p>Pure: the answer time is an argument, there is no clock and no I/O.
 */
public final class OutcomeClassifier {

  /** Q.850 causes of a call that was never answered, and why each means that outcome. */
  static final Map<Integer, Outcome> BY_CAUSE =
      Map.ofEntries(
          // 1 Unallocated (unassigned) number: the network says the number does not exist
          Map.entry(1, Outcome.EMPTY_NUMBER),
          // 3 No route to destination: the network cannot reach the number's carrier
          Map.entry(3, Outcome.LINE_FAULT),
          // 17 User busy: busy or engaged tone
          Map.entry(17, Outcome.BUSY),
          // 18 No user responding: the handset did not respond to the page, nobody picked up
          Map.entry(18, Outcome.NO_ANSWER),
          // 19 User alerting, no answer: rang the full ring time
          Map.entry(19, Outcome.NO_ANSWER),
          // 20 Subscriber absent: China carriers report a switched-off handset (关机) this way
          Map.entry(20, Outcome.POWERED_OFF),
          // 21 Call rejected: the callee declined before answering
          Map.entry(21, Outcome.REJECTED),
          // 22 Number changed: the number no longer exists as dialled
          Map.entry(22, Outcome.EMPTY_NUMBER),
          // 27 Destination out of order: the handset is unreachable (不在服务区)
          Map.entry(27, Outcome.OUT_OF_SERVICE_AREA),
          // 28 Invalid number format: no such number can exist
          Map.entry(28, Outcome.EMPTY_NUMBER),
          // 29 Facility rejected: carriers use it for a suspended line (停机)
          Map.entry(29, Outcome.SUSPENDED),
          // 31 Normal, unspecified, without an answer: the network ended it, not the callee
          Map.entry(31, Outcome.LINE_FAULT),
          // 34 No circuit/channel available: congestion
          Map.entry(34, Outcome.LINE_FAULT),
          // 38 Network out of order
          Map.entry(38, Outcome.LINE_FAULT),
          // 41 Temporary failure
          Map.entry(41, Outcome.LINE_FAULT),
          // 42 Switching equipment congestion
          Map.entry(42, Outcome.LINE_FAULT),
          // 44 Requested circuit/channel not available
          Map.entry(44, Outcome.LINE_FAULT),
          // 54 Incoming calls barred within CUG: the number takes no incoming calls (呼入限制)
          Map.entry(54, Outcome.BARRED),
          // 55 Incoming calls barred: the number takes no incoming calls (呼入限制)
          Map.entry(55, Outcome.BARRED),
          // 57 Bearer capability not authorized: carriers use it for a suspended line (欠费停机)
          Map.entry(57, Outcome.SUSPENDED),
          // 63 Service or option not available: the subscriber has no incoming service
          Map.entry(63, Outcome.BARRED));

  /** Asterisk's DIALSTATUS, when the cause alone says nothing (0 or 16 without answer). */
  static final Map<String, Outcome> BY_DIAL_STATUS =
      Map.of(
          // the far end signalled busy; the originated leg carries cause 0
          "BUSY", Outcome.BUSY,
          // it rang and nobody answered before the ring timeout
          "NOANSWER", Outcome.NO_ANSWER,
          // the far end cannot be reached now: switched off, as China carriers report it
          "CHANUNAVAIL", Outcome.POWERED_OFF,
          // the network or trunk is congested; the originated leg carries cause 0
          "CONGESTION", Outcome.LINE_FAULT);

  /** AMI OriginateResponse Reason, the last resort (chan_pjsip gives 0 for all failures). */
  static final Map<Integer, Outcome> BY_REASON =
      Map.of(
          // 3: ringing when the Originate timed out
          3, Outcome.NO_ANSWER,
          // 5: busy
          5, Outcome.BUSY,
          // 8: congestion
          8, Outcome.LINE_FAULT);

  private final Duration earlyHangup;

  /**
   * @param earlyHangup an answered call that ends sooner than this, before an agent was connected,
   *     is an early hang-up (提前挂机) rather than a conversation
   */
  public OutcomeClassifier(Duration earlyHangup) {
    Objects.requireNonNull(earlyHangup, "earlyHangup");
    if (earlyHangup.isNegative()) {
      throw new IllegalArgumentException("earlyHangup must not be negative: " + earlyHangup);
    }
    this.earlyHangup = earlyHangup;
  }

  /** One second: shorter than any greeting, so only a hang-up at the first word counts. */
  public static OutcomeClassifier withDefaults() {
    return new OutcomeClassifier(Duration.ofSeconds(1));
  }

  /**
   * What the PBX said about one dial.
   *
   * @param farCause Q.850 cause of the leg furthest towards the customer (0 when none)
   * @param dialStatus DIALSTATUS of the dial towards the customer (empty when none)
   * @param refused the Originate was answered with Failure
   * @param reason the OriginateResponse Reason (0 when none)
   * @param talked how long the customer stayed after answering; empty when never answered
   * @param agentConnected an agent was connected to the answered customer
   */
  public record Signals(
      int farCause,
      String dialStatus,
      boolean refused,
      int reason,
      Optional<Duration> talked,
      boolean agentConnected) {
    public Signals {
      dialStatus = dialStatus == null ? "" : dialStatus;
      Objects.requireNonNull(talked, "talked");
    }
  }

  public Outcome classify(Signals s) {
    if (s.talked().isPresent()) {
      // answered: whatever the cause at the end (normally 16), the customer picked up
      boolean early = !s.agentConnected() && s.talked().get().compareTo(earlyHangup) < 0;
      return early ? Outcome.EARLY_HANGUP : Outcome.ANSWERED;
    }
    Outcome byCause = BY_CAUSE.get(s.farCause());
    if (byCause != null) {
      return byCause;
    }
    Outcome byStatus = BY_DIAL_STATUS.get(s.dialStatus().toUpperCase(Locale.ROOT));
    if (byStatus != null) {
      return byStatus;
    }
    Outcome byReason = BY_REASON.get(s.reason());
    if (byReason != null) {
      return byReason;
    }
    return s.refused() ? Outcome.FAILED : Outcome.UNKNOWN;
  }
}
