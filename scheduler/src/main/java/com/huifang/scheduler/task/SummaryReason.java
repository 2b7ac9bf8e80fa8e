package com.huifang.scheduler.task;

/** The reason an agent gives with a summary (api.md {@code reason}). */
public enum SummaryReason {
  /** 本人不在: someone else answered; the customer is back within 5 days. */
  NOT_PRESENT,
  /** 不方便接听: the customer cannot talk now and gave no time. */
  INCONVENIENT,
  /** 提前挂机. */
  EARLY_HANGUP,
  /** 拒访. */
  REFUSED,
  /** The person reached is not the policyholder and will not pass it on. */
  WRONG_PERSON,
  /** 语言障碍. */
  LANGUAGE,
  POLICY_DATA_WRONG,
  CONTRACT_NOT_RECEIVED,
  OTHER
}
