package com.huifang.scheduler.campaign;

/** How a campaign paces its dialling (api.md {@code pacing.mode}). */
public enum PacingMode {
  /** The agent is rung first, then the customer: never abandons, slowest. */
  PREVIEW,
  /** One customer call per idle agent. */
  PROGRESSIVE,
  /** Several customer calls per idle agent, the ratio following the measured answer rate. */
  PREDICTIVE
}
