package com.huifang.dialer.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls this node has up, by attempt, and the gauge of calls in flight on each PBX that they
 * keep; only touched on the autodialer's context.
 */
final class LiveCalls {

  private final Map<UUID, LiveCall> calls = new HashMap<>();
  private final Map<String, AtomicInteger> perPbx = new HashMap<>();

  LiveCalls(List<PbxPort> pbxs, MeterRegistry registry) {
    for (PbxPort p : pbxs) {
      AtomicInteger n = new AtomicInteger();
      perPbx.put(p.name(), n);
      Gauge.builder("dialer_calls_in_flight", n, AtomicInteger::get)
          .tags(Tags.of("pbx", p.name()))
          .register(registry);
    }
  }

  /** Tracks the call under its attempt (again, after its agent was rung first, is a no-op). */
  void track(LiveCall call) {
    if (calls.put(call.lease.attemptId(), call) == null) {
      perPbx.get(call.pbx.name()).incrementAndGet();
    }
  }

  /** Stops tracking this very call; false when its attempt is not tracked with it. */
  boolean forget(LiveCall call) {
    if (!calls.remove(call.lease.attemptId(), call)) {
      return false;
    }
    perPbx.get(call.pbx.name()).decrementAndGet();
    return true;
  }

  /** Stops tracking the attempt's call and returns it; null when none is tracked. */
  LiveCall remove(UUID attemptId) {
    LiveCall call = calls.remove(attemptId);
    if (call != null) {
      perPbx.get(call.pbx.name()).decrementAndGet();
    }
    return call;
  }

  LiveCall get(UUID attemptId) {
    return calls.get(attemptId);
  }

  boolean has(UUID attemptId) {
    return calls.containsKey(attemptId);
  }

  /** The calls up now, as a copy that may be walked while calls end. */
  List<LiveCall> all() {
    return List.copyOf(calls.values());
  }

  /** The calls up now, not to be kept. */
  Collection<LiveCall> view() {
    return calls.values();
  }

  int size() {
    return calls.size();
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }
}
