package com.huifang.bench;

import com.huifang.dialer.config.DialerConfig;
import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.PgServer;
import com.huifang.testkit.PgServers;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar bench/target/bench.jar [--seconds N] [--only ami|scheduler|dial]}: runs every
 * benchmark on this machine against a fresh database ({@code PG_URL}, else an embedded server) and
 * prints one table.
 */
public final class BenchMain {

  static final int[] CONCURRENCY = {1, 4, 16};

  /** The dialer node's connection pool ({@code pg.poolSize} default). */
  static final int DIALER_POOL = DialerConfig.DEFAULT_PG_POOL_SIZE;

  /** Rounds of each side of the AMI ingestion comparison. */
  static final int INGEST_ROUNDS = 5;

  /** Calls the round-trip run keeps going at once. */
  static final int ROUND_TRIPS_IN_FLIGHT = 50;

  /** Simulated PBXs of the dial loop (120 channels and 120 agents each). */
  static final int DIAL_LOOP_PBXS = 4;

  /** The dial loop is sustained for a minute at least. */
  static final int DIAL_LOOP_SECONDS = 60;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(seconds(args, 10));
    Duration warmup = measure.dividedBy(3);
    PgServer server = PgServers.shared();
    Vertx vertx = Vertx.vertx();
    List<Figure> figures = new ArrayList<>();
    try {
      String only = only(args);
      boolean scheduler = only == null || only.equals("scheduler");
      boolean ingestion = only == null || only.equals("ami");
      boolean dialLoop = only == null || only.equals("dial");
      if (ingestion) {
        AmiIngestBench ami = new AmiIngestBench(20_000);
        ami.bare(); // warm-up of both paths
        ami.adapter();
        // rounds of each side in turn, median of each: on 2 cores one round of either moves by
        // a third from run to run, and the two must see the same machine
        double[] bareRounds = new double[INGEST_ROUNDS];
        double[] ourRounds = new double[INGEST_ROUNDS];
        for (int i = 0; i < INGEST_ROUNDS; i++) {
          bareRounds[i] = ami.bare().eventsPerSecond();
          ourRounds[i] = ami.adapter().eventsPerSecond();
        }
        double bare = median(bareRounds);
        double ours = median(ourRounds);
        figures.add(
            versus(
                "AMI ingestion",
                "recorded stream to classified outcomes, our adapter, median of " + INGEST_ROUNDS,
                ours,
                "events/s",
                "asterisk-java bare listener",
                bare,
                Optional.of(new Figure.Requirement.MinRatio(0.8))));
        RoundTripBench.Result rt =
            new RoundTripBench(vertx, ROUND_TRIPS_IN_FLIGHT).run(warmup, measure);
        if (rt.wrongOutcomes() != 0) {
          throw new IllegalStateException(
              rt.wrongOutcomes() + " busy calls were not classified BUSY in the round-trip run");
        }
        figures.add(
            informative(
                "AMI round trips",
                "originate to classified outcome, simulated PBX, instant busy, "
                    + ROUND_TRIPS_IN_FLIGHT
                    + " in flight",
                rt.roundTripsPerSecond(),
                "calls/s"));
        figures.add(
            new Figure(
                "calls in flight",
                "heap for 10,000 calls in flight (call tracker)",
                InFlightMemory.megabytes(10_000),
                "MB",
                Optional.empty(),
                Optional.of(new Figure.Requirement.MaxValue(256))));
      }
      if (scheduler) {
        figures.addAll(scheduler(vertx, server, warmup, measure));
      }
      if (dialLoop) {
        figures.addAll(dialLoop(vertx, server, warmup, measure));
      }
    } finally {
      vertx.close().await();
    }
    System.out.println();
    System.out.println(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, JDK "
            + Runtime.version()
            + ", database "
            + server.source());
    System.out.print(Table.render(figures));
    boolean failed = figures.stream().anyMatch(f -> f.passed().orElse(true).equals(false));
    if (failed) {
      System.exit(1);
    }
  }

  /**
   * The scheduler's hand-out on a database of its own, dropped before the next group runs, so that
   * the dial loop does not share the server with its million-row tables (their autovacuum, their
   * dirty pages).
   */
  private static List<Figure> scheduler(
      Vertx vertx, PgServer server, Duration warmup, Duration measure) {
    PgUrl db = server.createDatabase("bench");
    try {
      List<Figure> figures = new ArrayList<>();
      LeaseBench lease = new LeaseBench(vertx, db, warmup, measure);
      lease.seed();
      InsertBaseline.Beside inserts =
          new InsertBaseline.Beside("scheduler hand-out", vertx, db, warmup, measure);
      Load.Result fresh4 = null;
      for (int workers : CONCURRENCY) {
        String leasers = workers + " leasers";
        Load.Result one =
            inserts.judge(
                figures,
                workers,
                "lease batch 1, " + leasers,
                "rows/s",
                Optional.empty(),
                () -> lease.lease(workers, 1));
        Load.Result fifty =
            inserts.judge(
                figures,
                workers,
                "lease batch 50, " + leasers,
                "rows/s",
                Optional.of(new Figure.Requirement.MinRatio(1.0)),
                () -> lease.lease(workers, 50));
        for (int batch : new int[] {1, 50}) {
          inserts.judge(
              figures,
              workers,
              "lease-then-complete batch " + batch + ", " + leasers,
              "attempts/s",
              Optional.of(new Figure.Requirement.MinRatio(0.2)),
              () -> lease.leaseThenComplete(workers, batch));
        }
        if (workers == 4) {
          fresh4 = fifty;
          figures.add(p99("lease batch 1, 4 leasers", one));
          figures.add(p99("lease batch 50, 4 leasers", fifty));
        }
      }
      lease.pileUpHistory();
      Load.Result after = lease.lease(4, 50);
      figures.add(
          new Figure(
              "scheduler hand-out",
              "lease batch 50, 4 leasers, after " + LeaseBench.FINISHED + " finished attempts",
              after.rowsPerSecond(),
              "rows/s",
              Optional.of(new Figure.Reference("same on the fresh table", fresh4.rowsPerSecond())),
              Optional.of(new Figure.Requirement.MinRatio(0.75)),
              after.disk()));
      return figures;
    } finally {
      server.dropDatabase(db);
    }
  }

  /**
   * The dial loop of one node for {@link #DIAL_LOOP_SECONDS} (at least), on a database of its own,
   * against single-row INSERTs at the node's pool size; then idle-to-originate latency.
   */
  private static List<Figure> dialLoop(
      Vertx vertx, PgServer server, Duration warmup, Duration measure) throws Exception {
    PgUrl db = server.createDatabase("bench_dial");
    try {
      Pool pool = pool(vertx, db, DIALER_POOL);
      Load.Result insert = InsertBaseline.measure(vertx, pool, DIALER_POOL, warmup, measure);
      pool.close().await();
      Duration sustain = Duration.ofSeconds(Math.max(DIAL_LOOP_SECONDS, measure.toSeconds()));
      DialLoopBench.Result r =
          new DialLoopBench(db, DIAL_LOOP_PBXS, 800_000).run(Duration.ofSeconds(5), sustain, 300);
      if (r.duplicateOriginates() != 0) {
        throw new IllegalStateException(
            r.duplicateOriginates() + " attempts were originated twice in the dial loop");
      }
      if (r.pendingLeft() == 0) {
        throw new IllegalStateException("the dial loop ran out of due tasks before the end");
      }
      return List.of(
          new Figure(
              "dial loop",
              "lease, AMI originate, classify, record; "
                  + sustain.toSeconds()
                  + " s, one node, "
                  + DIAL_LOOP_PBXS
                  + " PBXs, busy at once",
              r.attemptsPerSecond(),
              "attempts/s",
              Optional.of(
                  new Figure.Reference(
                      "single-row INSERT, " + DIALER_POOL + " writers",
                      insert.rowsPerSecond(),
                      insert.disk())),
              Optional.of(new Figure.Requirement.MinRatio(0.2)),
              r.disk()),
          new Figure(
              "dial loop",
              "p50 agent idle (API) to originate at the PBX",
              r.idleToOriginateP50Millis(),
              "ms",
              Optional.empty(),
              Optional.empty()),
          new Figure(
              "dial loop",
              "p99 agent idle (API) to originate at the PBX",
              r.idleToOriginateP99Millis(),
              "ms",
              Optional.empty(),
              Optional.of(new Figure.Requirement.MaxValue(50))));
    } finally {
      server.dropDatabase(db);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static Figure informative(String group, String name, double value, String unit) {
    return new Figure(group, name, value, unit, Optional.empty(), Optional.empty());
  }

  private static Figure versus(
      String group,
      String name,
      double value,
      String unit,
      String reference,
      double referenceValue,
      Optional<Figure.Requirement> requirement) {
    return new Figure(
        group,
        name,
        value,
        unit,
        Optional.of(new Figure.Reference(reference, referenceValue)),
        requirement);
  }

  private static Figure p99(String name, Load.Result r) {
    return new Figure(
        "scheduler hand-out",
        "p99 latency, " + name,
        r.p99Millis(),
        "ms",
        Optional.empty(),
        Optional.of(new Figure.Requirement.MaxValue(10)),
        r.disk());
  }

  static Pool pool(Vertx vertx, PgUrl db, int size) {
    return StorePool.create(vertx, db, size, "bench");
  }

  /** {@code --only NAME}: run that group alone ({@code ami}, {@code scheduler} or {@code dial}). */
  private static String only(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--only")) {
        String name = args[i + 1];
        if (!List.of("ami", "scheduler", "dial").contains(name)) {
          throw new IllegalArgumentException(
              "--only takes ami, scheduler or dial, got '" + name + "'");
        }
        return name;
      }
    }
    return null;
  }

  private static int seconds(String[] args, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--seconds")) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
