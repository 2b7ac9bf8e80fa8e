package com.huifang.scheduler.store;

import com.huifang.scheduler.campaign.CampaignState;
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
    Instant closedAt,
    Instant cancelledAt) {

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
    return rankOf(tier, appointmentAt != null);
  }

  /** The hand-out rank of a task in {@code tier}, {@code booked} for an appointment. */
  static int rankOf(Tier tier, boolean booked) {
    return booked ? 0 : tier.code() + 1;
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
    Change c = change();
    c.passStarts = starts;
    return c.build();
  }

  /**
   * The row after {@code decision}, decided at {@code now}. A policy withdrawn or surrendered
   * (撤单/退保) while its call was in flight is not called again, nor sent to the branch: where the
   * decision would do either, the task is {@code CANCELLED}.
   */
  public StoredTask apply(Decision decision, Instant now) {
    StoredTask next = decided(decision, now);
    return cancelledAt != null ? next.cancelledIfGoingOn() : next;
  }

  /**
   * The row as a campaign in {@code state} keeps it: a stopped campaign's tasks are cancelled, so
   * one whose call was in flight at the stop does not go back to the pool or to the branch.
   */
  public StoredTask keptBy(CampaignState state) {
    return state == CampaignState.STOPPED ? cancelledIfGoingOn() : this;
  }

  /** {@code CANCELLED} instead of going back to the pool or on to the branch; else unchanged. */
  private StoredTask cancelledIfGoingOn() {
    boolean goesOn = state == TaskState.PENDING || state == TaskState.AT_BRANCH;
    return goesOn ? out(TaskState.CANCELLED).build() : this;
  }

  private StoredTask decided(Decision decision, Instant now) {
    return switch (decision) {
      case Decision.NextNumber n -> inPool(passNo, n.phoneIndex(), n.at(), null);
      case Decision.NextPass p -> inPool(p.passNo(), p.phoneIndex(), p.at(), null);
      case Decision.Appointment a -> inPool(passNo, a.phoneIndex(), a.at(), a.at());
      case Decision.StrikeNumber s -> {
        Set<Integer> more = new TreeSet<>(struck);
        more.add(s.phoneIndex());
        Change c = change();
        c.struck = more;
        yield c.build().decided(s.then(), now);
      }
      case Decision.ToBranch b -> {
        Change c = out(TaskState.AT_BRANCH);
        c.branchReason = b.reason();
        c.categories = b.categories();
        yield c.build();
      }
      case Decision.AwaitSummary a -> waiting(TaskState.AWAITING_SUMMARY);
      case Decision.AwaitReconcile a -> waiting(TaskState.UNRESOLVED);
      case Decision.Close c -> {
        Change done = out(TaskState.DONE);
        done.summaryResult = c.result().name();
        done.closedAt = now;
        yield done.build();
      }
    };
  }

  /** Back in the pool: due at {@code due}, no longer tied to an attempt. */
  private StoredTask inPool(int pass, int index, Instant due, Instant appointment) {
    Change c = change();
    c.state = TaskState.PENDING;
    c.passNo = pass;
    c.phoneIndex = index;
    c.nextDueAt = due;
    c.appointmentAt = appointment;
    c.branchReason = null;
    c.attemptId = null;
    return c.build();
  }

  /** Waiting on the attempt it keeps (for the summary, or for reconciliation). */
  private StoredTask waiting(TaskState to) {
    Change c = change();
    c.state = to;
    c.nextDueAt = null;
    c.appointmentAt = null;
    c.branchReason = null;
    return c.build();
  }

  /** Out of the pool for good or for the branch: no due time, no attempt, no branch reason. */
  private Change out(TaskState to) {
    Change c = change();
    c.state = to;
    c.nextDueAt = null;
    c.appointmentAt = null;
    c.branchReason = null;
    c.attemptId = null;
    return c;
  }

  /** The same row with the surrender warning (退保预警) raised. */
  public StoredTask warned() {
    Change c = change();
    c.surrenderWarning = true;
    return c.build();
  }

  /** The row back in the pool as a verification case with fresh numbers or a booked time. */
  public StoredTask returned(
      List<PhoneNumber> newPhones,
      Set<Integer> newStruck,
      int first,
      Instant dueAt,
      Instant appointment) {
    Change c = change();
    c.caseType = CaseType.VERIFICATION;
    c.phones = newPhones;
    c.struck = newStruck;
    c.state = TaskState.PENDING;
    c.passNo = 1;
    c.phoneIndex = first;
    c.passStarts = List.of();
    c.tier = Tier.VERIFICATION;
    c.nextDueAt = dueAt;
    c.appointmentAt = appointment;
    c.branchReason = null;
    c.categories = List.of();
    c.attemptId = null;
    return c.build();
  }

  private Change change() {
    return new Change(this);
  }

  /** A copy of the row to change a few columns of: one place that lists every column. */
  private static final class Change {
    private final StoredTask t;
    CaseType caseType;
    List<PhoneNumber> phones;
    Set<Integer> struck;
    TaskState state;
    int passNo;
    int phoneIndex;
    List<Instant> passStarts;
    Tier tier;
    Instant nextDueAt;
    Instant appointmentAt;
    BranchReason branchReason;
    List<String> categories;
    UUID attemptId;
    String summaryResult;
    boolean surrenderWarning;
    Instant closedAt;

    Change(StoredTask t) {
      this.t = t;
      caseType = t.caseType;
      phones = t.phones;
      struck = t.struck;
      state = t.state;
      passNo = t.passNo;
      phoneIndex = t.phoneIndex;
      passStarts = t.passStarts;
      tier = t.tier;
      nextDueAt = t.nextDueAt;
      appointmentAt = t.appointmentAt;
      branchReason = t.branchReason;
      categories = t.categories;
      attemptId = t.attemptId;
      summaryResult = t.summaryResult;
      surrenderWarning = t.surrenderWarning;
      closedAt = t.closedAt;
    }

    StoredTask build() {
      return new StoredTask(
          t.id,
          t.campaignId,
          t.holderId,
          t.policyNo,
          t.productType,
          caseType,
          t.issuedMonth,
          phones,
          struck,
          state,
          passNo,
          phoneIndex,
          passStarts,
          tier,
          t.deadline,
          nextDueAt,
          appointmentAt,
          branchReason,
          categories,
          attemptId,
          summaryResult,
          surrenderWarning,
          closedAt,
          t.cancelledAt);
    }
  }
}
