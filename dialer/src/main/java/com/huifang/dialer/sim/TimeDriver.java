package com.huifang.dialer.sim;

import com.huifang.dialer.engine.Autodialer;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Skips the dead time of a simulated campaign: when nothing is in flight, no agent is busy and the
 * next task is due only later (the next pass, or the next morning), the {@link SimClock} jumps
 * there. Between jumps the clock runs at its speed, so calls, rings and passes keep their order.
 */
public final class TimeDriver {

  private final Vertx vertx;
  private final Pool pool;
  private final CampaignStore campaigns;
  private final HolidayCalendar holidays;
  private final SimClock clock;
  private final Autodialer dialer;
  private long timer = -1;
  private boolean checking;
  private int idleRounds;

  public TimeDriver(
      Vertx vertx,
      Pool pool,
      CampaignStore campaigns,
      HolidayCalendar holidays,
      SimClock clock,
      Autodialer dialer) {
    this.vertx = vertx;
    this.pool = pool;
    this.campaigns = campaigns;
    this.holidays = holidays;
    this.clock = clock;
    this.dialer = dialer;
  }

  public void start(long everyMillis) {
    timer = vertx.setPeriodic(everyMillis, t -> check());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Whether the campaign has nothing left to dial or to summarise. */
  public Future<Boolean> finished(long campaignId) {
    return pool.preparedQuery(
            "SELECT count(*) AS n FROM task WHERE campaign_id = $1"
                + " AND state IN ('PENDING', 'DIALING', 'AWAITING_SUMMARY', 'UNRESOLVED')")
        .execute(Tuple.of(campaignId))
        .map(rows -> rows.iterator().next().getLong("n") == 0);
  }

  private void check() {
    if (checking || dialer.inFlight() > 0) {
      idleRounds = 0;
      return;
    }
    checking = true;
    busy()
        .compose(busy -> busy ? Future.succeededFuture(Optional.<Instant>empty()) : nextStart())
        .onComplete(
            r -> {
              checking = false;
              if (r.failed() || r.result().isEmpty()) {
                idleRounds = 0;
                return;
              }
              // idle twice in a row: nothing is about to happen until the next start
              if (++idleRounds >= 2) {
                idleRounds = 0;
                clock.jumpTo(r.result().get());
                dialer.wake();
              }
            });
  }

  private Future<Boolean> busy() {
    return pool.query(
            "SELECT (SELECT count(*) FROM attempt WHERE state IN ('LEASED', 'DIALING'))"
                + " + (SELECT count(*) FROM agent WHERE state IN ('ON_CALL', 'WRAP_UP')) AS n")
        .execute()
        .map(rows -> rows.iterator().next().getLong("n") > 0);
  }

  /** The earliest moment a running campaign may dial a waiting task, if later than now. */
  private Future<Optional<Instant>> nextStart() {
    Instant now = clock.instant();
    return campaigns
        .running()
        .compose(
            running -> {
              List<Future<Optional<Instant>>> each = new ArrayList<>();
              for (Campaign c : running) {
                each.add(nextStart(c, now));
              }
              return Future.all(each)
                  .map(
                      v ->
                          each.stream()
                              .map(Future::result)
                              .flatMap(Optional::stream)
                              .min(Instant::compareTo));
            });
  }

  private Future<Optional<Instant>> nextStart(Campaign c, Instant now) {
    return pool.preparedQuery(
            "SELECT min(next_due_at) FILTER (WHERE appointment_at IS NULL) AS due,"
                + " min(next_due_at) FILTER (WHERE appointment_at IS NOT NULL) AS booked"
                + " FROM task WHERE campaign_id = $1 AND state = 'PENDING'")
        .execute(Tuple.of(c.id()))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Optional<Instant> start =
                  Stream.of(
                          startOf(c, r.getOffsetDateTime("due"), now, false),
                          startOf(c, r.getOffsetDateTime("booked"), now, true))
                      .flatMap(Optional::stream)
                      .min(Instant::compareTo);
              return start.filter(s -> s.isAfter(now));
            });
  }

  /**
   * When a task due at {@code due} may first be dialled: in calling hours, or for a booked
   * appointment also at its own time when the appointment rule lets it be called then.
   */
  private Optional<Instant> startOf(Campaign c, OffsetDateTime due, Instant now, boolean booked) {
    if (due == null) {
      return Optional.empty();
    }
    Instant from = due.toInstant().isAfter(now) ? due.toInstant() : now;
    CampaignRules rules = c.settings().rules(holidays);
    ZoneId zone = c.settings().timezone();
    return Optional.of(
        rules.mayDial(from, zone, booked) ? from : rules.window().nextOpen(from, zone));
  }
}
