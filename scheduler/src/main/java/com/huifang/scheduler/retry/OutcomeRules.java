package com.huifang.scheduler.retry;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.TaskSnapshot;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What follows one dial (domain.md "Outcomes of one dial"): retry-class and line problems go on to
 * the next number of the pass, or to the next pass after the last number; number problems strike
 * the number; with no dialable number left the task goes to the branch ({@code WRONG_NUMBER});
 * after the last pass it goes there as {@code UNREACHABLE}. An abandoned call (the customer
 * answered, no agent was free) is re-dialled on the next pass. {@code UNKNOWN} is never re-dialled
 * before reconciliation; {@code ANSWERED} waits for the agent's summary.
 */
public final class OutcomeRules {

  private OutcomeRules() {}

  public static Decision decide(
      TaskSnapshot task, Outcome outcome, Instant now, CampaignRules rules) {
    return switch (outcome.outcomeClass()) {
      case CONNECTED -> new Decision.AwaitSummary();
      case UNRESOLVED -> new Decision.AwaitReconcile();
      case RETRY ->
          outcome == Outcome.ABANDONED
              ? nextPass(task, task.struck(), now, rules)
              : onward(task, task.struck(), now, rules);
      case LINE_PROBLEM -> onward(task, task.struck(), now, rules);
      case NUMBER_PROBLEM -> strike(task, now, rules);
    };
  }

  /**
   * Strikes the number just dialled and goes on to the next dialable number of the pass, else the
   * next pass, else the branch ({@code WRONG_NUMBER}).
   */
  public static Decision.StrikeNumber strike(TaskSnapshot task, Instant now, CampaignRules rules) {
    Set<Integer> struck = new HashSet<>(task.struck());
    struck.add(task.phoneIndex());
    return new Decision.StrikeNumber(task.phoneIndex(), onward(task, struck, now, rules));
  }

  /**
   * The next pass of the task, or the branch when the passes are used up ({@code UNREACHABLE}) or
   * no number is left ({@code WRONG_NUMBER}). Passes start {@code passInterval} apart, then wait
   * for the dial window (calling hours, holidays, daily cap, time slots).
   */
  public static Decision.AfterStrike nextPass(
      TaskSnapshot task, Set<Integer> struck, Instant now, CampaignRules rules) {
    int first = TaskSnapshot.firstDialable(task.phones().size(), struck, 0);
    if (first < 0) {
      return new Decision.ToBranch(BranchReason.WRONG_NUMBER);
    }
    if (task.passNo() >= rules.maxPasses()) {
      return new Decision.ToBranch(BranchReason.UNREACHABLE);
    }
    Instant earliest = now;
    if (!task.passStarts().isEmpty()) {
      Instant byInterval = task.passStarts().getLast().plus(rules.passInterval());
      earliest = byInterval.isAfter(now) ? byInterval : now;
    }
    Instant at = rules.window().nextAllowed(task.passStarts(), earliest, task.zone());
    return new Decision.NextPass(task.passNo() + 1, first, at);
  }

  /** The next dialable number of this pass (as soon as calling hours allow), else the next pass. */
  private static Decision.AfterStrike onward(
      TaskSnapshot task, Set<Integer> struck, Instant now, CampaignRules rules) {
    int next = TaskSnapshot.firstDialable(task.phones().size(), struck, task.phoneIndex() + 1);
    if (next >= 0) {
      return new Decision.NextNumber(next, rules.window().nextOpen(now, task.zone()));
    }
    return nextPass(task, struck, now, rules);
  }
}
