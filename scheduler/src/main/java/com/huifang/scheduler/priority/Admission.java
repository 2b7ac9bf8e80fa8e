package com.huifang.scheduler.priority;

import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.phone.DuplicateNumberRule;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.AppointmentVerdict;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * How an imported task enters the campaign: the row the store writes for it. A policy already
 * withdrawn or surrendered (撤单/退保) is kept but never dialled ({@code CANCELLED}); opt-out tasks
 * (免回访声明) are kept but never dialled ({@code EXEMPT}); a task with a duplicate number goes straight
 * to the branch ({@code DUPLICATE_NUMBER}); an imported appointment the centre may call is kept
 * (one it may not call sends the task to the branch for a visit, one already past is dropped);
 * everything else is {@code PENDING} from the next calling time.
 *
 * @param branchReason set only when {@code state} is {@code AT_BRANCH}
 * @param deadline null when the task has none
 * @param dueAt null when the task is not in the pool
 * @param appointmentAt null when none is booked
 */
public record Admission(
    TaskState state,
    BranchReason branchReason,
    Tier tier,
    Instant deadline,
    Instant dueAt,
    Instant appointmentAt) {

  public Admission {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(tier, "tier");
    if ((state == TaskState.AT_BRANCH) != (branchReason != null)) {
      throw new IllegalArgumentException("a branch reason goes with AT_BRANCH and only with it");
    }
    if ((state == TaskState.PENDING) != (dueAt != null)) {
      throw new IllegalArgumentException("a due time goes with PENDING and only with it");
    }
  }

  /**
   * @param duplicates what {@link DuplicateNumberRule#check} found for the row's numbers
   * @param zone the customer's time zone (the campaign's unless the task has its own)
   */
  public static Admission admit(
      TaskImport row,
      List<DuplicateNumberRule.Finding> duplicates,
      Instant now,
      ZoneId zone,
      CampaignRules rules) {
    Tier tier = TierRule.tierOf(row.caseType(), row.issuedMonth(), now, zone);
    Instant deadline =
        row.caseType() == CaseType.NEW
            ? Deadlines.newContract(row.receiptAt(), row.coolingOffEnd(), zone)
            : null;
    if (row.cancelledAt() != null) {
      return new Admission(TaskState.CANCELLED, null, tier, deadline, null, null);
    }
    if (row.optOut()) {
      return new Admission(TaskState.EXEMPT, null, tier, deadline, null, null);
    }
    if (!duplicates.isEmpty()) {
      return toBranch(BranchReason.DUPLICATE_NUMBER, tier, deadline);
    }
    Instant firstCall = rules.window().nextOpen(now, zone);
    if (row.appointmentAt() == null) {
      return new Admission(TaskState.PENDING, null, tier, deadline, firstCall, null);
    }
    // booked with the customer before the import: an early or late time was their own request
    AppointmentVerdict verdict =
        rules.appointments().judge(row.appointmentAt(), true, now, zone, rules.window().holidays());
    return switch (verdict) {
      case AppointmentVerdict.Accepted a ->
          new Admission(TaskState.PENDING, null, tier, deadline, a.at(), a.at());
      case AppointmentVerdict.InPersonVisit v ->
          toBranch(BranchReason.IN_PERSON_VISIT, tier, deadline);
      case AppointmentVerdict.Rejected r ->
          new Admission(TaskState.PENDING, null, tier, deadline, firstCall, null);
    };
  }

  private static Admission toBranch(BranchReason reason, Tier tier, Instant deadline) {
    return new Admission(TaskState.AT_BRANCH, reason, tier, deadline, null, null);
  }
}
