package com.huifang.scheduler.task;

/**
 * Product lines, declared in the order their questionnaires are read in one merged call (传统 → 分红 →
 * 万能, domain.md); products outside the three come last.
 */
public enum ProductType {
  TRADITIONAL,
  PARTICIPATING,
  UNIVERSAL,
  INVESTMENT_LINKED,
  HEALTH,
  ACCIDENT,
  OTHER
}
