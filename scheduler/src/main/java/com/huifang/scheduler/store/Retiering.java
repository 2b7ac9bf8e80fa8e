package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignState;
import com.huifang.scheduler.priority.TierRule;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every campaign's problem and sub-standard cases in the tier of the month. Each campaign
 * that is not stopped is re-tiered ({@link TaskStore#retier}) on the first run and again on the
 * first run after its month turns ({@link TierRule#month}, in the campaign's zone), so a node that
 * was down at the turn catches up when it starts. A campaign some of whose cases were written by
 * someone else meanwhile is re-tiered again on the next run. Runs never overlap.
 */
public final class Retiering {

  private static final Logger LOG = LoggerFactory.getLogger(Retiering.class);

  private final CampaignStore campaigns;
  private final TaskStore tasks;
  private final Map<Long, YearMonth> tieredIn = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();

  public Retiering(CampaignStore campaigns, TaskStore tasks) {
    this.campaigns = campaigns;
    this.tasks = tasks;
  }

  /** Re-tiers the campaigns whose month is not the one they were last tiered in; how many moved. */
  public Future<Integer> run(Instant now) {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    return campaigns
        .list()
        .compose(
            all -> {
              Future<Integer> moved = Future.succeededFuture(0);
              for (Campaign c : all) {
                YearMonth month = TierRule.month(now, c.settings().timezone());
                if (c.state() != CampaignState.STOPPED && !month.equals(tieredIn.get(c.id()))) {
                  moved = moved.compose(n -> retier(c, month, now).map(m -> n + m));
                }
              }
              return moved;
            })
        .onComplete(done -> running.set(false));
  }

  private Future<Integer> retier(Campaign c, YearMonth month, Instant now) {
    return tasks
        .retier(c, now)
        .map(
            r -> {
              if (r.raced() == 0) {
                tieredIn.put(c.id(), month);
              }
              if (r.moved() > 0 || r.raced() > 0) {
                LOG.info(
                    "event=retiered campaign={} month={} tasks={} raced={}",
                    c.id(),
                    month,
                    r.moved(),
                    r.raced());
              }
              return r.moved();
            });
  }
}
