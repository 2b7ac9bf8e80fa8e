package com.huifang.scheduler.task;

/** The result an agent gives in the call summary (电话回访结果, api.md {@code result}). */
public enum SummaryResult {
  STANDARD,
  SUB_STANDARD,
  PROBLEM,
  VERIFICATION,
  RETRY
}
