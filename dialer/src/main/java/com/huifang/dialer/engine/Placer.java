package com.huifang.dialer.engine;

import com.huifang.dialer.pacing.DialCapacity;
import com.huifang.dialer.routing.CallPhase;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.PacingMode;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.LeasedCall;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.window.HolidayCalendar;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a campaign's customer calls: how many to start (pacing, the campaign's and the PBXs' free
 * channels), leasing that many, each on the PBX with the most room (an agent rung first in {@code
 * PREVIEW}), and the attempt marked as dialling before its originate leaves; never outside the
 * campaign's calling hours. On the autodialer's context.
 */
final class Placer {

  private static final Logger LOG = LoggerFactory.getLogger(Placer.class);

  private final Clock clock;
  private final String node;
  private final AttemptStore attempts;
  private final List<PbxPort> pbxs;
  private final HolidayCalendar holidays;
  private final EngineSettings settings;
  private final LiveCalls calls;
  private final CampaignPacing pacing;
  private final AgentConnector connector;
  private final LeaseReturns returns;
  private final CallEvents events;
  private final Counter dials;
  private final Timer idleToDial;
  private long wokenAtNanos;

  Placer(
      Clock clock,
      String node,
      AttemptStore attempts,
      List<PbxPort> pbxs,
      HolidayCalendar holidays,
      EngineSettings settings,
      LiveCalls calls,
      CampaignPacing pacing,
      AgentConnector connector,
      LeaseReturns returns,
      CallEvents events,
      MeterRegistry registry) {
    this.clock = clock;
    this.node = node;
    this.attempts = attempts;
    this.pbxs = pbxs;
    this.holidays = holidays;
    this.settings = settings;
    this.calls = calls;
    this.pacing = pacing;
    this.connector = connector;
    this.returns = returns;
    this.events = events;
    this.dials = registry.counter("dialer_dials_total");
    this.idleToDial =
        Timer.builder("dialer_wake_to_originate_seconds")
            .description("from an agent becoming idle (or a tick) to the originate being sent")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** The autodialer woke up to look for work: originates from now on are timed from here. */
  void woken(long nanos) {
    wokenAtNanos = nanos;
  }

  /** Starts as many of the campaign's calls as pacing and the PBXs' free channels allow now. */
  Future<Void> tickCampaign(Campaign c, Capacity.Figures f, Map<String, Integer> perPbx) {
    CampaignSettings s = c.settings();
    Instant now = clock.instant();
    ZoneId zone = s.timezone();
    CampaignRules rules = s.rules(holidays);
    if (!rules.mayDial(now, zone, true)) {
      return Future.succeededFuture();
    }
    boolean open = rules.mayDial(now, zone, false);
    int leasedNotPlaced = perPbx.getOrDefault("", 0);
    int freePbx = -leasedNotPlaced;
    for (PbxPort p : pbxs) {
      if (p.available()) {
        freePbx += Math.max(0, p.maxChannels() - perPbx.getOrDefault(p.name(), 0));
      }
    }
    int free = Math.max(0, freePbx);
    PacingMode mode = s.pacing().mode();
    double ratio = pacing.ratio(c, now);
    int n =
        new DialCapacity(f.idleAgents(), f.ringing(), f.inUse(), s.maxChannels(), free)
            .callsToStart(mode, ratio);
    if (n <= 0) {
      return Future.succeededFuture();
    }
    // outside calling hours only a customer's booked time may be called (08:30-10:00, 19:30-20:30
    // on their own request)
    Future<List<LeasedCall>> leased =
        open
            ? attempts.lease(
                c.id(), Math.min(n, AttemptStore.MAX_LEASE), node, now, settings.leaseFor())
            : attempts.leaseAppointments(
                c.id(),
                Math.min(n, AttemptStore.MAX_APPOINTMENT_LEASE),
                node,
                now,
                settings.leaseFor());
    return leased.compose(calls -> placeAll(c, calls, now, perPbx));
  }

  private Future<Void> placeAll(
      Campaign c, List<LeasedCall> leased, Instant now, Map<String, Integer> perPbx) {
    List<Future<Void>> placed = new ArrayList<>(leased.size());
    for (LeasedCall call : leased) {
      Optional<PbxPort> pbx = choosePbx(perPbx);
      if (pbx.isEmpty()) {
        returns.giveBack(call.attemptId());
        continue;
      }
      perPbx.merge(pbx.get().name(), 1, Integer::sum);
      placed.add(place(c, call, pbx.get(), now));
    }
    return Future.join(placed).mapEmpty();
  }

  /**
   * A call not placed after all (calling hours ended meanwhile, its dial mark failed): an agent
   * rung first is freed with it, and its lease is given back, once the database answers if it is
   * away.
   */
  private void giveBack(LiveCall call) {
    if (call.agent != null) {
      connector.giveBack(call);
    } else {
      returns.giveBack(call.lease.attemptId());
    }
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
  Future<Void> dialCustomer(LiveCall call) {
    LeasedCall lease = call.lease;
    Campaign c = call.campaign;
    PbxPort pbx = call.pbx;
    Instant now = clock.instant();
    CampaignSettings s = c.settings();
    if (!s.rules(holidays).mayDial(now, s.timezone(), lease.appointment())) {
      // calling hours ended since the lease (an agent rung first may have taken a while)
      LOG.info(
          "event=dial_withheld attempt={} campaign={} reason=outside_calling_hours",
          lease.attemptId(),
          c.id());
      giveBack(call);
      return Future.succeededFuture();
    }
    return attempts
        .markDialing(lease.attemptId(), node, pbx.name(), now, now.plus(settings.leaseFor()))
        .onFailure(
            e -> {
              LOG.warn("event=mark_failed attempt={} reason={}", lease.attemptId(), e.getMessage());
              giveBack(call);
            })
        .compose(
            mine -> {
              if (!mine) {
                LOG.warn("event=lease_lost attempt={} node={}", lease.attemptId(), node);
                if (calls.forget(call)) {
                  connector.afterCall(call, CallPhase.ENDED);
                }
                return Future.succeededFuture();
              }
              call.dialedAt = now;
              calls.track(call);
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
                        events.ended(
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
}
