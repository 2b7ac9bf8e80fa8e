package com.huifang.dialer.engine;

import com.huifang.dialer.agent.AgentEvent;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.routing.AgentRouting;
import com.huifang.dialer.routing.CallPhase;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CallReport;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the autodialer does with what its PBXs report, on its context: an answered customer is put
 * through to an agent (see {@link AgentConnector}) and recorded when the campaign records; an ended
 * call's outcome is recorded with the scheduler (and kept and retried while the database is away)
 * before its agent enters wrap-up; after a PBX reconnect, calls it no longer has are over.
 */
final class CallEvents implements CallListener {

  private static final Logger LOG = LoggerFactory.getLogger(CallEvents.class);

  private final Vertx vertx;
  private final Context context;
  private final Clock clock;
  private final AttemptStore attempts;
  private final AgentStore agents;
  private final Autodialer.RecordingHook recordings;
  private final AgentConnector connector;
  private final LiveCalls calls;
  private final CampaignPacing pacing;
  private final Counter answeredCalls;
  private final BooleanSupplier running;
  private final Runnable wake;

  /**
   * @param running whether the autodialer still runs (an outcome is retried only while it does)
   * @param wake looks for work: a recorded outcome may have freed capacity
   */
  CallEvents(
      Vertx vertx,
      Context context,
      Clock clock,
      AttemptStore attempts,
      AgentStore agents,
      Autodialer.RecordingHook recordings,
      AgentConnector connector,
      LiveCalls calls,
      CampaignPacing pacing,
      Counter answeredCalls,
      BooleanSupplier running,
      Runnable wake) {
    this.vertx = vertx;
    this.context = context;
    this.clock = clock;
    this.attempts = attempts;
    this.agents = agents;
    this.recordings = recordings;
    this.connector = connector;
    this.calls = calls;
    this.pacing = pacing;
    this.answeredCalls = answeredCalls;
    this.running = running;
    this.wake = wake;
  }

  @Override
  public void answered(UUID attemptId, Instant at) {
    context.runOnContext(
        v -> {
          LiveCall call = calls.get(attemptId);
          if (call == null) {
            return;
          }
          AgentRouting.Step step = AgentRouting.customerAnswered(call.phase, call.agentFirst());
          if (step instanceof AgentRouting.Step.Ignore) {
            return;
          }
          call.answeredAt = at;
          answeredCalls.increment();
          startRecording(call);
          connector.customerAnswered(call, step);
        });
  }

  @Override
  public void agentAnswered(UUID attemptId, Instant at) {
    context.runOnContext(
        v -> {
          LiveCall call = calls.get(attemptId);
          if (call != null) {
            connector.agentAnswered(call);
          }
        });
  }

  @Override
  public void agentUnreachable(UUID attemptId, String dialStatus) {
    context.runOnContext(
        v -> {
          LiveCall call = calls.get(attemptId);
          if (call != null) {
            connector.agentUnreachable(call, dialStatus);
          }
        });
  }

  private void startRecording(LiveCall call) {
    recordings
        .open(call.lease, call.campaign, call.pbx.name(), clock.instant())
        .compose(file -> call.pbx.record(call.lease.attemptId(), file))
        .onFailure(
            e -> {
              recordings.notStarted(call.lease.attemptId());
              if (call.phase == CallPhase.ENDED) {
                return; // the customer hung up before the recording could start
              }
              LOG.warn(
                  "event=recording_not_started attempt={} pbx={} reason={}",
                  call.lease.attemptId(),
                  call.pbx.name(),
                  e.getMessage());
            });
  }

  @Override
  public void ended(CallEnd end) {
    context.runOnContext(
        v -> {
          LiveCall call = calls.remove(end.attemptId());
          if (call == null) {
            // not ours (another node's, or already settled): the PBX's word still settles it
            attempts
                .complete(end.attemptId(), report(end, null, null, null), clock.instant())
                .onFailure(
                    e -> LOG.warn("event=late_outcome_failed attempt={}", end.attemptId(), e));
            return;
          }
          CallPhase phase = call.phase;
          call.phase = CallPhase.ENDED;
          Outcome outcome = AgentRouting.outcome(phase, end.outcome());
          String agent = connector.afterCall(call, phase);
          if (phase == CallPhase.RINGING && outcome != Outcome.EARLY_HANGUP) {
            pacing.window(call.campaign.id()).unanswered(end.endedAt());
          }
          if (call.answeredAt != null) {
            recordings.close(end.attemptId(), agent, end.endedAt());
          }
          CallEnd effective =
              new CallEnd(
                  end.attemptId(),
                  outcome,
                  end.cause(),
                  end.dialStatus(),
                  end.answeredAt() != null ? end.answeredAt() : call.answeredAt,
                  end.endedAt());
          // the outcome is recorded before the agent enters wrap-up, so a summary sent at once
          // finds the task waiting for it
          record(
              end.attemptId(),
              report(effective, call.dialedAt, call.pbx.name(), agent),
              agent,
              outcome,
              end.cause());
        });
  }

  /**
   * Records an outcome, then moves the agent to wrap-up (so a summary sent at once finds the task
   * waiting for it). While the database is away the write is retried with back-off: the outcome the
   * PBX gave is kept, not lost and not guessed.
   */
  private void record(
      UUID attemptId, CallReport report, String agent, Outcome outcome, Integer cause) {
    MustLand.write(
        vertx,
        () ->
            attempts
                .complete(attemptId, report, clock.instant())
                .compose(
                    recorded ->
                        agent == null
                            ? Future.succeededFuture(recorded)
                            : agents
                                .apply(agent, new AgentEvent.CallEnded(attemptId), clock.instant())
                                .map(recorded)),
        running,
        e ->
            LOG.warn(
                "event=outcome_record_retrying attempt={} reason={}", attemptId, e.getMessage()),
        r -> {
          if (r.succeeded()) {
            LOG.info(
                "event=call_ended attempt={} outcome={} cause={} agent={}",
                attemptId,
                outcome,
                cause,
                agent);
            wake.run();
          } else {
            LOG.error("event=outcome_not_recorded attempt={}", attemptId, r.cause());
          }
        });
  }

  private static CallReport report(CallEnd end, Instant dialedAt, String pbx, String agent) {
    return new CallReport(
        end.outcome(),
        end.cause(),
        end.dialStatus(),
        pbx,
        agent,
        dialedAt,
        end.answeredAt(),
        end.endedAt());
  }

  @Override
  public void reconnected(PbxPort pbx) {
    context.runOnContext(v -> reconcile(pbx));
  }

  /** After a PBX reconnect: calls of ours it no longer has are over and their outcome is lost. */
  private void reconcile(PbxPort pbx) {
    pbx.liveAttempts()
        .onSuccess(
            live -> {
              for (LiveCall call : calls.all()) {
                if (call.pbx != pbx || live.contains(call.lease.attemptId())) {
                  continue;
                }
                if (call.phase == CallPhase.AGENT_RINGING) {
                  connector.giveBack(call); // the agent's leg is gone: the customer was not dialled
                } else {
                  ended(
                      new CallEnd(
                          call.lease.attemptId(),
                          Outcome.UNKNOWN,
                          null,
                          null,
                          call.answeredAt,
                          clock.instant()));
                }
              }
            })
        .onFailure(
            e -> LOG.warn("event=reconcile_failed pbx={} reason={}", pbx.name(), e.getMessage()));
  }
}
