package com.huifang.dialer.engine;

import com.huifang.dialer.agent.Agent;
import com.huifang.dialer.agent.AgentEvent;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.pacing.AbandonWindow;
import com.huifang.dialer.routing.AgentRouting;
import com.huifang.dialer.routing.AgentRouting.Step;
import com.huifang.dialer.routing.CallPhase;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent side of the autodialer's calls, on its context: in {@code PREVIEW} reserves an idle
 * agent and rings them before the customer is dialled; puts an answered customer through to an
 * agent (the reserved one, or the longest-idle of the campaign's group, else the abandon message
 * after {@code agentWait}); pauses an agent whose phone does not answer, with the reason, and then
 * either gives the attempt back untouched (the customer was not dialled yet) or offers the waiting
 * customer to another agent. The decisions are {@link AgentRouting}'s; this class carries them out.
 */
final class AgentConnector {

  private static final Logger LOG = LoggerFactory.getLogger(AgentConnector.class);

  /** How long past its ring timeout an agent's phone rung first is waited for. */
  private static final Duration RING_GRACE = Duration.ofSeconds(30);

  /** What the connector needs from the autodialer that owns the calls. */
  interface Host {
    /** Starts following {@code call} (it has a leg on the PBX now). */
    void track(LiveCall call);

    /** Stops following {@code call}: it ended without a customer leg. */
    void forget(LiveCall call);

    /** Marks the attempt dialling and dials the customer. */
    Future<Void> dialCustomer(LiveCall call);

    /** Capacity may have changed: look for work. */
    void wake();

    /** False once the autodialer is stopping: nothing is retried after that. */
    boolean running();
  }

  private final Vertx vertx;
  private final Clock clock;
  private final AgentStore agents;
  private final LeaseReturns returns;
  private final Duration agentWait;
  private final Counter abandoned;
  private final LongFunction<AbandonWindow> windows;
  private final Host host;

  AgentConnector(
      Vertx vertx,
      Clock clock,
      AgentStore agents,
      LeaseReturns returns,
      Duration agentWait,
      Counter abandoned,
      LongFunction<AbandonWindow> windows,
      Host host) {
    this.vertx = vertx;
    this.clock = clock;
    this.agents = agents;
    this.returns = returns;
    this.agentWait = agentWait;
    this.abandoned = abandoned;
    this.windows = windows;
    this.host = host;
  }

  /**
   * {@code PREVIEW}: reserves an idle agent of the campaign's group for the leased attempt (one
   * compare-and-set statement) and rings their phone; without an idle agent, or when the PBX
   * refuses, the attempt is given back untouched.
   */
  Future<Void> ringAgentFirst(LiveCall call) {
    UUID id = call.lease.attemptId();
    return agents
        .assign(call.campaign.settings().agentGroup(), id, call.lease.sellers(), clock.instant())
        .compose(
            reserved -> {
              if (reserved.isEmpty()) {
                returns.giveBack(id);
                return Future.succeededFuture();
              }
              call.phase = CallPhase.AGENT_RINGING;
              call.agent = reserved.get().extension();
              host.track(call);
              LOG.info(
                  "event=agent_rung_first attempt={} campaign={} pbx={} agent={}",
                  id,
                  call.campaign.id(),
                  call.pbx.name(),
                  call.agent);
              // a lost answer to the agent's originate (a PBX reconnect) must not hold the agent
              vertx.setTimer(
                  AgentRouting.AGENT_RING_TIMEOUT.plus(RING_GRACE).toMillis(),
                  t -> {
                    if (call.phase == CallPhase.AGENT_RINGING) {
                      LOG.warn("event=agent_ring_lost attempt={} agent={}", id, call.agent);
                      giveBack(call);
                    }
                  });
              return call.pbx
                  .ringAgent(
                      new AgentRing(
                          id,
                          call.agent,
                          AgentRouting.AGENT_RING_TIMEOUT,
                          Placer.variables(call.lease, call.campaign)))
                  .recover(
                      e -> {
                        LOG.warn(
                            "event=agent_ring_refused attempt={} pbx={} reason={}",
                            id,
                            call.pbx.name(),
                            e.getMessage());
                        giveBack(call);
                        return Future.succeededFuture();
                      });
            });
  }

  /**
   * {@code PREVIEW}: the agent's leg is lost (refused, gone from the PBX, its answer never heard)
   * or not wanted (calling hours ended): the leg hung up if still there, the agent back to idle,
   * the attempt back to the pool untouched.
   */
  void giveBack(LiveCall call) {
    UUID id = call.lease.attemptId();
    call.pbx.dropAgent(id);
    host.forget(call);
    call.phase = CallPhase.ENDED;
    releaseAgent(call.agent, id);
    returns.giveBack(id);
  }

  /**
   * The agent's phone answered: in {@code PREVIEW} the customer is dialled now; for a waiting
   * customer the agent is talking to them now.
   */
  void agentAnswered(LiveCall call) {
    switch (AgentRouting.agentAnswered(call.phase)) {
      case Step.DialCustomer d -> {
        call.phase = CallPhase.RINGING;
        host.dialCustomer(call);
      }
      case Step.Connected c -> connected(call);
      case Step.PutThroughToReservedAgent p -> {}
      case Step.FindAgent f -> {}
      case Step.ReleaseAttempt r -> {}
      case Step.FindAnotherAgent f -> {}
      case Step.Ignore i -> {}
    }
  }

  private void connected(LiveCall call) {
    call.phase = CallPhase.WITH_AGENT;
    windows.apply(call.campaign.id()).connected(clock.instant());
  }

  /** The customer answered (the autodialer checked the phase): route by {@code step}. */
  void customerAnswered(LiveCall call, Step step) {
    call.phase = CallPhase.WAITING_FOR_AGENT;
    call.waitStartedNanos = System.nanoTime();
    switch (step) {
      case Step.PutThroughToReservedAgent p -> putThrough(call, call.agent);
      case Step.FindAgent f -> findAgent(call);
      case Step.DialCustomer d -> {}
      case Step.Connected c -> {}
      case Step.ReleaseAttempt r -> {}
      case Step.FindAnotherAgent f -> {}
      case Step.Ignore i -> {}
    }
  }

  /** The agent's phone ended without answering. */
  void agentUnreachable(LiveCall call, String dialStatus) {
    UUID id = call.lease.attemptId();
    String agent = call.agent;
    switch (AgentRouting.agentUnreachable(call.phase, dialStatus)) {
      case Step.ReleaseAttempt r -> {
        host.forget(call);
        call.phase = CallPhase.ENDED;
        pause(agent, id, r.reason());
        LOG.info("event=preview_released attempt={} agent={}", id, agent);
        returns.giveBack(id);
      }
      case Step.FindAnotherAgent f -> {
        pause(agent, id, f.reason());
        call.agent = null;
        call.phase = CallPhase.WAITING_FOR_AGENT;
        findAgent(call);
      }
      case Step.DialCustomer d -> {}
      case Step.Connected c -> {}
      case Step.PutThroughToReservedAgent p -> {}
      case Step.FindAgent f -> {}
      case Step.Ignore i -> {}
    }
  }

  /**
   * The customer's call ended in {@code phase}: an agent who never talked to the customer goes
   * straight back to idle. Returns the agent who did talk (to enter wrap-up), or null.
   */
  String afterCall(LiveCall call, CallPhase phase) {
    String agent = call.agent;
    return switch (AgentRouting.agentAfter(phase, agent != null)) {
      case WRAP_UP -> agent;
      case IDLE -> {
        releaseAgent(agent, call.lease.attemptId());
        call.agent = null;
        yield null;
      }
      case NONE -> null;
    };
  }

  private void findAgent(LiveCall call) {
    if (call.phase != CallPhase.WAITING_FOR_AGENT) {
      return;
    }
    UUID id = call.lease.attemptId();
    agents
        .assign(call.campaign.settings().agentGroup(), id, call.lease.sellers(), clock.instant())
        .onComplete(
            r -> {
              Optional<Agent> given = r.succeeded() ? r.result() : Optional.empty();
              if (call.phase != CallPhase.WAITING_FOR_AGENT) {
                // the customer hung up meanwhile: the agent goes straight back to idle
                given.ifPresent(a -> releaseAgent(a.extension(), id));
                return;
              }
              if (given.isPresent()) {
                putThrough(call, given.get().extension());
                return;
              }
              Duration waited = Duration.ofNanos(System.nanoTime() - call.waitStartedNanos);
              if (AgentRouting.abandonNow(waited, agentWait)) {
                call.phase = CallPhase.ABANDONING;
                abandoned.increment();
                windows.apply(call.campaign.id()).abandoned(clock.instant());
                call.pbx
                    .abandon(id)
                    .onFailure(
                        e ->
                            LOG.warn(
                                "event=abandon_failed attempt={} reason={}", id, e.getMessage()));
                return;
              }
              vertx.setTimer(
                  Math.max(1, Math.min(100, agentWait.toMillis() / 10)), t -> findAgent(call));
            });
  }

  private void putThrough(LiveCall call, String agent) {
    UUID id = call.lease.attemptId();
    call.phase = CallPhase.CONNECTING;
    call.agent = agent;
    call.pbx
        .connect(id, agent)
        .onComplete(
            r -> {
              if (call.phase != CallPhase.CONNECTING || !agent.equals(call.agent)) {
                return; // ended or moved on meanwhile; whoever moved it took care of the agent
              }
              if (r.succeeded()) {
                if (call.agentFirst()) {
                  connected(call); // bridged to the agent already on the line
                }
                return; // otherwise the agent's phone rings: connected once it answers
              }
              LOG.warn(
                  "event=agent_connect_failed attempt={} agent={} reason={}",
                  id,
                  agent,
                  r.cause().getMessage());
              // the customer's channel is gone (hung up while being put through): the agent is
              // free again, and the call's end will be recorded as an early hang-up
              releaseAgent(agent, id);
              call.agent = null;
              call.phase = CallPhase.WAITING_FOR_AGENT;
              if (call.agentFirst()) {
                // or the agent rung first hung up while the customer rang: the customer is still
                // there and gets another agent, or the apology, not silence
                findAgent(call);
              }
            });
  }

  /** The agent reserved for an attempt that was never dialled (found at start-up), back to idle. */
  Future<Void> freeAgentOf(UUID attemptId) {
    return agents
        .onAttempt(attemptId)
        .map(
            agent -> {
              agent.ifPresent(a -> releaseAgent(a.extension(), attemptId));
              return null;
            });
  }

  /** An agent given a call they never talked on goes straight back to idle. */
  void releaseAgent(String agent, UUID attemptId) {
    write(
        agent,
        attemptId,
        List.of(new AgentEvent.CallEnded(attemptId), new AgentEvent.SummarySubmitted(attemptId)),
        r -> host.wake());
  }

  /**
   * Applies {@code events} to the agent in turn, as a {@link MustLand} write. (A step is refused,
   * not failed, once the agent has moved on, so a try after a half-written change is harmless.)
   */
  private void write(
      String agent,
      UUID attemptId,
      List<AgentEvent> events,
      Handler<AsyncResult<AgentStore.Change>> done) {
    MustLand.write(
        vertx,
        () -> {
          Future<AgentStore.Change> chain = Future.succeededFuture();
          for (AgentEvent e : events) {
            chain = chain.compose(c -> agents.apply(agent, e, clock.instant()));
          }
          return chain;
        },
        host::running,
        e ->
            LOG.warn(
                "event=agent_write_retrying agent={} attempt={} reason={}",
                agent,
                attemptId,
                e.getMessage()),
        r -> {
          if (r.failed()) {
            LOG.error("event=agent_not_written agent={} attempt={}", agent, attemptId);
          }
          done.handle(r);
        });
  }

  private void pause(String agent, UUID attemptId, String reason) {
    write(
        agent,
        attemptId,
        List.of(new AgentEvent.AgentUnreachable(attemptId, reason)),
        r -> {
          LOG.warn(
              "event=agent_paused agent={} attempt={} reason={} result={}",
              agent,
              attemptId,
              reason,
              r.succeeded() ? r.result().getClass().getSimpleName() : r.cause().getMessage());
          host.wake();
        });
  }
}
