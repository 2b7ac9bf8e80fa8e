package com.huifang.scheduler.campaign;

import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.window.AppointmentRule;
import com.huifang.scheduler.window.CallingHours;
import com.huifang.scheduler.window.DialWindow;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A campaign's settings (api.md {@code POST /api/campaigns}), with domain.md's defaults by kind.
 *
 * @param timezone the customers' default IANA zone; calling hours and days are theirs
 * @param ringTimeout how long a number may ring: 7 rings, about 30 s (domain.md), never under 20 s
 * @param dailyCap passes of one task per local day
 * @param maxChannels the most PBX channels the campaign may hold at once
 * @param agentGroup the agents who take this campaign's calls
 */
public record CampaignSettings(
    String name,
    CampaignKind kind,
    ZoneId timezone,
    CallingHours callingHours,
    int maxPasses,
    Duration passInterval,
    Duration ringTimeout,
    int dailyCap,
    PacingSpec pacing,
    int maxChannels,
    String agentGroup) {

  public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("Asia/Shanghai");
  public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MIN_RING_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration MAX_RING_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_CHANNELS = 30;
  public static final String DEFAULT_AGENT_GROUP = "default";
  public static final int MAX_PASSES = 20;

  public CampaignSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(callingHours, "callingHours");
    Objects.requireNonNull(passInterval, "passInterval");
    Objects.requireNonNull(ringTimeout, "ringTimeout");
    Objects.requireNonNull(pacing, "pacing");
    Objects.requireNonNull(agentGroup, "agentGroup");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (maxPasses < 1 || maxPasses > MAX_PASSES) {
      throw new IllegalArgumentException("maxPasses must be between 1 and " + MAX_PASSES);
    }
    if (passInterval.isNegative() || passInterval.isZero()) {
      throw new IllegalArgumentException("passInterval must be positive");
    }
    if (ringTimeout.compareTo(MIN_RING_TIMEOUT) < 0
        || ringTimeout.compareTo(MAX_RING_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "ringTimeout must be between " + MIN_RING_TIMEOUT + " and " + MAX_RING_TIMEOUT);
    }
    if (dailyCap < 1 || dailyCap > 12) {
      throw new IllegalArgumentException("dailyCap must be between 1 and 12");
    }
    if (maxChannels < 1 || maxChannels > 10_000) {
      throw new IllegalArgumentException("maxChannels must be between 1 and 10000");
    }
    if (agentGroup.isBlank()) {
      throw new IllegalArgumentException("agentGroup must not be blank");
    }
  }

  /** domain.md's settings for a kind of campaign. */
  public static CampaignSettings defaults(String name, CampaignKind kind) {
    return new CampaignSettings(
        name,
        kind,
        DEFAULT_TIMEZONE,
        CallingHours.DEFAULT,
        kind.defaultPasses(),
        kind.defaultPassInterval(),
        DEFAULT_RING_TIMEOUT,
        DialWindow.DEFAULT_DAILY_CAP,
        PacingSpec.DEFAULT,
        DEFAULT_MAX_CHANNELS,
        DEFAULT_AGENT_GROUP);
  }

  /** The rules that decide when this campaign's tasks are due, given the holiday calendar. */
  public CampaignRules rules(HolidayCalendar holidays) {
    return new CampaignRules(
        kind,
        maxPasses,
        passInterval,
        new DialWindow(callingHours, holidays, dailyCap, DialWindow.DEFAULT_SLOT),
        AppointmentRule.DEFAULT);
  }
}
