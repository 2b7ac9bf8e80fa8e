package com.huifang.scheduler.task;

/** What a visit task is, as imported (api.md {@code caseType}). */
public enum CaseType {
  /** A new callback. */
  NEW,
  /** 核实件: returned by the branch after it fixed the number or booked a time. */
  VERIFICATION,
  /** 问题件. */
  PROBLEM,
  /** 次标准件. */
  SUB_STANDARD
}
