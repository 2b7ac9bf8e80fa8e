package com.huifang.scheduler.retry;

import java.util.Objects;

/** The effect of an agent's summary, or why the summary cannot be taken as given. */
public sealed interface SummaryDecision {

  /** Act on {@code decision}; keep and report the surrender warning (退保预警) if set. */
  record Decided(Decision decision, boolean surrenderWarning) implements SummaryDecision {
    public Decided {
      Objects.requireNonNull(decision, "decision");
    }
  }

  /** The summary is inconsistent; nothing is changed and the agent is told which field. */
  record Invalid(String field, String reason) implements SummaryDecision {
    public Invalid {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
