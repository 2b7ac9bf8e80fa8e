package com.huifang.scheduler.campaign;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored campaign.
 *
 * @param version bumped by every change, so a node can tell a stale cached copy
 */
public record Campaign(
    long id, CampaignState state, CampaignSettings settings, long version, Instant createdAt) {

  public Campaign {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
