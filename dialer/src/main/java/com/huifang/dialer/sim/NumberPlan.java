package com.huifang.dialer.sim;

import java.time.Duration;

/**
 * The test number plan of {@code shared/asterisk/conf/extensions.conf}, decided by the last four
 * digits of the dialled number (a customer's 11-digit mobile {@code 13800001017} is busy):
 *
 * <ul>
 *   <li>{@code 1017} busy, {@code 1034} congestion, {@code 1019} rings 30 s then no answer;
 *   <li>{@code 10NN} clears at once with Q.850 cause NN, unanswered;
 *   <li>{@code 11NN} answers after NN s; {@code 12NN} rings NN s, then no answer;
 *   <li>{@code 13NN} answers after 1 s and the customer talks NN s, then hangs up;
 *   <li>{@code 2001}–{@code 2089} are agents' phones: they answer at once; {@code 2090}–{@code
 *       2098} are phones of absent agents: they ring and are never answered; {@code 2099} is busy;
 *   <li>anything else answers after 2 s and talks 90 s (a short questionnaire).
 * </ul>
 *
 * Pure: the same number always gives the same fate.
 */
public final class NumberPlan {

  /** How long an answered customer talks unless the plan says otherwise. */
  public static final Duration DEFAULT_TALK = Duration.ofSeconds(90);

  /** What the far end does. */
  public sealed interface Fate {

    /**
     * Clears without answering: after {@code ringFor}, with Q.850 {@code cause} on the far leg,
     * {@code dialStatus} in DialEnd and {@code reason} in OriginateResponse; {@code ownLegCause} is
     * what the originated Local channel itself reports (0 on busy and congestion).
     */
    record Unanswered(
        Duration ringFor, int cause, String dialStatus, int reason, int ownLegCause, boolean ring)
        implements Fate {}

    /** Rings for {@code ringFor}, answers, talks for {@code talk}, then hangs up (cause 16). */
    record Answers(Duration ringFor, Duration talk) implements Fate {}
  }

  private NumberPlan() {}

  /** The lowest extension of an absent agent's phone (rings, never answered). */
  public static final int FIRST_ABSENT_AGENT = 2090;

  /** An agent's extension whose phone is busy. */
  public static final int BUSY_AGENT = 2099;

  private static Fate agentPhone(int extension) {
    if (extension == BUSY_AGENT) {
      return new Fate.Unanswered(Duration.ZERO, 17, "BUSY", 5, 0, false);
    }
    if (extension >= FIRST_ABSENT_AGENT) {
      return new Fate.Unanswered(Duration.ofMinutes(10), 19, "NOANSWER", 0, 19, true);
    }
    return new Fate.Answers(Duration.ZERO, Duration.ofHours(1));
  }

  public static Fate fate(String number) {
    String digits = number.replaceAll("[^0-9]", "");
    if (digits.length() < 4) {
      return new Fate.Unanswered(Duration.ZERO, 1, "NOANSWER", 0, 1, false);
    }
    int last4 = Integer.parseInt(digits.substring(digits.length() - 4));
    int family = last4 / 100;
    int nn = last4 % 100;
    if (digits.length() == 4 && last4 >= 2001 && last4 <= 2099) {
      return agentPhone(last4);
    }
    return switch (family) {
      case 10 ->
          switch (nn) {
            case 17 -> new Fate.Unanswered(Duration.ZERO, 17, "BUSY", 5, 0, false);
            case 34 -> new Fate.Unanswered(Duration.ZERO, 34, "CONGESTION", 8, 0, false);
            case 19 -> new Fate.Unanswered(Duration.ofSeconds(30), 19, "NOANSWER", 0, 19, true);
            case 20 -> new Fate.Unanswered(Duration.ZERO, 20, "CHANUNAVAIL", 0, 20, false);
            default -> new Fate.Unanswered(Duration.ZERO, nn, "NOANSWER", 0, nn, false);
          };
      case 11 -> new Fate.Answers(Duration.ofSeconds(nn), DEFAULT_TALK);
      case 12 -> new Fate.Unanswered(Duration.ofSeconds(nn), 19, "NOANSWER", 0, 19, true);
      case 13 -> new Fate.Answers(Duration.ofSeconds(1), Duration.ofSeconds(nn));
      default -> new Fate.Answers(Duration.ofSeconds(2), DEFAULT_TALK);
    };
  }
}
