package com.huifang.dialer.ami;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events from a foreign reader thread to a Vert.x context, in order and without loss. When
 * the bounded queue is full the reader thread waits (the PBX's TCP stream backs up) instead of
 * dropping; each such wait is counted ({@code ami_event_queue_full_total}) and logged.
 */
final class EventPump<E> {

  private static final Logger LOG = LoggerFactory.getLogger(EventPump.class);
  private static final int DRAIN_BATCH = 512;

  private final Context context;
  private final String pbx;
  private final int capacity;
  private final BlockingQueue<E> queue;
  private final Handler<E> handler;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Counter received;
  private final Counter queueFull;

  EventPump(Context context, String pbx, int capacity, MeterRegistry registry, Handler<E> handler) {
    this.context = context;
    this.pbx = pbx;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.handler = handler;
    Tags tags = Tags.of("pbx", pbx);
    this.received = registry.counter("ami_events_total", tags);
    this.queueFull = registry.counter("ami_event_queue_full_total", tags);
    Gauge.builder("ami_event_queue_depth", queue, BlockingQueue::size)
        .tags(tags)
        .register(registry);
  }

  /** Called on the reader thread; blocks only while the queue is full. */
  void offer(E event) {
    received.increment();
    if (!queue.offer(event)) {
      queueFull.increment();
      LOG.warn("event=ami_event_queue_full pbx={} capacity={} action=reader_waits", pbx, capacity);
      try {
        queue.put(event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.error(
            "event=ami_event_lost pbx={} reason=reader_interrupted type={}",
            pbx,
            event.getClass().getSimpleName());
        return;
      }
    }
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(false);
    for (int i = 0; i < DRAIN_BATCH; i++) {
      E e = queue.poll();
      if (e == null) {
        return;
      }
      try {
        handler.handle(e);
      } catch (RuntimeException failure) {
        LOG.error(
            "event=ami_event_handler_failed pbx={} type={}",
            pbx,
            e.getClass().getSimpleName(),
            failure);
      }
    }
    if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }
}
