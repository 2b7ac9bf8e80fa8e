package com.huifang.dialer.routing;

/**
 * Where one call of the autodialer is, from the first leg placed to the outcome recorded.
 *
 * <pre>
 * AGENT_RINGING -&gt; RINGING                 PREVIEW: the agent answered, the customer is dialled
 * RINGING -&gt; WAITING_FOR_AGENT             the customer answered (PROGRESSIVE, PREDICTIVE)
 * RINGING -&gt; CONNECTING                    the customer answered (PREVIEW: the agent is there)
 * WAITING_FOR_AGENT -&gt; CONNECTING          an idle agent was given the call
 * WAITING_FOR_AGENT -&gt; ABANDONING          nobody was free within agentWait
 * CONNECTING -&gt; WITH_AGENT                 the agent's phone answered (PREVIEW: the bridge is up)
 * CONNECTING, WITH_AGENT -&gt; WAITING_FOR_AGENT   the agent's phone did not answer
 * any -&gt; ENDED                             the customer's call is over
 * </pre>
 */
public enum CallPhase {
  /** {@code PREVIEW}: the reserved agent's phone rings; the customer has not been dialled. */
  AGENT_RINGING,
  /** The customer's phone rings. */
  RINGING,
  WAITING_FOR_AGENT,
  /** An agent is given the call and the customer is being put through: the agent's phone rings. */
  CONNECTING,
  WITH_AGENT,
  ABANDONING,
  ENDED
}
