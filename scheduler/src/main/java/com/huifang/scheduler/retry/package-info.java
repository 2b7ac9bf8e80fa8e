/**
 * What follows a dial or a summary: pure functions the store calls inside its transaction and
 * executes the result of. Entry points:
 *
 * <ul>
 *   <li>{@link com.huifang.scheduler.retry.OutcomeRules#decide} after each dial outcome
 *   <li>{@link com.huifang.scheduler.retry.SummaryRules#decide} after the agent's call summary
 *   <li>{@link com.huifang.scheduler.retry.BranchReturn#apply} when a branch returns a case
 * </ul>
 *
 * <p>Time is always an argument; nothing here reads a clock, a database or the network.
 */
package com.huifang.scheduler.retry;
