package com.huifang.dialer.call;

import com.huifang.scheduler.outcome.Outcome;
import java.util.Map;

/**
 * Turns what the network said into an outcome of domain.md's table. The far leg's Q.850 cause
 * decides first, then Asterisk's DialStatus, then the originate's Reason: chan_pjsip gives Reason 0
 * for every failure, and on busy or congestion the originated channel itself hangs up with cause 0
 * (see shared/asterisk/README.md). Nothing here guesses: what none of the three explains is {@code
 * FAILED}.
 */
public final class OutcomeClassifier {

  /** Q.850 causes of an unanswered call, with why each means what it does. */
  static final Map<Integer, Outcome> BY_CAUSE =
      Map.ofEntries(
          // 1 unallocated number: 空号
          Map.entry(1, Outcome.EMPTY_NUMBER),
          // 2/3 no route to network/destination: the carrier cannot reach it (线路故障)
          Map.entry(2, Outcome.LINE_FAULT),
          Map.entry(3, Outcome.LINE_FAULT),
          // 16 normal clearing before any answer: the ring ended on our or the caller's side
          Map.entry(16, Outcome.NO_ANSWER),
          // 17 user busy: 忙音/占线
          Map.entry(17, Outcome.BUSY),
          // 18 no user responding / 19 alerting, no answer: 无人接听
          Map.entry(18, Outcome.NO_ANSWER),
          Map.entry(19, Outcome.NO_ANSWER),
          // 20 subscriber absent: mainland carriers report a switched-off handset so (关机)
          Map.entry(20, Outcome.POWERED_OFF),
          // 21 call rejected: the callee declined (拒绝接听)
          Map.entry(21, Outcome.REJECTED),
          // 22 number changed, 28 invalid number format: the number does not exist as dialled
          Map.entry(22, Outcome.EMPTY_NUMBER),
          Map.entry(28, Outcome.EMPTY_NUMBER),
          // 27 destination out of order: the handset cannot be reached (不在服务区)
          Map.entry(27, Outcome.OUT_OF_SERVICE_AREA),
          // 29 facility rejected, 57 bearer capability not authorised: the line is suspended (停机)
          Map.entry(29, Outcome.SUSPENDED),
          Map.entry(57, Outcome.SUSPENDED),
          // 54 incoming calls barred, 55 barred within CUG, 63 service not available: 呼入限制
          Map.entry(54, Outcome.BARRED),
          Map.entry(55, Outcome.BARRED),
          Map.entry(63, Outcome.BARRED),
          // 31 normal unspecified, 34 no circuit, 38 network out of order, 41 temporary failure,
          // 42 switching equipment congestion, 44 channel not available: 线路故障
          Map.entry(31, Outcome.LINE_FAULT),
          Map.entry(34, Outcome.LINE_FAULT),
          Map.entry(38, Outcome.LINE_FAULT),
          Map.entry(41, Outcome.LINE_FAULT),
          Map.entry(42, Outcome.LINE_FAULT),
          Map.entry(44, Outcome.LINE_FAULT));

  private OutcomeClassifier() {}

  /**
   * @param answered whether the customer's channel went up
   * @param farCause the Q.850 cause of the far leg, 0 when none was given
   * @param dialStatus DialStatus of the call's dial, or null
   * @param reason the OriginateResponse Reason, or -1 when none arrived
   */
  public static Outcome classify(boolean answered, int farCause, String dialStatus, int reason) {
    if (answered) {
      return Outcome.ANSWERED;
    }
    Outcome byCause = BY_CAUSE.get(farCause);
    if (byCause != null
        && !(farCause == 16 && dialStatus != null && byStatus(dialStatus) != null)) {
      return byCause;
    }
    if (dialStatus != null) {
      Outcome s = byStatus(dialStatus);
      if (s != null) {
        return s;
      }
    }
    return switch (reason) {
      case 5 -> Outcome.BUSY; // AST_CONTROL_BUSY
      case 8 -> Outcome.LINE_FAULT; // AST_CONTROL_CONGESTION
      case 3 -> Outcome.NO_ANSWER; // AST_CONTROL_RINGING: rang until the originate timed out
      default -> Outcome.FAILED;
    };
  }

  private static Outcome byStatus(String dialStatus) {
    return switch (dialStatus) {
      case "BUSY" -> Outcome.BUSY;
      case "NOANSWER", "CANCEL" -> Outcome.NO_ANSWER;
      case "CONGESTION" -> Outcome.LINE_FAULT;
      default -> null; // CHANUNAVAIL with no cause is our side; ANSWER is handled above
    };
  }
}
