package com.huifang.scheduler.campaign;

/** A supervisor's command on a running campaign (api.md {@code /pause}, {@code /resume}, ...). */
public enum ControlAction {
  PAUSE(CampaignState.PAUSED),
  RESUME(CampaignState.RUNNING),
  STOP(CampaignState.STOPPED);

  private final CampaignState target;

  ControlAction(CampaignState target) {
    this.target = target;
  }

  /** The state the campaign is in afterwards. */
  public CampaignState target() {
    return target;
  }

  /** Whether the action may be taken from {@code from}; a stopped campaign stays stopped. */
  public boolean allowedFrom(CampaignState from) {
    return from != CampaignState.STOPPED;
  }
}
