package com.huifang.scheduler.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the monthly report needs to know of one visit task, as recorded up to the report's
 * statistics time.
 *
 * @param dueAt when the callback became due (receipt write-off, or import for other kinds); the
 *     report month is decided by this instant in the report's time zone
 * @param coolingOffEnd the end of the cooling-off period (犹豫期), when known
 * @param succeededAt when the customer was reached and the questionnaire completed (standard,
 *     sub-standard or problem case), by any method
 * @param method how that success was achieved; present exactly when {@code succeededAt} is
 * @param refused the customer refused the callback (拒访)
 * @param cancelledBeforeCallbackAt the policy was withdrawn or surrendered (撤单/退保) before any
 *     successful callback
 * @param problem present when the callback found a problem case (问题件)
 */
public record ReportTask(
    long taskId,
    String branch,
    Instant dueAt,
    Optional<Instant> coolingOffEnd,
    Optional<Instant> succeededAt,
    Optional<CallbackMethod> method,
    boolean refused,
    Optional<Instant> cancelledBeforeCallbackAt,
    Optional<Problem> problem) {

  /**
   * A problem case found by the callback.
   *
   * @param categories e.g. {@code MISLEADING}, {@code PROXY_SIGNATURE}, {@code CANNOT_RECALL}
   * @param cause the agent's or branch's stated cause, free text kept verbatim
   * @param resolvedAt when the branch finished handling it (处理完毕)
   */
  public record Problem(List<String> categories, String cause, Optional<Instant> resolvedAt) {
    public Problem {
      categories = List.copyOf(categories);
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(resolvedAt, "resolvedAt");
      if (categories.isEmpty()) {
        throw new IllegalArgumentException("a problem case has at least one category");
      }
    }
  }

  public ReportTask {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(coolingOffEnd, "coolingOffEnd");
    Objects.requireNonNull(succeededAt, "succeededAt");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(cancelledBeforeCallbackAt, "cancelledBeforeCallbackAt");
    Objects.requireNonNull(problem, "problem");
    if (succeededAt.isPresent() != method.isPresent()) {
      throw new IllegalArgumentException(
          "task " + taskId + ": a method is given exactly for a successful callback");
    }
    if (problem.isPresent() && succeededAt.isEmpty()) {
      throw new IllegalArgumentException(
          "task " + taskId + ": a problem case is found only by a successful callback");
    }
  }

  /** Succeeded at or before {@code asOf}. */
  boolean succeededBy(Instant asOf) {
    return succeededAt.filter(t -> !t.isAfter(asOf)).isPresent();
  }

  /** Succeeded by {@code asOf} and no later than the end of the cooling-off period. */
  boolean succeededInCoolingOffBy(Instant asOf) {
    return succeededBy(asOf)
        && coolingOffEnd.filter(end -> !succeededAt.orElseThrow().isAfter(end)).isPresent();
  }
}
