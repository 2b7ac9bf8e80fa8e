/**
 * Who is handed out first. Entry points for the store:
 *
 * <ul>
 *   <li>{@link com.huifang.scheduler.priority.Admission#admit}: state, tier, deadline and due time
 *       of an imported task
 *   <li>{@link com.huifang.scheduler.priority.TierRule#tierOf} and {@link
 *       com.huifang.scheduler.priority.TierRule#month}: the {@code tier} column and when to
 *       recompute it (months turn in the campaign's zone)
 *   <li>{@link com.huifang.scheduler.priority.HandOutOrder#at}: the order the lease query's {@code
 *       ORDER BY} must reproduce
 *   <li>{@link com.huifang.scheduler.priority.CallMerger#merge}: one call per policyholder
 *   <li>{@link com.huifang.scheduler.priority.Deadlines} and {@link
 *       com.huifang.scheduler.priority.BranchLimit}: callback and branch deadlines
 * </ul>
 */
package com.huifang.scheduler.priority;
