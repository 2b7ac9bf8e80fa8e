package com.huifang.scheduler.retry;

import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.SummaryResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happens to a task next, after one dial's outcome or the agent's summary. The store executes
 * it; every variant maps to one {@code TaskState}:
 *
 * <ul>
 *   <li>{@link NextNumber}, {@link NextPass}, {@link Appointment}: {@code PENDING}, due at {@code
 *       at}
 *   <li>{@link StrikeNumber}: strike the number, then do {@code then}
 *   <li>{@link ToBranch}: {@code AT_BRANCH} with the reason
 *   <li>{@link AwaitSummary}: {@code AWAITING_SUMMARY}
 *   <li>{@link AwaitReconcile}: {@code UNRESOLVED}, never dialled until reconciled
 *   <li>{@link Close}: {@code DONE}
 * </ul>
 */
public sealed interface Decision {

  /** What may follow striking a number. */
  sealed interface AfterStrike extends Decision permits NextNumber, NextPass, ToBranch {}

  /** Dial the next number of the same pass. */
  record NextNumber(int phoneIndex, Instant at) implements AfterStrike {
    public NextNumber {
      Objects.requireNonNull(at, "at");
    }
  }

  /** Start pass {@code passNo} with number {@code phoneIndex} at {@code at}. */
  record NextPass(int passNo, int phoneIndex, Instant at) implements AfterStrike {
    public NextPass {
      Objects.requireNonNull(at, "at");
      if (passNo < 2) {
        throw new IllegalArgumentException("a next pass is pass 2 or later");
      }
    }
  }

  /** The number at {@code phoneIndex} is bad: strike it from the task, then {@code then}. */
  record StrikeNumber(int phoneIndex, AfterStrike then) implements Decision {
    public StrikeNumber {
      Objects.requireNonNull(then, "then");
    }
  }

  /** Hand the task to the branch (核实件 / 问题件). */
  record ToBranch(BranchReason reason, List<String> categories) implements AfterStrike {
    public ToBranch {
      Objects.requireNonNull(reason, "reason");
      categories = List.copyOf(categories);
    }

    public ToBranch(BranchReason reason) {
      this(reason, List.of());
    }
  }

  /** Dial number {@code phoneIndex} at the booked time, ahead of tier order. */
  record Appointment(int phoneIndex, Instant at) implements Decision {
    public Appointment {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The customer was reached: wait for the agent's summary. */
  record AwaitSummary() implements Decision {}

  /** The attempt's fate is unknown: never re-dial before it is reconciled against the PBX. */
  record AwaitReconcile() implements Decision {}

  /** Settled by a standard or sub-standard callback. */
  record Close(SummaryResult result) implements Decision {
    public Close {
      if (result != SummaryResult.STANDARD && result != SummaryResult.SUB_STANDARD) {
        throw new IllegalArgumentException("only a standard or sub-standard result closes a task");
      }
    }
  }
}
