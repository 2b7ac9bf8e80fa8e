package com.huifang.bench;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.PgServer;
import com.huifang.testkit.PgServers;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar bench/target/bench.jar [--seconds N]}: runs every benchmark on this machine
 * against a fresh database ({@code PG_URL}, else an embedded server) and prints one table.
 */
public final class BenchMain {

  static final int[] CONCURRENCY = {1, 4, 16};

  private BenchMain() {}

  public static void main(String[] args) {
    Duration measure = Duration.ofSeconds(seconds(args, 10));
    Duration warmup = measure.dividedBy(3);
    PgServer server = PgServers.shared();
    PgUrl db = server.createDatabase("bench");
    Vertx vertx = Vertx.vertx();
    List<Figure> figures = new ArrayList<>();
    try {
      for (int workers : CONCURRENCY) {
        Pool pool = pool(vertx, db, workers);
        Load.Result insert = InsertBaseline.measure(vertx, pool, workers, warmup, measure);
        figures.add(
            new Figure(
                "postgres reference",
                "single-row INSERT, " + workers + " writers",
                insert.rowsPerSecond(),
                "rows/s",
                Optional.empty(),
                Optional.empty()));
        pool.close().await();
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

  static Pool pool(Vertx vertx, PgUrl db, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(PgConnectOptions.fromUri(db.uri()))
        .using(vertx)
        .build();
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
