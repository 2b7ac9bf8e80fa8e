package com.huifang.dialer;

import com.huifang.dialer.config.ConfigException;
import com.huifang.dialer.config.ConfigLoader;
import com.huifang.dialer.config.DialerConfig;
import com.huifang.dialer.service.DialerService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line of api.md: {@code serve [--config FILE]}. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int USAGE = 2;
  static final int CONFIG_ERROR = 3;
  static final int START_FAILED = 4;

  private static final String USAGE_TEXT = "usage: java -jar dialer.jar serve [--config FILE]";

  private Main() {}

  public static void main(String[] args) {
    int status = run(List.of(args));
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(List<String> args) {
    if (args.isEmpty()) {
      System.err.println(USAGE_TEXT);
      return USAGE;
    }
    return switch (args.getFirst()) {
      case "serve" -> serve(args.subList(1, args.size()));
      default -> {
        System.err.println("unknown command '" + args.getFirst() + "'\n" + USAGE_TEXT);
        yield USAGE;
      }
    };
  }

  private static int serve(List<String> args) {
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--config") && i + 1 < args.size()) {
        configFile = Optional.of(Path.of(args.get(++i)));
      } else {
        System.err.println("unknown option '" + args.get(i) + "'\n" + USAGE_TEXT);
        return USAGE;
      }
    }
    DialerConfig config;
    try {
      config = ConfigLoader.load(configFile, System.getenv());
    } catch (ConfigException e) {
      System.err.println("dialer: cannot start: " + e.getMessage());
      return CONFIG_ERROR;
    }
    DialerService service;
    try {
      service = DialerService.start(config);
    } catch (RuntimeException e) {
      LOG.error("event=start_failed", e);
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
}
