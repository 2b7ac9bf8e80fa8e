package com.huifang.scheduler.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tasks of the calls this store leased, as the lease wrote them, until their outcome: with them
 * an outcome is decided without reading the tasks again, and written in one statement that checks
 * each task's version (and the attempt's dial mark) is still the one held here. Anything that moved
 * a task meanwhile (an expired lease, a re-import, another node) changed its version, and the
 * outcome is then recorded from the database instead. Forgetting a call costs only that longer way,
 * so the memory is bounded: the oldest calls are dropped first.
 */
final class HeldCalls {

  /**
   * One leased call.
   *
   * @param tasks in the attempt's questionnaire order, as the lease wrote them
   * @param versions each task's version after the lease, in the same order
   * @param dialedAt the dial mark this store wrote, as the database stored it; null until then
   */
  record Held(List<StoredTask> tasks, List<Long> versions, Instant dialedAt) {
    Held {
      tasks = List.copyOf(tasks);
      versions = List.copyOf(versions);
      if (tasks.isEmpty() || tasks.size() != versions.size()) {
        throw new IllegalArgumentException(
            tasks.size() + " tasks and " + versions.size() + " versions held");
      }
    }

    long campaignId() {
      return tasks.getFirst().campaignId();
    }
  }

  private final Map<UUID, Held> held;

  /** Holds at most {@code capacity} calls, dropping the oldest. */
  HeldCalls(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.held =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UUID, Held> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void hold(UUID attemptId, List<StoredTask> tasks, List<Long> versions) {
    held.put(attemptId, new Held(tasks, versions, null));
  }

  /** Records the dial mark of a held call. */
  synchronized void dialled(UUID attemptId, Instant at) {
    held.computeIfPresent(attemptId, (id, h) -> new Held(h.tasks(), h.versions(), at));
  }

  synchronized Optional<Held> get(UUID attemptId) {
    return Optional.ofNullable(held.get(attemptId));
  }

  synchronized void forget(UUID attemptId) {
    held.remove(attemptId);
  }

  synchronized int size() {
    return held.size();
  }
}
