package com.huifang.scheduler.outcome;

/** How the scheduler treats an outcome of one dial (domain.md, 回访不成功原因). */
public enum OutcomeClass {
  /** The customer was reached; what follows is the agent's call summary. */
  CONNECTED,
  /** Dial again: the next number of this pass, or the next pass. */
  RETRY,
  /** The line failed; this number is retried on the next pass. */
  LINE_PROBLEM,
  /** The number itself is bad: struck from the task. */
  NUMBER_PROBLEM,
  /** We lost track of the call; never re-dialled until reconciled against the PBX. */
  UNRESOLVED
}
