package com.huifang.scheduler.store;

import com.huifang.scheduler.task.TaskState;
import java.util.UUID;

/**
 * One recorded state change of a task (a {@code task_history} row).
 *
 * @param cause why, e.g. {@code LEASED}, {@code OUTCOME_BUSY}, {@code SUMMARY_STANDARD}
 */
public record Transition(long taskId, TaskState from, TaskState to, String cause, UUID attemptId) {}
