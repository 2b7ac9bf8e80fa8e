package com.huifang.scheduler.campaign;

/** Whether a campaign's tasks are handed out (api.md: pause, resume, stop). */
public enum CampaignState {
  /** Tasks are handed out to the dialers. */
  RUNNING,
  /** Nothing new is dialled; calls in flight finish; resumable. */
  PAUSED,
  /** Ended by a supervisor: nothing is dialled again; unsettled tasks are cancelled. */
  STOPPED
}
