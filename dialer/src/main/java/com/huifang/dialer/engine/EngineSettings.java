package com.huifang.dialer.engine;

import java.time.Duration;

/**
 * Timing of the autodialer. Some durations pace this process in real time; the others are measured
 * on the domain clock, which the demo runs faster than real time.
 *
 * @param tick real: how often running campaigns are looked at when nothing wakes the dialer sooner
 * @param leaseFor domain: how long a lease lasts before it may be taken back
 * @param renewEvery real: how often the leases of calls in flight are renewed
 * @param agentWait real: how long an answered customer may wait for a free agent
 * @param maintenance real: how often expired leases and unknown attempts are swept
 * @param abandonWindow domain: the rolling window of the abandon rate
 * @param inFlightRefresh real: how often the calls in flight over every node are counted again;
 *     between two counts this node's own calls move the count on at once, so only other nodes'
 *     calls are seen up to this late. A count walks the open-attempt index and its dead entries, so
 *     it is not made on every tick
 */
public record EngineSettings(
    Duration tick,
    Duration leaseFor,
    Duration renewEvery,
    Duration agentWait,
    Duration maintenance,
    Duration abandonWindow,
    Duration inFlightRefresh) {

  public static EngineSettings defaults() {
    return new EngineSettings(
        Duration.ofMillis(200),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofMinutes(15),
        Duration.ofSeconds(1));
  }
}
