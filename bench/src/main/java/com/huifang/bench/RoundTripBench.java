package com.huifang.bench;

import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.ami.AmiPbx;
import com.huifang.dialer.config.AmiEndpoint;
import com.huifang.dialer.config.PbxSettings;
import com.huifang.dialer.engine.CallEnd;
import com.huifang.dialer.engine.CallListener;
import com.huifang.dialer.engine.DialRequest;
import com.huifang.dialer.engine.PbxPort;
import com.huifang.dialer.pbx.Backoff;
import com.huifang.dialer.sim.SimPbx;
import com.huifang.postgres.Trees;
import com.huifang.scheduler.outcome.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Originate-to-outcome round trips over AMI: our PBX port keeps {@code inFlight} calls to busy
 * numbers going against the simulated PBX (instant outcomes), each one an originate, its events
 * through the translator and tracker, and a classified {@code BUSY} back. No database.
 */
final class RoundTripBench {

  /** What one run measured. */
  record Result(double roundTripsPerSecond, long roundTrips, long wrongOutcomes) {}

  private final Vertx vertx;
  private final int inFlight;

  RoundTripBench(Vertx vertx, int inFlight) {
    this.vertx = vertx;
    this.inFlight = inFlight;
  }

  Result run(Duration warmup, Duration measure) throws Exception {
    Path recordings = Files.createTempDirectory("round-trip");
    SimPbx sim = SimPbx.start(vertx, SimPbx.Settings.forTests(recordings)).await();
    // the port and every call of it run on this one context, as in the service
    Context context = vertx.getOrCreateContext();
    AtomicLong ended = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    Map<UUID, Promise<Void>> waiting = new ConcurrentHashMap<>();
    Promise<AmiPbx> ready = Promise.promise();
    context.runOnContext(
        v -> {
          AmiPbx p = pbx(sim, recordings);
          p.listen(
              new CallListener() {
                @Override
                public void answered(UUID attemptId, Instant at) {}

                @Override
                public void agentAnswered(UUID attemptId, Instant at) {}

                @Override
                public void agentUnreachable(UUID attemptId, String dialStatus) {}

                @Override
                public void ended(CallEnd end) {
                  ended.incrementAndGet();
                  if (end.outcome() != Outcome.BUSY) {
                    wrong.incrementAndGet();
                  }
                  Promise<Void> w = waiting.remove(end.attemptId());
                  if (w != null) {
                    w.complete();
                  }
                }

                @Override
                public void reconnected(PbxPort pbx) {}
              });
          p.start();
          ready.complete(p);
        });
    AmiPbx pbx = ready.future().await();
    try {
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!pbx.available() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      if (!pbx.available()) {
        throw new IllegalStateException("the AMI port did not log in to the simulated PBX");
      }
      long stopAt = System.nanoTime() + warmup.plus(measure).toNanos();
      for (int i = 0; i < inFlight; i++) {
        context.runOnContext(v -> loop(pbx, waiting, stopAt));
      }
      Thread.sleep(warmup.toMillis());
      long before = ended.get();
      long t0 = System.nanoTime();
      Thread.sleep(measure.toMillis());
      long n = ended.get() - before;
      double seconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(500); // the loops see the deadline and stop
      return new Result(n / seconds, n, wrong.get());
    } finally {
      // logged off before the simulated PBX goes, which would leave the Logoff unanswered
      Promise<Void> loggedOff = Promise.promise();
      context.runOnContext(v -> pbx.stop().onComplete(loggedOff));
      loggedOff.future().await();
      sim.close().await();
      Trees.delete(recordings);
    }
  }

  /** One call after another, each dialled when the previous one's outcome is in. */
  private void loop(AmiPbx pbx, Map<UUID, Promise<Void>> waiting, long stopAt) {
    if (System.nanoTime() > stopAt) {
      return;
    }
    UUID id = UUID.randomUUID();
    Promise<Void> done = Promise.promise();
    waiting.put(id, done);
    Future<Void> sent =
        pbx.dial(new DialRequest(id, "13800001017", Duration.ofSeconds(30), Map.of()));
    sent.compose(v -> done.future())
        .onComplete(
            r -> {
              waiting.remove(id);
              loop(pbx, waiting, stopAt);
            });
  }

  private AmiPbx pbx(SimPbx sim, Path recordings) {
    PbxSettings settings =
        new PbxSettings(
            "bench",
            Optional.of(new AmiEndpoint("127.0.0.1", sim.port(), "dialer", "change-me")),
            Optional.empty(),
            "Local/{number}@outcomes",
            "Local/{extension}@agents",
            inFlight,
            recordings);
    return new AmiPbx(
        vertx,
        settings,
        new AmiConnection.Settings(
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.0),
            Duration.ofSeconds(5),
            100_000,
            RandomGenerator.getDefault(),
            Clock.systemUTC()),
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }
}
