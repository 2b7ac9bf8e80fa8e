package com.huifang.dialer.engine;

import com.huifang.dialer.pacing.AbandonWindow;
import com.huifang.dialer.pacing.PacingSettings;
import com.huifang.dialer.pacing.PredictiveRatio;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.PacingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What pacing keeps per campaign: the abandon window of its recent calls and, in {@code
 * PREDICTIVE}, the dial ratio as last adjusted from it. Updated on the autodialer's context.
 */
final class CampaignPacing {

  private final Duration abandonWindow;
  private final Map<Long, AbandonWindow> windows = new HashMap<>();
  private final Map<Long, Double> ratios = new HashMap<>();

  CampaignPacing(Duration abandonWindow) {
    this.abandonWindow = abandonWindow;
  }

  /** The calls to start per free agent now: the campaign's own, or the adjusted predictive one. */
  double ratio(Campaign c, Instant now) {
    var pacing = c.settings().pacing();
    if (pacing.mode() != PacingMode.PREDICTIVE) {
      return pacing.ratio();
    }
    PacingSettings ps =
        new PacingSettings(
            pacing.mode(),
            Math.max(1.0, pacing.ratio()),
            pacing.maxAbandonRate(),
            PacingSettings.DEFAULT_MAX_RATIO);
    double current = ratios.getOrDefault(c.id(), ps.ratio());
    double next = PredictiveRatio.next(current, window(c.id()).rates(now), ps);
    ratios.put(c.id(), next);
    return next;
  }

  AbandonWindow window(long campaignId) {
    return windows.computeIfAbsent(campaignId, k -> new AbandonWindow(abandonWindow));
  }

  /** The highest abandon rate of any campaign's window now (the gauge). */
  double worstAbandonRate(Instant now) {
    return windows.values().stream().mapToDouble(w -> w.rates(now).abandonRate()).max().orElse(0.0);
  }
}
