package com.huifang.scheduler.retry;

import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.SummaryReason;
import com.huifang.scheduler.task.TaskSnapshot;
import com.huifang.scheduler.window.AppointmentVerdict;
import java.time.Instant;

/**
 * What follows an agent's summary (domain.md "Results of a completed callback"): standard and
 * sub-standard close the task; problem and verification cases go to the branch with their
 * categories; a retry ({@code NOT_PRESENT}, {@code INCONVENIENT}, {@code EARLY_HANGUP}) goes to the
 * next pass, or to the appointment given when the appointment rule accepts it. A number answered by
 * the wrong person ({@code WRONG_PERSON}) is struck and the pass goes on with the next number, as
 * domain.md has each pass dial every number until the right person answers; the task goes to the
 * branch ({@code WRONG_NUMBER}) only when no number is left. A surrender warning is carried
 * whatever the result.
 */
public final class SummaryRules {

  private SummaryRules() {}

  public static SummaryDecision decide(
      TaskSnapshot task, AgentSummary summary, Instant now, CampaignRules rules) {
    boolean warn = summary.surrenderWarning();
    return switch (summary.result()) {
      case STANDARD, SUB_STANDARD ->
          new SummaryDecision.Decided(new Decision.Close(summary.result()), warn);
      case PROBLEM ->
          summary.categories().isEmpty()
              ? new SummaryDecision.Invalid(
                  "categories", "a problem case needs at least one category")
              : toBranch(BranchReason.PROBLEM, summary, warn);
      case VERIFICATION ->
          summary.reason() == SummaryReason.WRONG_PERSON
              ? new SummaryDecision.Decided(OutcomeRules.strike(task, now, rules), warn)
              : toBranch(verificationReason(summary.reason()), summary, warn);
      case RETRY -> retry(task, summary, now, rules);
    };
  }

  private static SummaryDecision retry(
      TaskSnapshot task, AgentSummary summary, Instant now, CampaignRules rules) {
    SummaryReason reason = summary.reason();
    if (reason == null) {
      return new SummaryDecision.Invalid("reason", "a retry needs NOT_PRESENT or INCONVENIENT");
    }
    switch (reason) {
      case NOT_PRESENT, INCONVENIENT, EARLY_HANGUP, OTHER -> {}
      case REFUSED, WRONG_PERSON, LANGUAGE, POLICY_DATA_WRONG, CONTRACT_NOT_RECEIVED -> {
        return new SummaryDecision.Invalid(
            "reason", reason + " makes a verification case, not a retry");
      }
    }
    boolean warn = summary.surrenderWarning();
    if (summary.appointmentAt() == null) {
      return new SummaryDecision.Decided(
          OutcomeRules.nextPass(task, task.struck(), now, rules), warn);
    }
    AppointmentVerdict verdict =
        rules
            .appointments()
            .judge(
                summary.appointmentAt(),
                summary.explicitRequest(),
                now,
                task.zone(),
                rules.window().holidays());
    return switch (verdict) {
      case AppointmentVerdict.Accepted a ->
          new SummaryDecision.Decided(new Decision.Appointment(task.phoneIndex(), a.at()), warn);
      case AppointmentVerdict.InPersonVisit v ->
          new SummaryDecision.Decided(new Decision.ToBranch(BranchReason.IN_PERSON_VISIT), warn);
      case AppointmentVerdict.Rejected r -> new SummaryDecision.Invalid("appointmentAt", r.why());
    };
  }

  private static SummaryDecision toBranch(BranchReason reason, AgentSummary summary, boolean warn) {
    return new SummaryDecision.Decided(new Decision.ToBranch(reason, summary.categories()), warn);
  }

  /** The 核实件 reason of domain.md that an agent's summary reason stands for. */
  static BranchReason verificationReason(SummaryReason reason) {
    if (reason == null) {
      return BranchReason.VERIFICATION;
    }
    return switch (reason) {
      case REFUSED -> BranchReason.REFUSED;
      case LANGUAGE -> BranchReason.LANGUAGE;
      case POLICY_DATA_WRONG -> BranchReason.POLICY_DATA_WRONG;
      case CONTRACT_NOT_RECEIVED -> BranchReason.CONTRACT_NOT_RECEIVED;
      case WRONG_PERSON -> BranchReason.WRONG_NUMBER;
      case NOT_PRESENT, INCONVENIENT, EARLY_HANGUP, OTHER -> BranchReason.VERIFICATION;
    };
  }
}
