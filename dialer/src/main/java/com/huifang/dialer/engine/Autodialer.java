package com.huifang.dialer.engine;

import com.huifang.dialer.agent.AgentEvent;
import com.huifang.dialer.agent.AgentState;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.pacing.AbandonWindow;
import com.huifang.dialer.pacing.DialCapacity;
import com.huifang.dialer.pacing.PacingSettings;
import com.huifang.dialer.pacing.PredictiveRatio;
import com.huifang.dialer.routing.AgentRouting;
import com.huifang.dialer.routing.CallPhase;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.PacingMode;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CallReport;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.store.LeasedCall;
import com.huifang.scheduler.window.HolidayCalendar;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running autodialer of one node. For every running campaign it works out how many customer
 * calls to start (idle agents, pacing, channel limits, all read from the shared database so several
 * nodes agree), leases that many due attempts, places them on the PBX with the most room, puts each
 * answered customer through to the longest-idle agent of the campaign's group (or plays the apology
 * after {@code agentWait}: {@code ABANDONED}), and records every outcome with the scheduler; in
 * {@code PREVIEW} the agent is reserved and rung first, and the customer dialled only once the
 * agent answered (see {@link AgentConnector}). It never dials outside the campaign's calling hours,
 * marks an attempt as dialling before the originate leaves, renews its leases while calls go on,
 * and reconciles calls the PBX lost track of.
 *
 * <p>All state lives on one Vert.x context; PBX callbacks hop onto it.
 */
public final class Autodialer implements CallListener {

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
  private final HolidayCalendar holidays;
  private final EngineSettings settings;
  private final RecordingHook recordings;
  private final AgentConnector connector;

  private final Map<UUID, LiveCall> calls = new HashMap<>();
  private final Map<Long, Campaign> running = new LinkedHashMap<>();
  private final Map<Long, AbandonWindow> windows = new HashMap<>();
  private final Map<Long, Double> ratios = new HashMap<>();
  private final Map<AgentState, AtomicInteger> agentGauges = new EnumMap<>(AgentState.class);
  private final Map<String, AtomicInteger> pbxGauges = new HashMap<>();

  private final Counter dials;
  private final Counter answered;
  private final Counter abandoned;
  private final Timer idleToDial;

  private boolean ticking;
  private boolean tickAgain;
  private long tickTimer = -1;
  private long maintenanceTimer = -1;
  private long renewTimer = -1;
  private boolean stopped;
  private long wokenAtNanos;

  /** What starting a recording needs from the recording side; see {@code recording}. */
  public interface RecordingHook {
    /** Writes the reference row, then returns the file name the PBX should record into. */
    Future<String> open(LeasedCall call, Campaign campaign, String pbx, Instant now);

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
    this.holidays = holidays;
    this.settings = settings;
    this.recordings = recordings;
    this.dials = registry.counter("dialer_dials_total");
    this.answered = registry.counter("dialer_answered_total");
    this.abandoned = registry.counter("dialer_abandoned_total");
    this.idleToDial =
        Timer.builder("dialer_wake_to_originate_seconds")
            .description("from an agent becoming idle (or a tick) to the originate being sent")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    for (AgentState s : AgentState.values()) {
      AtomicInteger n = new AtomicInteger();
      agentGauges.put(s, n);
      Gauge.builder("dialer_agents", n, AtomicInteger::get)
          .tags(Tags.of("state", s.name()))
          .register(registry);
    }
    for (PbxPort p : pbxs) {
      AtomicInteger n = new AtomicInteger();
      pbxGauges.put(p.name(), n);
      Gauge.builder("dialer_calls_in_flight", n, AtomicInteger::get)
          .tags(Tags.of("pbx", p.name()))
          .register(registry);
      p.listen(this);
    }
    Gauge.builder("dialer_abandon_rate", this, Autodialer::worstAbandonRate).register(registry);
    this.connector =
        new AgentConnector(
            vertx,
            clock,
            node,
            agents,
            attempts,
            settings.agentWait(),
            abandoned,
            this::window,
            new AgentConnector.Host() {
              @Override
              public void track(LiveCall call) {
                if (calls.put(call.lease.attemptId(), call) == null) {
                  pbxGauges.get(call.pbx.name()).incrementAndGet();
                }
              }

              @Override
              public void forget(LiveCall call) {
                if (calls.remove(call.lease.attemptId(), call)) {
                  pbxGauges.get(call.pbx.name()).decrementAndGet();
                }
              }

              @Override
              public Future<Void> dialCustomer(LiveCall call) {
                return Autodialer.this.dialCustomer(call);
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
  }

  /** Recovers what this node left open, then starts ticking. */
  public Future<Void> start() {
    Promise0 started = new Promise0();
    context.runOnContext(
        v ->
            recover()
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
          wokenAtNanos = System.nanoTime();
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
                chain = chain.compose(v -> tickCampaign(c, figures, perPbx));
              }
              return chain;
            });
  }

  /** The calls this node has up now, as pacing counts them. */
  private Capacity.Own own() {
    Map<String, Integer> perPbx = new HashMap<>();
    Map<Long, Integer> inUse = new HashMap<>();
    Map<Long, Integer> ringing = new HashMap<>();
    for (LiveCall call : calls.values()) {
      perPbx.merge(call.pbx.name(), 1, Integer::sum);
      inUse.merge(call.campaign.id(), 1, Integer::sum);
      if (call.agent == null) {
        ringing.merge(call.campaign.id(), 1, Integer::sum);
      }
    }
    return new Capacity.Own(perPbx, inUse, ringing);
  }

  private Future<Void> tickCampaign(Campaign c, Capacity.Figures f, Map<String, Integer> perPbx) {
    CampaignSettings s = c.settings();
    Instant now = clock.instant();
    ZoneId zone = s.timezone();
    if (!s.rules(holidays).window().nextOpen(now, zone).equals(now)) {
      return Future.succeededFuture();
    }
    int leasedNotPlaced = perPbx.getOrDefault("", 0);
    int freePbx = -leasedNotPlaced;
    for (PbxPort p : pbxs) {
      if (p.available()) {
        freePbx += Math.max(0, p.maxChannels() - perPbx.getOrDefault(p.name(), 0));
      }
    }
    int free = Math.max(0, freePbx);
    PacingMode mode = s.pacing().mode();
    double ratio = ratio(c, now);
    int n =
        new DialCapacity(f.idleAgents(), f.ringing(), f.inUse(), s.maxChannels(), free)
            .callsToStart(mode, ratio);
    if (n <= 0) {
      return Future.succeededFuture();
    }
    return attempts
        .lease(c.id(), Math.min(n, AttemptStore.MAX_LEASE), node, now, settings.leaseFor())
        .compose(leased -> placeAll(c, leased, now, perPbx));
  }

  private double ratio(Campaign c, Instant now) {
    var pacing = c.settings().pacing();
    if (pacing.mode() != PacingMode.PREDICTIVE) {
      return pacing.ratio();
    }
    PacingSettings ps =
        new PacingSettings(
            pacing.mode(),
            Math.max(1.0, pacing.ratio()),
            pacing.maxAbandonRate(),
            PacingSettings.DEFAULT_MAX_RATIO);
    double current = ratios.getOrDefault(c.id(), ps.ratio());
    double next = PredictiveRatio.next(current, window(c.id()).rates(now), ps);
    ratios.put(c.id(), next);
    return next;
  }

  private AbandonWindow window(long campaignId) {
    return windows.computeIfAbsent(campaignId, k -> new AbandonWindow(settings.abandonWindow()));
  }

  private Future<Void> placeAll(
      Campaign c, List<LeasedCall> leased, Instant now, Map<String, Integer> perPbx) {
    List<Future<Void>> placed = new ArrayList<>(leased.size());
    for (LeasedCall call : leased) {
      Optional<PbxPort> pbx = choosePbx(perPbx);
      if (pbx.isEmpty()) {
        placed.add(attempts.release(call.attemptId(), node, now).mapEmpty());
        continue;
      }
      perPbx.merge(pbx.get().name(), 1, Integer::sum);
      placed.add(place(c, call, pbx.get(), now));
    }
    return Future.join(placed).mapEmpty();
  }

  private Optional<PbxPort> choosePbx(Map<String, Integer> perPbx) {
    return pbxs.stream()
        .filter(PbxPort::available)
        .filter(p -> perPbx.getOrDefault(p.name(), 0) < p.maxChannels())
        .max(Comparator.comparingInt(p -> p.maxChannels() - perPbx.getOrDefault(p.name(), 0)));
  }

  private Future<Void> place(Campaign c, LeasedCall lease, PbxPort pbx, Instant now) {
    LiveCall call = new LiveCall(lease, c, pbx, CallPhase.RINGING, now);
    return call.agentFirst() ? connector.ringAgentFirst(call) : dialCustomer(call);
  }

  /** The attempt's channel variables: ids and policy numbers, never a name or a phone number. */
  static Map<String, String> variables(LeasedCall lease, Campaign c) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("ATTEMPT_ID", lease.attemptId().toString());
    vars.put("CAMPAIGN_ID", Long.toString(c.id()));
    vars.put("POLICY_NOS", String.join(",", lease.policyNos()));
    return vars;
  }

  /** Marks the attempt dialling before the originate leaves, then dials the customer. */
  private Future<Void> dialCustomer(LiveCall call) {
    LeasedCall lease = call.lease;
    Campaign c = call.campaign;
    PbxPort pbx = call.pbx;
    Instant now = clock.instant();
    CampaignSettings s = c.settings();
    if (!s.rules(holidays).window().nextOpen(now, s.timezone()).equals(now)) {
      // calling hours ended since the lease (an agent rung first may have taken a while)
      LOG.info(
          "event=dial_withheld attempt={} campaign={} reason=outside_calling_hours",
          lease.attemptId(),
          c.id());
      if (call.agent != null) {
        connector.giveBack(call);
        return Future.succeededFuture();
      }
      return attempts.release(lease.attemptId(), node, now).mapEmpty();
    }
    return attempts
        .markDialing(lease.attemptId(), node, pbx.name(), now, now.plus(settings.leaseFor()))
        .compose(
            mine -> {
              if (!mine) {
                LOG.warn("event=lease_lost attempt={} node={}", lease.attemptId(), node);
                if (calls.remove(lease.attemptId(), call)) {
                  pbxGauges.get(pbx.name()).decrementAndGet();
                  connector.afterCall(call, CallPhase.ENDED);
                }
                return Future.succeededFuture();
              }
              call.dialedAt = now;
              if (calls.put(lease.attemptId(), call) == null) {
                pbxGauges.get(pbx.name()).incrementAndGet();
              }
              DialRequest request =
                  new DialRequest(
                      lease.attemptId(),
                      lease.phone().digits(),
                      c.settings().ringTimeout(),
                      variables(lease, c));
              idleToDial.record(Duration.ofNanos(System.nanoTime() - wokenAtNanos));
              dials.increment();
              LOG.info(
                  "event=dial attempt={} campaign={} pbx={} number={} pass={} policies={} agent={}",
                  lease.attemptId(),
                  c.id(),
                  pbx.name(),
                  lease.phone().masked(),
                  lease.passNo(),
                  lease.policies().size(),
                  call.agent);
              return pbx.dial(request)
                  .recover(
                      e -> {
                        LOG.warn(
                            "event=dial_refused attempt={} pbx={} reason={}",
                            lease.attemptId(),
                            pbx.name(),
                            e.getMessage());
                        ended(
                            new CallEnd(
                                lease.attemptId(),
                                Outcome.FAILED,
                                null,
                                null,
                                null,
                                clock.instant()));
                        return Future.succeededFuture();
                      });
            });
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
          answered.increment();
          if (call.campaign.settings().recording()) {
            startRecording(call);
          }
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
          pbxGauges.get(call.pbx.name()).decrementAndGet();
          CallPhase phase = call.phase;
          call.phase = CallPhase.ENDED;
          Outcome outcome = AgentRouting.outcome(phase, end.outcome());
          String agent = connector.afterCall(call, phase);
          if (phase == CallPhase.RINGING && outcome != Outcome.EARLY_HANGUP) {
            window(call.campaign.id()).unanswered(end.endedAt());
          }
          if (call.campaign.settings().recording() && call.answeredAt != null) {
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
        () -> !stopped,
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
            wake();
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
              for (LiveCall call : List.copyOf(calls.values())) {
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

  /** At start-up: give back what this node leased but never placed; check what it was dialling. */
  private Future<Void> recover() {
    Instant now = clock.instant();
    return attempts
        .openAttempts(node)
        .compose(
            open -> {
              List<Future<?>> work = new ArrayList<>();
              boolean dialling = false;
              for (AttemptStore.OpenAttempt a : open) {
                if (a.state().equals("LEASED")) {
                  // never dialled; in PREVIEW an agent may be reserved for it: free them too
                  work.add(
                      attempts
                          .release(a.attemptId(), node, now)
                          .compose(x -> connector.freeAgentOf(a.attemptId())));
                } else {
                  dialling = true;
                }
              }
              if (dialling) {
                // this node lost track of those calls when it stopped: end their leases now, so
                // they become UNKNOWN and are reconciled against the PBX, never dialled blindly
                work.add(attempts.renew(node, now.minusMillis(1)));
              }
              LOG.info("event=recovered node={} open={}", node, open.size());
              return Future.join(work).mapEmpty();
            });
  }

  private void renew() {
    if (!calls.isEmpty()) {
      attempts
          .renew(node, clock.instant().plus(settings.leaseFor()))
          .onFailure(e -> LOG.warn("event=renew_failed node={} reason={}", node, e.getMessage()));
    }
  }

  /** Expired leases, stale wrap-ups, unknown attempts and the agent gauges. */
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
    agents
        .endStaleWrapUps(now, settings.wrapUp())
        .onSuccess(
            n -> {
              if (n > 0) {
                wake();
              }
            });
    agents.countByState().onSuccess(counts -> counts.forEach((s, n) -> agentGauges.get(s).set(n)));
    attempts.unknownAttempts(50).onSuccess(this::settleUnknown);
  }

  /** Unknown attempts: if no PBX has the call any more, the outcome is lost: settle as unknown. */
  private void settleUnknown(List<AttemptStore.OpenAttempt> unknown) {
    if (unknown.isEmpty()) {
      return;
    }
    List<Future<Set<UUID>>> lives = new ArrayList<>();
    for (PbxPort p : pbxs) {
      lives.add(p.available() ? p.liveAttempts() : Future.failedFuture("down"));
    }
    Future.join(lives)
        .onComplete(
            r -> {
              if (lives.stream().anyMatch(Future::failed)) {
                LOG.warn(
                    "event=reconcile_deferred unknown={} reason=a PBX cannot be asked now",
                    unknown.size());
                return; // a PBX we cannot ask might still carry the call: wait
              }
              Instant now = clock.instant();
              for (AttemptStore.OpenAttempt a : unknown) {
                boolean live = lives.stream().anyMatch(f -> f.result().contains(a.attemptId()));
                if (!live && !calls.containsKey(a.attemptId())) {
                  attempts
                      .reconcileNotFound(a.attemptId(), now)
                      .onComplete(
                          x ->
                              LOG.info(
                                  "event=reconciled attempt={} result={}",
                                  a.attemptId(),
                                  x.succeeded() ? x.result() : x.cause()));
                }
              }
            });
  }

  private double worstAbandonRate() {
    Instant now = clock.instant();
    return windows.values().stream().mapToDouble(w -> w.rates(now).abandonRate()).max().orElse(0.0);
  }

  /** Calls this node has in flight (for tests and the live view). */
  public int inFlight() {
    return calls.size();
  }
}
