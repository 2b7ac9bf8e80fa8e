package com.huifang.scheduler.campaign;

import java.util.Objects;

/**
 * A campaign's pacing as configured (api.md {@code pacing}); the dialer turns it into live dial
 * ratios.
 *
 * @param ratio customer calls per idle agent (fixed for {@code PROGRESSIVE}, the start for {@code
 *     PREDICTIVE})
 * @param maxAbandonRate the abandon rate {@code PREDICTIVE} keeps at or under
 */
public record PacingSpec(PacingMode mode, double ratio, double maxAbandonRate) {

  public static final double MAX_RATIO = 3.0;
  public static final PacingSpec DEFAULT = new PacingSpec(PacingMode.PROGRESSIVE, 1.0, 0.03);

  public PacingSpec {
    Objects.requireNonNull(mode, "mode");
    if (!(ratio >= 1.0 && ratio <= MAX_RATIO)) {
      throw new IllegalArgumentException("ratio must be between 1.0 and " + MAX_RATIO);
    }
    if (!(maxAbandonRate >= 0.0 && maxAbandonRate < 1.0)) {
      throw new IllegalArgumentException("maxAbandonRate must be at least 0 and below 1");
    }
  }
}
