package com.huifang.dialer.sim;

import com.huifang.dialer.agent.Agent;
import com.huifang.dialer.agent.AgentEvent;
import com.huifang.dialer.agent.AgentState;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.SummaryReason;
import com.huifang.scheduler.task.SummaryResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agents at their desks for the demo and end-to-end tests: they sign in idle, take the calls the
 * dialer puts through, and after each call submit a realistic summary (mostly standard, some
 * sub-standard, problem, verification and retry results, now and then a surrender warning).
 */
public final class SimAgents {

  private final Vertx vertx;
  private final AgentStore agents;
  private final AttemptStore attempts;
  private final Clock clock;
  private final Runnable agentsChanged;
  private final AtomicLong summaries = new AtomicLong();
  private long timer = -1;
  private boolean busy;

  public SimAgents(
      Vertx vertx, AgentStore agents, AttemptStore attempts, Clock clock, Runnable agentsChanged) {
    this.vertx = vertx;
    this.agents = agents;
    this.attempts = attempts;
    this.clock = clock;
    this.agentsChanged = agentsChanged;
  }

  /** Registers {@code count} agents (2001, 2002, …) in {@code group}, idle. */
  public Future<Void> signIn(int count, String group) {
    List<String> extensions = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      extensions.add(Integer.toString(2000 + i));
    }
    return signIn(extensions, group);
  }

  /**
   * Registers agents at these extensions in {@code group}, idle. On the simulated PBX ({@link
   * NumberPlan}) the phones of {@code 2090}–{@code 2098} ring and are never answered and {@code
   * 2099} is busy: agents who signed in and left their desk.
   */
  public Future<Void> signIn(List<String> extensions, String group) {
    List<Future<?>> all = new ArrayList<>();
    for (String ext : extensions) {
      all.add(
          agents
              .put(ext, "坐席" + (Integer.parseInt(ext) - 2000), group, null, clock.instant())
              .compose(
                  a ->
                      agents.apply(
                          ext, new AgentEvent.Requested(AgentState.IDLE), clock.instant())));
    }
    return Future.all(all).onSuccess(v -> agentsChanged.run()).mapEmpty();
  }

  /** Starts looking for finished calls every {@code everyMillis} real milliseconds. */
  public void start(long everyMillis) {
    timer = vertx.setPeriodic(everyMillis, t -> round());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  public long summaries() {
    return summaries.get();
  }

  private void round() {
    if (busy) {
      return;
    }
    busy = true;
    agents
        .list()
        .compose(
            all -> {
              List<Future<?>> work = new ArrayList<>();
              for (Agent a : all) {
                if (a.status().state() == AgentState.WRAP_UP
                    && a.status().attemptId().isPresent()) {
                  work.add(summarise(a, a.status().attemptId().get()));
                }
              }
              return Future.join(work);
            })
        .onComplete(r -> busy = false);
  }

  private Future<?> summarise(Agent agent, UUID attemptId) {
    AgentSummary summary = summaryFor(attemptId);
    return attempts
        .summary(attemptId, summary, agent.extension(), clock.instant())
        .compose(
            r ->
                agents.apply(
                    agent.extension(), new AgentEvent.SummarySubmitted(attemptId), clock.instant()))
        .onSuccess(
            c -> {
              summaries.incrementAndGet();
              agentsChanged.run();
            });
  }

  /** A realistic mix, the same for the same attempt. */
  static AgentSummary summaryFor(UUID attemptId) {
    Random r = new Random(attemptId.getLeastSignificantBits());
    int roll = r.nextInt(100);
    boolean warn = r.nextInt(100) < 3;
    if (roll < 68) {
      return new AgentSummary(
          SummaryResult.STANDARD, null, List.of(), null, false, warn, "客户本人确认，已了解保障内容与犹豫期");
    }
    if (roll < 78) {
      return new AgentSummary(
          SummaryResult.SUB_STANDARD, null, List.of(), null, false, warn, "客户对缴费期限有疑问，已解释，客户表示理解");
    }
    if (roll < 84) {
      List<String> cats = List.of("MISLEADING", "PROXY_SIGNATURE", "CANNOT_RECALL");
      return new AgentSummary(
          SummaryResult.PROBLEM,
          null,
          List.of(cats.get(r.nextInt(cats.size()))),
          null,
          false,
          warn);
    }
    if (roll < 90) {
      SummaryReason reason =
          List.of(SummaryReason.REFUSED, SummaryReason.LANGUAGE, SummaryReason.WRONG_PERSON)
              .get(r.nextInt(3));
      return new AgentSummary(SummaryResult.VERIFICATION, reason, List.of(), null, false, warn);
    }
    SummaryReason reason = r.nextBoolean() ? SummaryReason.NOT_PRESENT : SummaryReason.INCONVENIENT;
    return new AgentSummary(SummaryResult.RETRY, reason, List.of(), null, false, false);
  }
}
