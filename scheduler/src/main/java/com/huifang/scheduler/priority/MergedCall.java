package com.huifang.scheduler.priority;

import java.util.List;
import java.util.Objects;

/**
 * One call to one policyholder carrying all their due policies, questionnaires in product order (传统
 * → 分红 → 万能, {@code ProductType} declaration order).
 */
public record MergedCall(String holderId, List<DueTask> tasks) {

  public MergedCall {
    Objects.requireNonNull(holderId, "holderId");
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a call carries at least one task");
    }
    if (tasks.stream().anyMatch(t -> !t.holderId().equals(holderId))) {
      throw new IllegalArgumentException("a merged call carries one policyholder's tasks only");
    }
  }

  public List<String> policyNos() {
    return tasks.stream().map(DueTask::policyNo).toList();
  }

  public List<Long> taskIds() {
    return tasks.stream().map(DueTask::taskId).toList();
  }
}
