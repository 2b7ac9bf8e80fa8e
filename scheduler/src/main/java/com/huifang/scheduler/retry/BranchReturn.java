package com.huifang.scheduler.retry;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.TaskSnapshot;
import com.huifang.scheduler.window.AppointmentVerdict;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A branch case put back into the callback pool (api.md {@code POST /api/tasks/{id}/return}) with
 * new numbers and/or an appointment. New numbers replace the old ones and clear the struck list;
 * the task comes back as a verification case (核实件, first in hand-out order) with its pass count
 * started again. A duplicate-number case (重复号码) comes back only with new numbers. Recording the
 * history, and checking new numbers for duplicates, is the caller's.
 */
public final class BranchReturn {

  private BranchReturn() {}

  /** The outcome of a return request. */
  public sealed interface Result {}

  /**
   * Back in the pool: {@code task} is the fresh snapshot (pass 1, no pass starts), due at {@code
   * dueAt}; {@code appointmentAt} is null when none was booked.
   */
  public record Returned(TaskSnapshot task, CaseType caseType, Instant dueAt, Instant appointmentAt)
      implements Result {
    public Returned {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(caseType, "caseType");
      Objects.requireNonNull(dueAt, "dueAt");
    }
  }

  /** Not taken: the task stays at the branch. */
  public record Invalid(String field, String reason) implements Result {
    public Invalid {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * @param reason why the task is at the branch
   * @param newPhones replacement numbers, or empty to keep the current ones
   * @param appointmentAt a time the branch booked with the customer, or null
   */
  public static Result apply(
      BranchReason reason,
      List<PhoneNumber> currentPhones,
      Set<Integer> currentStruck,
      List<PhoneNumber> newPhones,
      Instant appointmentAt,
      Instant now,
      ZoneId zone,
      CampaignRules rules) {
    if (newPhones.isEmpty() && appointmentAt == null) {
      return new Invalid("phones", "a return needs new phones, an appointment, or both");
    }
    if (reason == BranchReason.DUPLICATE_NUMBER && newPhones.isEmpty()) {
      return new Invalid("phones", "a duplicate-number case is resolved only by a new number");
    }
    if (newPhones.size() > TaskSnapshot.MAX_PHONES) {
      return new Invalid("phones", "at most " + TaskSnapshot.MAX_PHONES + " numbers");
    }
    List<PhoneNumber> phones = newPhones.isEmpty() ? currentPhones : newPhones;
    Set<Integer> struck = newPhones.isEmpty() ? currentStruck : Set.of();
    int first = TaskSnapshot.firstDialable(phones.size(), struck, 0);
    if (first < 0) {
      return new Invalid("phones", "no dialable number left: give new phones");
    }
    TaskSnapshot task = new TaskSnapshot(phones, struck, 1, first, List.of(), zone);
    if (appointmentAt == null) {
      return new Returned(task, CaseType.VERIFICATION, rules.window().nextOpen(now, zone), null);
    }
    // the branch booked the time with the customer: an early or late time is their own request
    AppointmentVerdict verdict =
        rules.appointments().judge(appointmentAt, true, now, zone, rules.window().holidays());
    return switch (verdict) {
      case AppointmentVerdict.Accepted a ->
          new Returned(task, CaseType.VERIFICATION, a.at(), a.at());
      case AppointmentVerdict.InPersonVisit v -> new Invalid("appointmentAt", v.why());
      case AppointmentVerdict.Rejected r -> new Invalid("appointmentAt", r.why());
    };
  }
}
