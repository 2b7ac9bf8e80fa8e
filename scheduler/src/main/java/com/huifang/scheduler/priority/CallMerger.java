package com.huifang.scheduler.priority;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call per policyholder: tasks of one campaign due together are grouped by holder. Calls keep
 * the hand-out order of each holder's first task; inside a call, policies go in {@code ProductType}
 * order, then by policy number.
 */
public final class CallMerger {

  private static final Comparator<DueTask> QUESTIONNAIRE_ORDER =
      Comparator.comparing(DueTask::productType).thenComparing(DueTask::policyNo);

  private CallMerger() {}

  /** {@code due} is in hand-out order. */
  public static List<MergedCall> merge(List<DueTask> due) {
    Map<String, List<DueTask>> byHolder = new LinkedHashMap<>();
    for (DueTask t : due) {
      byHolder.computeIfAbsent(t.holderId(), h -> new ArrayList<>()).add(t);
    }
    List<MergedCall> calls = new ArrayList<>(byHolder.size());
    byHolder.forEach(
        (holder, tasks) -> {
          tasks.sort(QUESTIONNAIRE_ORDER);
          calls.add(new MergedCall(holder, tasks));
        });
    return calls;
  }
}
