package com.huifang.dialer.engine;

import com.huifang.dialer.agent.AgentState;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.LeasedCall;
import com.huifang.scheduler.window.HolidayCalendar;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running autodialer of one node. For every running campaign it works out how many customer
 * calls to start (idle agents, pacing, channel limits, all read from the shared database so several
 * nodes agree), leases that many due attempts and places them ({@link Placer}), puts each answered
 * customer through to the longest-idle agent of the campaign's group (or plays the apology after
 * {@code agentWait}: {@code ABANDONED}), and records every outcome with the scheduler ({@link
 * CallEvents}); in {@code PREVIEW} the agent is reserved and rung first, and the customer dialled
 * only once the agent answered (see {@link AgentConnector}). It never dials outside the campaign's
 * calling hours, marks an attempt as dialling before the originate leaves, renews its leases while
 * calls go on, and reconciles calls the PBX lost track of ({@link Recovery}).
 *
 * <p>All state lives on one Vert.x context; PBX callbacks hop onto it.
 */
public final class Autodialer {

  private static final Logger LOG = LoggerFactory.getLogger(Autodialer.class);

  private final Vertx vertx;
  private final Context context;
  private final Clock clock;
  private final String node;
  private final CampaignStore campaigns;
  private final AttemptStore attempts;
  private final AgentStore agents;
  private final Capacity capacity;
  private final List<PbxPort> pbxs;
  private final EngineSettings settings;

  private final Recovery recovery;
  private final CallEvents events;
  private final Placer placer;
  private final LiveCalls calls;
  private final CampaignPacing pacing;
  private final Map<Long, Campaign> running = new LinkedHashMap<>();
  private final Map<AgentState, AtomicInteger> agentGauges = new EnumMap<>(AgentState.class);

  private boolean ticking;
  private boolean tickAgain;
  private long tickTimer = -1;
  private long maintenanceTimer = -1;
  private long renewTimer = -1;
  private boolean stopped;

  /** What starting a recording needs from the recording side; see {@code recording}. */
  public interface RecordingHook {
    /** Writes the reference row, then returns the file name the PBX should record into. */
    Future<String> open(LeasedCall call, Campaign campaign, String pbx, Instant now);

    /** The PBX did not begin recording the call: it refused, or the call was gone first. */
    void notStarted(UUID attemptId);

    /** The call ended: complete the reference from the file. */
    void close(UUID attemptId, String agent, Instant endedAt);
  }

  public Autodialer(
      Vertx vertx,
      Clock clock,
      String node,
      CampaignStore campaigns,
      AttemptStore attempts,
      AgentStore agents,
      Capacity capacity,
      List<PbxPort> pbxs,
      HolidayCalendar holidays,
      EngineSettings settings,
      RecordingHook recordings,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.clock = clock;
    this.node = node;
    this.campaigns = campaigns;
    this.attempts = attempts;
    this.agents = agents;
    this.capacity = capacity;
    this.pbxs = List.copyOf(pbxs);
    this.settings = settings;
    for (AgentState s : AgentState.values()) {
      AtomicInteger n = new AtomicInteger();
      agentGauges.put(s, n);
      Gauge.builder("dialer_agents", n, AtomicInteger::get)
          .tags(Tags.of("state", s.name()))
          .register(registry);
    }
    this.calls = new LiveCalls(this.pbxs, registry);
    this.pacing = new CampaignPacing(settings.abandonWindow());
    Gauge.builder("dialer_abandon_rate", this, Autodialer::worstAbandonRate).register(registry);
    LeaseReturns returns =
        new LeaseReturns(vertx, clock, node, attempts, () -> !stopped, this::wake);
    AgentConnector connector =
        new AgentConnector(
            vertx,
            clock,
            agents,
            returns,
            settings.agentWait(),
            registry.counter("dialer_abandoned_total"),
            pacing::window,
            new AgentConnector.Host() {
              @Override
              public void track(LiveCall call) {
                calls.track(call);
              }

              @Override
              public void forget(LiveCall call) {
                calls.forget(call);
              }

              @Override
              public Future<Void> dialCustomer(LiveCall call) {
                return Autodialer.this.placer.dialCustomer(call);
              }

              @Override
              public void wake() {
                Autodialer.this.wake();
              }

              @Override
              public boolean running() {
                return !stopped;
              }
            });
    this.recovery = new Recovery(clock, node, attempts, this.pbxs, connector);
    this.events =
        new CallEvents(
            vertx,
            context,
            clock,
            attempts,
            agents,
            recordings,
            connector,
            calls,
            pacing,
            registry.counter("dialer_answered_total"),
            () -> !stopped,
            this::wake);
    this.placer =
        new Placer(
            clock, node, attempts, this.pbxs, holidays, settings, calls, pacing, connector, returns,
            events, registry);
    for (PbxPort p : pbxs) {
      p.listen(events);
    }
  }

  /** Recovers what this node left open, then starts ticking. */
  public Future<Void> start() {
    Promise0 started = new Promise0();
    context.runOnContext(
        v ->
            recovery
                .recover()
                .onComplete(
                    r -> {
                      if (r.failed()) {
                        LOG.warn("event=recovery_failed node={}", node, r.cause());
                      }
                      tickTimer = vertx.setPeriodic(settings.tick().toMillis(), t -> wake());
                      maintenanceTimer =
                          vertx.setPeriodic(settings.maintenance().toMillis(), t -> maintain());
                      renewTimer =
                          vertx.setPeriodic(settings.renewEvery().toMillis(), t -> renew());
                      refreshCampaigns().onComplete(x -> wake());
                      started.complete();
                    }));
    return started.future();
  }

  /** A tiny promise that completes on this context. */
  private final class Promise0 {
    private final io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();

    void complete() {
      p.tryComplete();
    }

    Future<Void> future() {
      return p.future();
    }
  }

  /** Stops placing calls; calls in flight are left to finish and their leases to expire. */
  public Future<Void> stop() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(
        v -> {
          stopped = true;
          for (long t : new long[] {tickTimer, maintenanceTimer, renewTimer}) {
            if (t >= 0) {
              vertx.cancelTimer(t);
            }
          }
          done.complete();
        });
    return done.future();
  }

  /** Campaign settings or states changed (NOTIFY or API on this node): reread and look for work. */
  public void campaignsChanged() {
    context.runOnContext(v -> refreshCampaigns().onComplete(x -> wake()));
  }

  /** Polling fallback for campaign changes (in case a NOTIFY was missed). */
  public Future<Void> refreshCampaigns() {
    return campaigns
        .running()
        .onSuccess(
            list -> {
              running.clear();
              list.forEach(c -> running.put(c.id(), c));
            })
        .mapEmpty();
  }

  /** Something may have freed capacity (an agent went idle, a call ended): look for work now. */
  public void wake() {
    context.runOnContext(
        v -> {
          if (stopped) {
            return;
          }
          if (ticking) {
            tickAgain = true;
            return;
          }
          ticking = true;
          placer.woken(System.nanoTime());
          tick()
              .onComplete(
                  r -> {
                    if (r.failed()) {
                      LOG.warn("event=tick_failed node={}", node, r.cause());
                    }
                    ticking = false;
                    if (tickAgain) {
                      tickAgain = false;
                      wake();
                    }
                  });
        });
  }

  private Future<Void> tick() {
    if (running.isEmpty() || pbxs.stream().noneMatch(PbxPort::available)) {
      return Future.succeededFuture();
    }
    // idle agents are read now; calls in flight come from the last read of them and this node's
    // own calls since (Capacity): one short round trip between an agent going idle and the lease
    List<Campaign> campaigns = List.copyOf(running.values());
    Future<Map<String, Integer>> idle = capacity.idleAgents();
    Future<Capacity.InFlight> inFlight = capacity.inFlight(own());
    return Future.all(idle, inFlight)
        .compose(
            done -> {
              Capacity.InFlight f = inFlight.result();
              Map<String, Integer> perPbx = new HashMap<>(f.perPbx());
              Future<Void> chain = Future.succeededFuture();
              for (Campaign c : campaigns) {
                Capacity.Figures figures =
                    new Capacity.Figures(
                        idle.result().getOrDefault(c.settings().agentGroup(), 0),
                        f.ringing(c.id()),
                        f.inUse(c.id()));
                chain = chain.compose(v -> placer.tickCampaign(c, figures, perPbx));
              }
              return chain;
            });
  }

  /** The calls this node has up now, as pacing counts them. */
  private Capacity.Own own() {
    Map<String, Integer> perPbx = new HashMap<>();
    Map<Long, Integer> inUse = new HashMap<>();
    Map<Long, Integer> ringing = new HashMap<>();
    for (LiveCall call : calls.view()) {
      perPbx.merge(call.pbx.name(), 1, Integer::sum);
      inUse.merge(call.campaign.id(), 1, Integer::sum);
      if (call.agent == null) {
        ringing.merge(call.campaign.id(), 1, Integer::sum);
      }
    }
    return new Capacity.Own(perPbx, inUse, ringing);
  }

  private void renew() {
    if (!calls.isEmpty()) {
      attempts
          .renew(node, clock.instant().plus(settings.leaseFor()))
          .onFailure(e -> LOG.warn("event=renew_failed node={} reason={}", node, e.getMessage()));
    }
  }

  /** Expired leases, unknown attempts and the agent gauges. */
  private void maintain() {
    Instant now = clock.instant();
    refreshCampaigns();
    attempts
        .expire(now)
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.warn("event=leases_expired tasks={}", n);
              }
            });
    agents.countByState().onSuccess(counts -> counts.forEach((s, n) -> agentGauges.get(s).set(n)));
    attempts.unknownAttempts(50).onSuccess(unknown -> recovery.settleUnknown(unknown, calls::has));
  }

  private double worstAbandonRate() {
    return pacing.worstAbandonRate(clock.instant());
  }

  /** Calls this node has in flight (for tests and the live view). */
  public int inFlight() {
    return calls.size();
  }
}
