package com.huifang.scheduler.report;

import com.huifang.scheduler.outcome.Outcome;
import java.time.Instant;
import java.util.Objects;

/** One dial: when it was made and how it ended. */
public record ReportAttempt(Instant at, Outcome outcome) {

  public ReportAttempt {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
  }
}
