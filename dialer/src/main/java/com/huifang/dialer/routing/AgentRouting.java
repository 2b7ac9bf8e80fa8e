package com.huifang.dialer.routing;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.util.Objects;

/**
 * What the autodialer does next with a call when the customer answers, when an agent's phone
 * answers or fails, and what the call's outcome and the agent's next state are when it ends. Pure:
 * phases and durations in, decisions out.
 *
 * <p>{@code PREVIEW}: the agent is reserved and rung first; only when they answer is the customer
 * dialled, and an answered customer goes straight to that agent, so nobody is abandoned. An agent
 * whose phone does not answer is paused, and the attempt goes back untouched (never dialled). In
 * the other modes an answered customer whose agent's phone does not answer is offered to another
 * idle agent within what is left of {@code agentWait}, else sent to the abandon message.
 */
public final class AgentRouting {

  /** How long an agent's phone rings before the agent counts as absent (about four rings). */
  public static final Duration AGENT_RING_TIMEOUT = Duration.ofSeconds(20);

  /** What to do next. */
  public sealed interface Step {

    /** {@code PREVIEW}: the agent is on the line: mark the attempt dialling, dial the customer. */
    record DialCustomer() implements Step {}

    /** {@code PREVIEW}: put the answered customer through to the agent already on the line. */
    record PutThroughToReservedAgent() implements Step {}

    /** The agent's phone dialled for the waiting customer answered: they are talking now. */
    record Connected() implements Step {}

    /** Look for an idle agent for the answered customer. */
    record FindAgent() implements Step {}

    /**
     * The agent's phone failed before the customer was dialled: pause the agent with {@code
     * reason}, give the attempt back untouched (not a dial, the task back to the pool).
     */
    record ReleaseAttempt(String reason) implements Step {
      public ReleaseAttempt {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /** The agent's phone failed with the customer waiting: pause the agent, find another one. */
    record FindAnotherAgent(String reason) implements Step {
      public FindAnotherAgent {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /** The event comes too late for the call's phase (it moved on, or ended): nothing to do. */
    record Ignore() implements Step {}
  }

  /** What becomes of the agent of a call that ended. */
  public enum AgentAfterCall {
    /** No agent was on the call. */
    NONE,
    /** The agent talked to the customer: wrap-up, until the call summary. */
    WRAP_UP,
    /** The agent was given the call but never talked to the customer: straight back to idle. */
    IDLE
  }

  private AgentRouting() {}

  /** The customer answered; {@code agentReserved} when the agent was rung first (PREVIEW). */
  public static Step customerAnswered(CallPhase phase, boolean agentReserved) {
    if (phase != CallPhase.RINGING) {
      return new Step.Ignore();
    }
    return agentReserved ? new Step.PutThroughToReservedAgent() : new Step.FindAgent();
  }

  /**
   * The agent's phone answered: the one rung first ({@code PREVIEW}, the customer is dialled now),
   * or the one dialled for the answered customer (they are talking now).
   */
  public static Step agentAnswered(CallPhase phase) {
    return switch (phase) {
      case AGENT_RINGING -> new Step.DialCustomer();
      case CONNECTING -> new Step.Connected();
      case RINGING, WAITING_FOR_AGENT, WITH_AGENT, ABANDONING, ENDED -> new Step.Ignore();
    };
  }

  /** The agent's phone ended without answering, with the PBX's {@code dialStatus}. */
  public static Step agentUnreachable(CallPhase phase, String dialStatus) {
    String reason = "phone did not answer (" + dialStatus + ")";
    return switch (phase) {
      case AGENT_RINGING -> new Step.ReleaseAttempt(reason);
      case CONNECTING, WITH_AGENT -> new Step.FindAnotherAgent(reason);
      case RINGING, WAITING_FOR_AGENT, ABANDONING, ENDED -> new Step.Ignore();
    };
  }

  /** No idle agent yet for a waiting customer: abandon once {@code agentWait} is used up. */
  public static boolean abandonNow(Duration waited, Duration agentWait) {
    return waited.compareTo(agentWait) >= 0;
  }

  /** The outcome to record for a customer call that ended in {@code phase}. */
  public static Outcome outcome(CallPhase phase, Outcome pbxSays) {
    return switch (phase) {
      case AGENT_RINGING, ENDED -> pbxSays;
      case RINGING -> pbxSays == Outcome.ANSWERED ? Outcome.EARLY_HANGUP : pbxSays;
      case WAITING_FOR_AGENT, CONNECTING -> Outcome.EARLY_HANGUP;
      case ABANDONING -> Outcome.ABANDONED;
      case WITH_AGENT -> Outcome.ANSWERED;
    };
  }

  /** The agent of a call that ended in {@code phase}, given one ({@code hasAgent}). */
  public static AgentAfterCall agentAfter(CallPhase phase, boolean hasAgent) {
    if (!hasAgent) {
      return AgentAfterCall.NONE;
    }
    return phase == CallPhase.WITH_AGENT ? AgentAfterCall.WRAP_UP : AgentAfterCall.IDLE;
  }
}
