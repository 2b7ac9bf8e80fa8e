package com.huifang.dialer.engine;

import com.huifang.dialer.routing.CallPhase;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.PacingMode;
import com.huifang.scheduler.store.LeasedCall;
import java.time.Instant;

/** A call this node placed and has not seen end; only touched on the autodialer's context. */
final class LiveCall {
  final LeasedCall lease;
  final Campaign campaign;
  final PbxPort pbx;
  CallPhase phase;
  Instant dialedAt;
  Instant answeredAt;
  String agent;
  long waitStartedNanos;

  LiveCall(LeasedCall lease, Campaign campaign, PbxPort pbx, CallPhase phase, Instant dialedAt) {
    this.lease = lease;
    this.campaign = campaign;
    this.pbx = pbx;
    this.phase = phase;
    this.dialedAt = dialedAt;
  }

  /** {@code PREVIEW}: the agent was reserved and rung before the customer. */
  boolean agentFirst() {
    return campaign.settings().pacing().mode() == PacingMode.PREVIEW;
  }
}
