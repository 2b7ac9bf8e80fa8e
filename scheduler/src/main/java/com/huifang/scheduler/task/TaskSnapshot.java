package com.huifang.scheduler.task;

import com.huifang.scheduler.phone.PhoneNumber;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the rules need to know of a task at the moment of a decision.
 *
 * @param phones the task's numbers in dialling order (at most 4)
 * @param struck indexes into {@code phones} that are no longer dialled
 * @param passNo the current pass, from 1
 * @param phoneIndex the index of the number dialled last (or about to be dialled)
 * @param passStarts when each pass so far began (its first dial), for the daily cap and time slots
 * @param zone the customer's time zone (the task's, or the campaign's)
 */
public record TaskSnapshot(
    List<PhoneNumber> phones,
    Set<Integer> struck,
    int passNo,
    int phoneIndex,
    List<Instant> passStarts,
    ZoneId zone) {

  public static final int MAX_PHONES = 4;

  public TaskSnapshot {
    phones = List.copyOf(phones);
    struck = Set.copyOf(struck);
    passStarts = List.copyOf(passStarts);
    Objects.requireNonNull(zone, "zone");
    if (phones.isEmpty() || phones.size() > MAX_PHONES) {
      throw new IllegalArgumentException("a task has 1-" + MAX_PHONES + " numbers");
    }
    int count = phones.size();
    if (struck.stream().anyMatch(i -> i < 0 || i >= count)) {
      throw new IllegalArgumentException("struck index out of range: " + struck);
    }
    if (passNo < 1) {
      throw new IllegalArgumentException("passNo starts at 1");
    }
    if (phoneIndex < 0 || phoneIndex >= phones.size()) {
      throw new IllegalArgumentException("phoneIndex out of range: " + phoneIndex);
    }
  }

  /** The first index from {@code from} on that is not struck, or -1 when there is none. */
  public static int firstDialable(int count, Set<Integer> struck, int from) {
    for (int i = from; i < count; i++) {
      if (!struck.contains(i)) {
        return i;
      }
    }
    return -1;
  }
}
