package com.huifang.dialer.pacing;

import com.huifang.dialer.pacing.AbandonWindow.Rates;

/**
 * The dial ratio of a {@code PREDICTIVE} campaign, adapted to what the window measured.
 *
 * <ul>
 *   <li>Fewer than {@link #MIN_ANSWERED} answered calls in the window: not enough evidence, dial
 *       progressively (1.0).
 *   <li>Abandon rate at or over the cap: back off by {@link #BACK_OFF}, never under 1.0.
 *   <li>Abandon rate under half the cap: step {@link #STEP} towards 1 / answer rate (the ratio that
 *       would, on average, give each idle agent one answered call), never over {@code maxRatio}.
 *   <li>In between: hold.
 * </ul>
 *
 * <p>Pure: the same rates and settings always give the same ratio.
 */
public final class PredictiveRatio {

  static final long MIN_ANSWERED = 20;
  static final double BACK_OFF = 0.8;
  static final double STEP = 0.1;
  private static final double MIN_ANSWER_RATE = 0.05;

  private PredictiveRatio() {}

  /** The ratio to use next, given the one in use and the window's figures. */
  public static double next(double current, Rates rates, PacingSettings settings) {
    if (rates.answered() < MIN_ANSWERED) {
      return 1.0;
    }
    double cap = settings.maxAbandonRate();
    double abandon = rates.abandonRate();
    if (abandon >= cap) {
      return Math.max(1.0, current * BACK_OFF);
    }
    if (abandon < cap / 2) {
      double target =
          Math.min(settings.maxRatio(), 1.0 / Math.max(rates.answerRate(), MIN_ANSWER_RATE));
      if (current < target) {
        return Math.min(target, current + STEP);
      }
      return Math.max(1.0, Math.max(target, current - STEP));
    }
    return current;
  }
}
