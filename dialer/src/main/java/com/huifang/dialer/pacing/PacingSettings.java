package com.huifang.dialer.pacing;

import com.huifang.scheduler.campaign.PacingMode;
import java.util.Objects;

/**
 * A campaign's pacing (api.md {@code pacing}).
 *
 * @param ratio customer calls per idle agent: fixed for {@code PROGRESSIVE} (normally 1.0), the
 *     starting point for {@code PREDICTIVE}, ignored by {@code PREVIEW}
 * @param maxAbandonRate abandoned / answered over the rolling window that {@code PREDICTIVE} keeps
 *     at or under (regulators commonly allow 3 %)
 * @param maxRatio the most customer calls per idle agent {@code PREDICTIVE} may reach
 */
public record PacingSettings(
    PacingMode mode, double ratio, double maxAbandonRate, double maxRatio) {

  public static final double DEFAULT_MAX_ABANDON_RATE = 0.03;
  public static final double DEFAULT_MAX_RATIO = 3.0;

  public PacingSettings {
    Objects.requireNonNull(mode, "mode");
    if (!(ratio >= 1.0) || ratio > maxRatio) {
      throw new IllegalArgumentException(
          "ratio must be between 1.0 and " + maxRatio + ": " + ratio);
    }
    if (!(maxAbandonRate >= 0.0 && maxAbandonRate < 1.0)) {
      throw new IllegalArgumentException("maxAbandonRate must be in [0, 1): " + maxAbandonRate);
    }
    if (!(maxRatio >= 1.0 && maxRatio <= 10.0)) {
      throw new IllegalArgumentException("maxRatio must be between 1.0 and 10.0: " + maxRatio);
    }
  }

  public static PacingSettings progressive() {
    return new PacingSettings(
        PacingMode.PROGRESSIVE, 1.0, DEFAULT_MAX_ABANDON_RATE, DEFAULT_MAX_RATIO);
  }
}
