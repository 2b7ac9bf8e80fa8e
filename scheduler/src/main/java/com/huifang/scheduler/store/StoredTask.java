package com.huifang.scheduler.store;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.retry.Decision;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskSnapshot;
import com.huifang.scheduler.task.TaskState;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A task's scheduling columns as stored, and the pure step from one {@link Decision} to the next
 * row: the store loads a task, lets the rules decide, applies the decision here and writes the
 * result with a compare-and-set on the state it read.
 */
public record StoredTask(
    long id,
    long campaignId,
    String holderId,
    String policyNo,
    ProductType productType,
    CaseType caseType,
    YearMonth issuedMonth,
    List<PhoneNumber> phones,
    Set<Integer> struck,
    TaskState state,
    int passNo,
    int phoneIndex,
    List<Instant> passStarts,
    Tier tier,
    Instant deadline,
    Instant nextDueAt,
    Instant appointmentAt,
    BranchReason branchReason,
    List<String> categories,
    UUID attemptId,
    String summaryResult,
    boolean surrenderWarning,
    Instant closedAt) {

  public StoredTask {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(tier, "tier");
    phones = List.copyOf(phones);
    struck = Set.copyOf(struck);
    passStarts = List.copyOf(passStarts);
    categories = List.copyOf(categories);
  }

  /** The hand-out rank: 0 for a booked appointment (ahead of tier order), else tier + 1. */
  public int rank() {
    return appointmentAt != null ? 0 : tier.code() + 1;
  }

  /** What the rules see of this task. */
  public TaskSnapshot snapshot(ZoneId zone) {
    return new TaskSnapshot(phones, struck, passNo, phoneIndex, passStarts, zone);
  }

  /** The task after its current pass was dialled at {@code at} (the first dial starts the pass). */
  public StoredTask dialled(Instant at) {
    if (at == null || passStarts.size() >= passNo) {
      return this;
    }
    List<Instant> starts = new ArrayList<>(passStarts);
    starts.add(at);
    return with(state, passNo, phoneIndex, starts, nextDueAt, appointmentAt, branchReason);
  }

  /** The row after {@code decision}, decided at {@code now}. */
  public StoredTask apply(Decision decision, Instant now) {
    return switch (decision) {
      case Decision.NextNumber n ->
          with(TaskState.PENDING, passNo, n.phoneIndex(), passStarts, n.at(), null, null)
              .detached();
      case Decision.NextPass p ->
          with(TaskState.PENDING, p.passNo(), p.phoneIndex(), passStarts, p.at(), null, null)
              .detached();
      case Decision.Appointment a ->
          with(TaskState.PENDING, passNo, a.phoneIndex(), passStarts, a.at(), a.at(), null)
              .detached();
      case Decision.StrikeNumber s -> strike(s.phoneIndex()).apply(s.then(), now);
      case Decision.ToBranch b ->
          new StoredTask(
              id,
              campaignId,
              holderId,
              policyNo,
              productType,
              caseType,
              issuedMonth,
              phones,
              struck,
              TaskState.AT_BRANCH,
              passNo,
              phoneIndex,
              passStarts,
              tier,
              deadline,
              null,
              null,
              b.reason(),
              b.categories(),
              null,
              summaryResult,
              surrenderWarning,
              closedAt);
      case Decision.AwaitSummary a ->
          with(TaskState.AWAITING_SUMMARY, passNo, phoneIndex, passStarts, null, null, null);
      case Decision.AwaitReconcile a ->
          with(TaskState.UNRESOLVED, passNo, phoneIndex, passStarts, null, null, null);
      case Decision.Close c ->
          new StoredTask(
              id,
              campaignId,
              holderId,
              policyNo,
              productType,
              caseType,
              issuedMonth,
              phones,
              struck,
              TaskState.DONE,
              passNo,
              phoneIndex,
              passStarts,
              tier,
              deadline,
              null,
              null,
              null,
              categories,
              null,
              c.result().name(),
              surrenderWarning,
              now);
    };
  }

  /** The same row with the surrender warning (退保预警) raised. */
  public StoredTask warned() {
    return new StoredTask(
        id,
        campaignId,
        holderId,
        policyNo,
        productType,
        caseType,
        issuedMonth,
        phones,
        struck,
        state,
        passNo,
        phoneIndex,
        passStarts,
        tier,
        deadline,
        nextDueAt,
        appointmentAt,
        branchReason,
        categories,
        attemptId,
        summaryResult,
        true,
        closedAt);
  }

  /** The row back in the pool as a verification case with fresh numbers or a booked time. */
  public StoredTask returned(
      List<PhoneNumber> newPhones,
      Set<Integer> newStruck,
      int first,
      Instant dueAt,
      Instant appointment) {
    return new StoredTask(
        id,
        campaignId,
        holderId,
        policyNo,
        productType,
        CaseType.VERIFICATION,
        issuedMonth,
        newPhones,
        newStruck,
        TaskState.PENDING,
        1,
        first,
        List.of(),
        Tier.VERIFICATION,
        deadline,
        dueAt,
        appointment,
        null,
        List.of(),
        null,
        summaryResult,
        surrenderWarning,
        closedAt);
  }

  /** The row with its tier recomputed (the month turned). */
  public StoredTask retiered(Tier newTier) {
    return new StoredTask(
        id,
        campaignId,
        holderId,
        policyNo,
        productType,
        caseType,
        issuedMonth,
        phones,
        struck,
        state,
        passNo,
        phoneIndex,
        passStarts,
        newTier,
        deadline,
        nextDueAt,
        appointmentAt,
        branchReason,
        categories,
        attemptId,
        summaryResult,
        surrenderWarning,
        closedAt);
  }

  private StoredTask strike(int index) {
    Set<Integer> more = new TreeSet<>(struck);
    more.add(index);
    return new StoredTask(
        id,
        campaignId,
        holderId,
        policyNo,
        productType,
        caseType,
        issuedMonth,
        phones,
        more,
        state,
        passNo,
        phoneIndex,
        passStarts,
        tier,
        deadline,
        nextDueAt,
        appointmentAt,
        branchReason,
        categories,
        attemptId,
        summaryResult,
        surrenderWarning,
        closedAt);
  }

  private StoredTask detached() {
    return new StoredTask(
        id,
        campaignId,
        holderId,
        policyNo,
        productType,
        caseType,
        issuedMonth,
        phones,
        struck,
        state,
        passNo,
        phoneIndex,
        passStarts,
        tier,
        deadline,
        nextDueAt,
        appointmentAt,
        branchReason,
        categories,
        null,
        summaryResult,
        surrenderWarning,
        closedAt);
  }

  private StoredTask with(
      TaskState newState,
      int newPass,
      int newIndex,
      List<Instant> starts,
      Instant due,
      Instant appointment,
      BranchReason reason) {
    return new StoredTask(
        id,
        campaignId,
        holderId,
        policyNo,
        productType,
        caseType,
        issuedMonth,
        phones,
        struck,
        newState,
        newPass,
        newIndex,
        starts,
        tier,
        deadline,
        due,
        appointment,
        reason,
        categories,
        attemptId,
        summaryResult,
        surrenderWarning,
        closedAt);
  }
}
