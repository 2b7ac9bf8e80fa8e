package com.huifang.scheduler.task;

import java.time.Duration;

/** Kinds of callback campaign, with the attempt budget of domain.md ("What gets called"). */
public enum CampaignKind {
  /** 新契约一、二次回访: every policy with a term over one year. */
  NEW_CONTRACT(4, Duration.ofHours(6)),
  /** 投保、理赔满意度. */
  SATISFACTION(3, Duration.ofHours(6)),
  /** 抽检回访. */
  SPOT_CHECK(4, Duration.ofHours(6)),
  /** 续期催缴: passes and interval are set per campaign; these are only the defaults. */
  RENEWAL(3, Duration.ofDays(2));

  private final int defaultPasses;
  private final Duration defaultPassInterval;

  CampaignKind(int defaultPasses, Duration defaultPassInterval) {
    this.defaultPasses = defaultPasses;
    this.defaultPassInterval = defaultPassInterval;
  }

  public int defaultPasses() {
    return defaultPasses;
  }

  public Duration defaultPassInterval() {
    return defaultPassInterval;
  }
}
