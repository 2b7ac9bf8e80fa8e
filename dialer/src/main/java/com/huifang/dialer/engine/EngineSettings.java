package com.huifang.dialer.engine;

import java.time.Duration;

/**
 * Timing of the autodialer. All durations are real (wall-clock) time: they pace this process, while
 * the domain clock decides who is due.
 *
 * @param tick how often each running campaign is looked at when nothing wakes the dialer sooner
 * @param leaseFor how long a lease lasts; renewed every third of it while the call goes on
 * @param agentWait how long an answered customer may wait for a free agent before the apology
 * @param wrapUp how long an agent stays in wrap-up without a summary
 * @param maintenance how often expired leases, stale wrap-ups and unknown attempts are swept
 * @param campaignRefresh the polling fallback for campaign changes when no NOTIFY arrives
 */
public record EngineSettings(
    Duration tick,
    Duration leaseFor,
    Duration agentWait,
    Duration wrapUp,
    Duration maintenance,
    Duration campaignRefresh,
    Duration abandonWindow) {

  public static EngineSettings defaults() {
    return new EngineSettings(
        Duration.ofMillis(200),
        Duration.ofMinutes(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMinutes(15));
  }
}
