package com.huifang.dialer;

import com.huifang.dialer.config.ConfigException;
import com.huifang.dialer.config.ConfigLoader;
import com.huifang.dialer.config.DialerConfig;
import com.huifang.dialer.demo.Demo;
import com.huifang.dialer.service.Database;
import com.huifang.dialer.service.DialerService;
import com.huifang.dialer.sim.SimAri;
import com.huifang.dialer.sim.SimPbx;
import com.huifang.recording.audit.AccessAudit;
import com.huifang.scheduler.store.StorePool;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of api.md: {@code serve [--config FILE]}, {@code demo [--exit-when-done]} and
 * {@code sim-pbx [--ami-port 5038] [--ari-port 8088]}.
 */
public final class Main {

  /** The logback property that sets the root log level (see logback.xml). */
  static final String LOG_LEVEL = "dialer.log.level";

  static final int USAGE = 2;
  static final int CONFIG_ERROR = 3;
  static final int START_FAILED = 4;
  static final int AUDIT_BROKEN = 5;

  private static final String USAGE_TEXT =
      """
      usage: java -jar dialer.jar serve [--config FILE]
             java -jar dialer.jar demo [--exit-when-done] [--port 8080] [--policies 1000]
             java -jar dialer.jar sim-pbx [--ami-port 5038] [--ari-port 8088] [--secret change-me]
             java -jar dialer.jar verify-audit [--config FILE]""";

  private Main() {}

  /** Looked up late, so that the demo can lower the log level before logging starts. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("demo") && System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "ERROR");
    }
    // the demo leaves non-daemon threads behind it (Vert.x, the embedded database's reaper)
    System.exit(run(List.of(args)));
  }

  static int run(List<String> args) {
    if (args.isEmpty()) {
      System.err.println(USAGE_TEXT);
      return USAGE;
    }
    return switch (args.getFirst()) {
      case "serve" -> serve(args.subList(1, args.size()));
      case "demo" -> demo(args.subList(1, args.size()));
      case "sim-pbx" -> simPbx(args.subList(1, args.size()));
      case "verify-audit" -> verifyAudit(args.subList(1, args.size()));
      default -> {
        System.err.println("unknown command '" + args.getFirst() + "'\n" + USAGE_TEXT);
        yield USAGE;
      }
    };
  }

  private static int serve(List<String> args) {
    ConfigOrStatus c = config(args);
    if (c.config() == null) {
      return c.status();
    }
    DialerConfig config = c.config();
    DialerService service;
    try {
      service = DialerService.start(config);
    } catch (RuntimeException e) {
      log().error("event=start_failed", e);
      System.err.println("dialer: cannot start: " + e.getMessage());
      return START_FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.stop();
                  stopped.countDown();
                },
                "dialer-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int demo(List<String> args) {
    Demo.Options o = Demo.Options.defaults();
    try {
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--exit-when-done" ->
              o = new Demo.Options(true, o.port(), o.policies(), o.speed(), o.agents());
          case "--port" ->
              o =
                  new Demo.Options(
                      o.exitWhenDone(),
                      Integer.parseInt(args.get(++i)),
                      o.policies(),
                      o.speed(),
                      o.agents());
          case "--policies" ->
              o =
                  new Demo.Options(
                      o.exitWhenDone(),
                      o.port(),
                      Integer.parseInt(args.get(++i)),
                      o.speed(),
                      o.agents());
          default -> {
            System.err.println("unknown option '" + args.get(i) + "'\n" + USAGE_TEXT);
            return USAGE;
          }
        }
      }
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      System.err.println("bad option value: " + e.getMessage() + "\n" + USAGE_TEXT);
      return USAGE;
    }
    try {
      return new Demo(o, System.out).run();
    } catch (IOException | RuntimeException e) {
      log().error("event=demo_failed", e);
      System.err.println("demo failed: " + e.getMessage());
      return START_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static int simPbx(List<String> args) {
    int port = 5038;
    int ariPort = -1;
    String secret = "change-me";
    try {
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--ami-port" -> port = Integer.parseInt(args.get(++i));
          case "--secret" -> secret = args.get(++i);
          case "--ari-port" -> ariPort = Integer.parseInt(args.get(++i));
          default -> {
            System.err.println("unknown option '" + args.get(i) + "'\n" + USAGE_TEXT);
            return USAGE;
          }
        }
      }
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      System.err.println("bad option value: " + e.getMessage() + "\n" + USAGE_TEXT);
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    SimPbx pbx;
    Optional<SimAri> ari = Optional.empty();
    int listening = port;
    try {
      pbx = SimPbx.start(vertx, simSettings(port, secret)).await();
      if (ariPort >= 0) {
        listening = ariPort;
        ari = Optional.of(SimAri.start(vertx, simSettings(ariPort, secret)).await());
      }
    } catch (RuntimeException e) {
      System.err.println("sim-pbx: cannot listen on " + listening + ": " + e.getMessage());
      vertx.close();
      return START_FAILED;
    }
    System.out.println(
        "simulated PBX: AMI on port "
            + pbx.port()
            + ari.map(x -> ", ARI on http://127.0.0.1:" + x.port() + "/ari (app dialer)").orElse("")
            + ", user dialer, recordings in ./recordings");
    Optional<SimAri> started = ari;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.ifPresent(x -> x.close().await());
                  pbx.close().await();
                  vertx.close().await();
                  stopped.countDown();
                },
                "sim-pbx-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The simulated PBX in real time, listening on every address. */
  private static SimPbx.Settings simSettings(int port, String secret) {
    return new SimPbx.Settings(
        "0.0.0.0", port, "dialer", secret, 1.0, Path.of("recordings"), 500, Clock.systemUTC());
  }

  /** The config of {@code --config FILE} and the environment, or the exit status saying why not. */
  private record ConfigOrStatus(DialerConfig config, int status) {}

  private static ConfigOrStatus config(List<String> args) {
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--config") && i + 1 < args.size()) {
        configFile = Optional.of(Path.of(args.get(++i)));
      } else {
        System.err.println("unknown option '" + args.get(i) + "'\n" + USAGE_TEXT);
        return new ConfigOrStatus(null, USAGE);
      }
    }
    try {
      return new ConfigOrStatus(ConfigLoader.load(configFile, System.getenv()), 0);
    } catch (ConfigException e) {
      System.err.println("dialer: cannot start: " + e.getMessage());
      return new ConfigOrStatus(null, CONFIG_ERROR);
    }
  }

  /** Walks the recording access audit's hash chain; exit 0 when intact, 5 naming the broken row. */
  private static int verifyAudit(List<String> args) {
    ConfigOrStatus c = config(args);
    if (c.config() == null) {
      return c.status();
    }
    DialerConfig config = c.config();
    try (Database database = Database.openAndMigrate(config)) {
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = StorePool.create(vertx, database.url(), 1, "verify-audit");
        AccessAudit.Verdict verdict = new AccessAudit(pool).verify().await();
        return switch (verdict) {
          case AccessAudit.Verdict.Intact ok -> {
            System.out.println("audit chain intact: " + ok.rows() + " rows");
            yield 0;
          }
          case AccessAudit.Verdict.Broken b -> {
            System.out.println("audit chain BROKEN at row " + b.seq() + ": " + b.why());
            yield AUDIT_BROKEN;
          }
        };
      } finally {
        vertx.close().await();
      }
    } catch (RuntimeException e) {
      System.err.println("dialer: cannot verify: " + e.getMessage());
      return START_FAILED;
    }
  }
}
