package com.huifang.dialer.engine;

import java.time.Instant;
import java.util.UUID;

/** What a {@link PbxPort} reports about the calls placed through it, on the dialer's context. */
public interface CallListener {

  /** The customer answered. */
  void answered(UUID attemptId, Instant at);

  /**
   * The agent's phone answered: rung first by {@link PbxPort#ringAgent} ({@code PREVIEW}: the
   * customer may be dialled now), or dialled by {@link PbxPort#connect} (the customer and the agent
   * are talking now).
   */
  void agentAnswered(UUID attemptId, Instant at);

  /**
   * The agent's phone, rung by {@link PbxPort#ringAgent} or dialled by {@link PbxPort#connect},
   * ended without answering.
   *
   * @param dialStatus what the PBX said: NOANSWER, BUSY, CHANUNAVAIL, CONGESTION, …
   */
  void agentUnreachable(UUID attemptId, String dialStatus);

  /** The call is over: every leg hung up and the PBX's answer to the originate is in. */
  void ended(CallEnd end);

  /** The PBX connection came back: calls in flight there must be reconciled. */
  void reconnected(PbxPort pbx);
}
