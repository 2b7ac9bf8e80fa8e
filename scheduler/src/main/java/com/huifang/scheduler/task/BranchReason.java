package com.huifang.scheduler.task;

/** Why a task went to the branch (核实件 and 问题件 reasons of domain.md). */
public enum BranchReason {
  /** Every pass used, never reached (回访期内无法联系). */
  UNREACHABLE,
  /** No dialable number left (电话错误). */
  WRONG_NUMBER,
  /** The number is shared by three holders or is the selling agent's own (重复号码). */
  DUPLICATE_NUMBER,
  /** The agent's summary: a problem case (问题件). */
  PROBLEM,
  /** The agent's summary: a verification case (核实件). */
  VERIFICATION,
  /** The customer refused the callback (拒访). */
  REFUSED,
  /** The customer asked for a time outside what may be booked: visit in person (上门回访). */
  IN_PERSON_VISIT,
  /** The customer does not speak a language the centre covers (语言障碍). */
  LANGUAGE,
  /** The policy data is wrong (保单资料错误). */
  POLICY_DATA_WRONG,
  /** The customer has not received the contract yet (未收到合同). */
  CONTRACT_NOT_RECEIVED
}
