package com.huifang.bench;

import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.PgServer;
import com.huifang.testkit.PgServers;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar bench/target/bench.jar [--seconds N] [--only ami|scheduler]}: runs every
 * benchmark on this machine against a fresh database ({@code PG_URL}, else an embedded server) and
 * prints one table.
 */
public final class BenchMain {

  static final int[] CONCURRENCY = {1, 4, 16};

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Duration measure = Duration.ofSeconds(seconds(args, 10));
    Duration warmup = measure.dividedBy(3);
    PgServer server = PgServers.shared();
    PgUrl db = server.createDatabase("bench");
    Vertx vertx = Vertx.vertx();
    List<Figure> figures = new ArrayList<>();
    try {
      boolean scheduler = !only(args, "ami");
      boolean ingestion = !only(args, "scheduler");
      if (ingestion) {
        AmiIngestBench ami = new AmiIngestBench(20_000);
        ami.bare(); // warm-up of both paths
        ami.adapter();
        AmiIngestBench.Result bare = ami.bare();
        AmiIngestBench.Result ours = ami.adapter();
        figures.add(
            versus(
                "AMI ingestion",
                "recorded stream to classified outcomes, our adapter",
                ours.eventsPerSecond(),
                "events/s",
                "asterisk-java bare listener",
                bare.eventsPerSecond(),
                Optional.of(new Figure.Requirement.MinRatio(0.8))));
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
        LeaseBench lease = new LeaseBench(vertx, db, warmup, measure);
        lease.seed();
        double fresh4 = 0;
        for (int workers : CONCURRENCY) {
          Pool pool = pool(vertx, db, workers);
          double insert =
              InsertBaseline.measure(vertx, pool, workers, warmup, measure).rowsPerSecond();
          pool.close().await();
          String ref = "single-row INSERT, " + workers + " writers";
          figures.add(informative("postgres reference", ref, insert, "rows/s"));
          Load.Result one = lease.lease(workers, 1);
          figures.add(
              versus(
                  "scheduler hand-out",
                  "lease batch 1, " + workers + " leasers",
                  one.rowsPerSecond(),
                  "rows/s",
                  ref,
                  insert,
                  Optional.empty()));
          Load.Result fifty = lease.lease(workers, 50);
          figures.add(
              versus(
                  "scheduler hand-out",
                  "lease batch 50, " + workers + " leasers",
                  fifty.rowsPerSecond(),
                  "rows/s",
                  ref,
                  insert,
                  Optional.of(new Figure.Requirement.MinRatio(1.0))));
          Load.Result complete = lease.leaseThenComplete(workers);
          figures.add(
              versus(
                  "scheduler hand-out",
                  "lease-then-complete, " + workers + " leasers",
                  complete.operationsPerSecond(),
                  "attempts/s",
                  ref,
                  insert,
                  Optional.of(new Figure.Requirement.MinRatio(0.2))));
          if (workers == 4) {
            fresh4 = fifty.rowsPerSecond();
            figures.add(p99("lease batch 1, 4 leasers", one));
            figures.add(p99("lease batch 50, 4 leasers", fifty));
          }
        }
        lease.pileUpHistory();
        Load.Result after = lease.lease(4, 50);
        figures.add(
            versus(
                "scheduler hand-out",
                "lease batch 50, 4 leasers, after " + LeaseBench.FINISHED + " finished attempts",
                after.rowsPerSecond(),
                "rows/s",
                "same on the fresh table",
                fresh4,
                Optional.of(new Figure.Requirement.MinRatio(0.75))));
      }
    } finally {
      vertx.close().await();
      server.dropDatabase(db);
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
        Optional.of(new Figure.Requirement.MaxValue(10)));
  }

  static Pool pool(Vertx vertx, PgUrl db, int size) {
    return StorePool.create(vertx, db, size, "bench");
  }

  /** {@code --only NAME}: run that group alone ({@code ami} or {@code scheduler}). */
  private static boolean only(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--only")) {
        return args[i + 1].equals(name);
      }
    }
    return false;
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
