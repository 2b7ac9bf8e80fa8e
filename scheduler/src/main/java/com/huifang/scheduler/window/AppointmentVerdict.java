package com.huifang.scheduler.window;

import java.time.Instant;
import java.util.Objects;

/** What becomes of a requested appointment (预约). */
public sealed interface AppointmentVerdict {

  /** Bookable: the task is dialled at {@code at}, ahead of tier order. */
  record Accepted(Instant at) implements AppointmentVerdict {
    public Accepted {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Not a time the centre may call: the branch visits the customer instead (上门回访, {@code
   * BranchReason.IN_PERSON_VISIT}).
   */
  record InPersonVisit(String why) implements AppointmentVerdict {
    public InPersonVisit {
      Objects.requireNonNull(why, "why");
    }
  }

  /**
   * The request itself is not valid as given (in the past, or an early/late time not marked as the
   * customer's explicit request): the caller should ask again rather than act on it.
   */
  record Rejected(String why) implements AppointmentVerdict {
    public Rejected {
      Objects.requireNonNull(why, "why");
    }
  }
}
