package com.huifang.dialer.engine;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** An autodialer that owns no calls and counts how often it is woken, for connector tests. */
record NoCallsHost(AtomicInteger wakes) implements AgentConnector.Host {

  NoCallsHost() {
    this(new AtomicInteger());
  }

  @Override
  public void track(LiveCall call) {}

  @Override
  public void forget(LiveCall call) {}

  @Override
  public Future<Void> dialCustomer(LiveCall call) {
    return Future.failedFuture("no calls here");
  }

  @Override
  public void wake() {
    wakes.incrementAndGet();
  }

  @Override
  public boolean running() {
    return true;
  }
}
