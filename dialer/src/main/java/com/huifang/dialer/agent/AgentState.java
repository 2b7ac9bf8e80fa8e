package com.huifang.dialer.agent;

/** An agent's state (api.md Agents). The dialer sets ON_CALL and WRAP_UP itself. */
public enum AgentState {
  /** 示闲: ready for the next customer. */
  IDLE,
  /** A customer call is routed to this agent's extension, ringing or talking. */
  ON_CALL,
  /** 示忙 after a call, until the call summary or the wrap-up timeout. */
  WRAP_UP,
  /** At the desk, taking no calls. */
  PAUSED,
  /** Not at the desk. */
  OFFLINE
}
