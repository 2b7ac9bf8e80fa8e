package com.huifang.dialer.pacing;

import com.huifang.scheduler.campaign.PacingMode;

/**
 * How many new customer calls a campaign may start now: the pacing's wish (idle agents × ratio,
 * less the calls already ringing), bounded by the PBX's free channels and the campaign's own limit.
 * A {@code PREVIEW} call holds two channels (agent first, then customer).
 *
 * @param idleAgents agents of the campaign's group who are idle and not offered a call
 * @param ringing customer calls of the campaign dialled but not yet answered or ended
 * @param campaignChannelsInUse channels the campaign holds now (ringing and talking, both legs)
 * @param campaignMaxChannels the campaign's {@code maxChannels}
 * @param freePbxChannels channels free on the PBXs the campaign may use
 */
public record DialCapacity(
    int idleAgents,
    int ringing,
    int campaignChannelsInUse,
    int campaignMaxChannels,
    int freePbxChannels) {

  public DialCapacity {
    if (idleAgents < 0
        || ringing < 0
        || campaignChannelsInUse < 0
        || campaignMaxChannels < 0
        || freePbxChannels < 0) {
      throw new IllegalArgumentException("capacity figures cannot be negative: " + this);
    }
  }

  /** New calls to start under {@code mode} at {@code ratio}; never negative. */
  public int callsToStart(PacingMode mode, double ratio) {
    int wanted =
        switch (mode) {
          case PREVIEW, PROGRESSIVE -> idleAgents - ringing;
          case PREDICTIVE -> (int) Math.floor(idleAgents * ratio + 1e-9) - ringing;
        };
    int channelsPerCall = mode == PacingMode.PREVIEW ? 2 : 1;
    int byCampaign = (campaignMaxChannels - campaignChannelsInUse) / channelsPerCall;
    int byPbx = freePbxChannels / channelsPerCall;
    return Math.max(0, Math.min(wanted, Math.min(byCampaign, byPbx)));
  }
}
