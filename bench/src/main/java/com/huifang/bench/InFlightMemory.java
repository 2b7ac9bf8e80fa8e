package com.huifang.bench;

import com.huifang.dialer.call.CallEvent;
import com.huifang.dialer.call.CallTracker;
import com.huifang.dialer.call.OutcomeClassifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Heap held by the call tracker for {@code calls} calls in flight at once, each with both Local
 * legs created, ringing and answered (the state a busy centre's calls are in), measured as the
 * growth of the used heap after full collections.
 */
final class InFlightMemory {

  private InFlightMemory() {}

  /** Megabytes of heap for {@code calls} calls in flight. */
  static double megabytes(int calls) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settle(memory);
    CallTracker tracker = CallTracker.withDefaults(OutcomeClassifier.withDefaults());
    Instant now = Instant.now();
    for (int i = 0; i < calls; i++) {
      UUID id = UUID.randomUUID();
      String a = id.toString();
      String one =
          "Local/1380000" + (1000 + i % 9000) + "@outcomes-" + Integer.toHexString(i) + ";1";
      String two = one.substring(0, one.length() - 1) + "2";
      tracker.expect(id, a, now, Duration.ofSeconds(30));
      tracker.accept(new CallEvent.ChannelCreated(one, a, a, "Down", now));
      tracker.accept(new CallEvent.ChannelCreated(two, a + ";2", a, "Ring", now));
      tracker.accept(new CallEvent.StateChanged(one, a, a, "Ringing", now));
      tracker.accept(new CallEvent.StateChanged(two, a + ";2", a, "Up", now));
      tracker.accept(new CallEvent.StateChanged(one, a, a, "Up", now));
    }
    long after = settle(memory);
    if (tracker.inFlight() != calls) {
      throw new IllegalStateException("tracker follows " + tracker.inFlight() + " calls");
    }
    return (after - before) / (1024.0 * 1024.0);
  }

  private static long settle(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
