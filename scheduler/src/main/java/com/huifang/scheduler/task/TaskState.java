package com.huifang.scheduler.task;

/** Where a visit task is in its life. */
public enum TaskState {
  /** In the pool: dialable at or after its next due time. */
  PENDING,
  /** Leased to a dialer node for an attempt. */
  DIALING,
  /** The customer was reached; waiting for the agent's call summary. */
  AWAITING_SUMMARY,
  /** An attempt's fate is not known (a node died mid-call); not dialled until reconciled. */
  UNRESOLVED,
  /** Settled: standard or sub-standard callback. */
  DONE,
  /** Handed to the branch; comes back through {@code POST /api/tasks/{id}/return}. */
  AT_BRANCH,
  /** Never dialled: the policyholder signed an opt-out (免回访声明). */
  EXEMPT,
  /** The campaign was stopped before the task was settled. */
  CANCELLED
}
