package com.huifang.dialer.engine;

import io.vertx.core.Future;
import java.util.Set;
import java.util.UUID;

/**
 * One PBX as the autodialer uses it, whatever the protocol (AMI or ARI): place a customer call
 * under the attempt's id, put the answered customer through to an agent or to the abandon message,
 * record, and tell what became of each call through a {@link CallListener}.
 */
public interface PbxPort {

  String name();

  /** Connected and logged in: new calls may be placed. */
  boolean available();

  /** The most calls this PBX may carry at once (config {@code maxChannels}). */
  int maxChannels();

  /** Receives what happens to the calls placed here; set once before the first dial. */
  void listen(CallListener listener);

  /** Originates the customer call; succeeds when the PBX has accepted it. */
  Future<Void> dial(DialRequest request);

  /**
   * {@code PREVIEW}: rings the agent's extension first, with the attempt's variables. The listener
   * hears {@link CallListener#agentAnswered} or {@link CallListener#agentUnreachable}. The answered
   * agent waits on the PBX while the customer is dialled ({@link #dial}) and is then connected with
   * {@link #connect}; when the customer's call ends before that, the agent's leg is hung up.
   */
  Future<Void> ringAgent(AgentRing request);

  /**
   * {@code PREVIEW}: hangs up the agent's leg {@link #ringAgent} rang for {@code attemptId} when
   * the customer will not be dialled after all (calling hours ended meanwhile, or the leg's answer
   * was never heard); nothing when there is none. Never fails (a leg already gone is what was
   * wanted); the listener hears nothing more of that leg.
   */
  Future<Void> dropAgent(UUID attemptId);

  /**
   * Bridges the answered customer of {@code attemptId} to the agent: to the agent's leg already up
   * when {@link #ringAgent} rang it for this attempt, otherwise by dialling the agent's extension:
   * its answer is reported as {@link CallListener#agentAnswered}; a phone that does not answer as
   * {@link CallListener#agentUnreachable}, and the customer stays up, waiting to be connected again
   * or sent to the abandon message.
   */
  Future<Void> connect(UUID attemptId, String extension);

  /** Plays the short apology to the answered customer and hangs up (no agent was free). */
  Future<Void> abandon(UUID attemptId);

  /** Starts recording the call of {@code attemptId} into {@code file} (relative name). */
  Future<Void> record(UUID attemptId, String file);

  /** The attempts with a call still up on the PBX, for reconciliation. */
  Future<Set<UUID>> liveAttempts();
}
