package com.huifang.bench;

import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.call.AmiEventTranslator;
import com.huifang.dialer.call.CallTracker;
import com.huifang.dialer.call.CallUpdate;
import com.huifang.dialer.call.OutcomeClassifier;
import com.huifang.dialer.config.AmiEndpoint;
import com.huifang.dialer.pbx.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;

/**
 * AMI ingestion: a recorded Asterisk stream (the busy transcript, one copy per call with its own
 * ids) is sent as fast as the socket takes it, once to asterisk-java's bare {@code
 * ManagerConnection} with a counting listener, once through our adapter (AmiConnection, event
 * translation, call tracker and classifier) until every call has its outcome.
 */
final class AmiIngestBench {

  /** A recorded capture, relative to the repository root the bench runs from. */
  static final Path TRANSCRIPT = Path.of("dialer/src/test/captures/asterisk/ami/1017_busy.txt");

  private static final String ORIGINATED = "1795327469.2";
  private static final String OTHER_LEG = "1795327469.3";

  /** Events per second of one run. */
  record Result(double eventsPerSecond, long events) {}

  private final List<String> frames;
  private final int calls;

  AmiIngestBench(int calls) {
    this.calls = calls;
    this.frames = eventFrames();
  }

  private static List<String> eventFrames() {
    if (!Files.exists(TRANSCRIPT)) {
      throw new IllegalStateException(
          TRANSCRIPT + " is missing: run the bench from the repository root");
    }
    try {
      List<String> out = new ArrayList<>();
      StringBuilder frame = null;
      for (String line : Files.readAllLines(TRANSCRIPT)) {
        if (line.startsWith("--- t=")) {
          add(out, frame);
          frame = new StringBuilder();
        } else if (line.startsWith("# compact")) {
          break;
        } else if (frame != null && !line.isEmpty()) {
          frame.append(line).append("\r\n");
        }
      }
      add(out, frame);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(List<String> out, StringBuilder frame) {
    if (frame != null && frame.toString().startsWith("Event:")) {
      out.add(frame.append("\r\n").toString());
    }
  }

  long events() {
    return (long) frames.size() * calls;
  }

  private byte[] payload(List<UUID> ids) {
    StringBuilder sb = new StringBuilder();
    for (UUID id : ids) {
      String a = id.toString();
      for (String f : frames) {
        sb.append(
            f.replace(OTHER_LEG, a + ";2")
                .replace(ORIGINATED, a)
                .replaceAll("ActionID: .*", "ActionID: 0_0#" + a));
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** asterisk-java alone: a listener that counts. */
  Result bare() throws Exception {
    List<UUID> ids = ids();
    AtomicLong seen = new AtomicLong();
    CountDownLatch all = new CountDownLatch(1);
    long total = events();
    try (Replay server = new Replay(payload(ids))) {
      ManagerConnection c =
          new ManagerConnectionFactory("127.0.0.1", server.port(), "bench", "bench")
              .createManagerConnection();
      c.addEventListener(
          e -> {
            if (seen.incrementAndGet() >= total) {
              all.countDown();
            }
          });
      c.login();
      long start = System.nanoTime();
      server.go();
      boolean done = all.await(120, TimeUnit.SECONDS);
      long nanos = System.nanoTime() - start;
      c.logoff();
      if (!done) {
        throw new IllegalStateException("bare listener saw " + seen.get() + " of " + total);
      }
      return new Result(total / (nanos / 1e9), total);
    }
  }

  /** Our adapter, to classified outcomes: done when every call has its result. */
  Result adapter() throws Exception {
    List<UUID> ids = ids();
    Vertx vertx = Vertx.vertx();
    CountDownLatch all = new CountDownLatch(1);
    AtomicLong outcomes = new AtomicLong();
    try (Replay server = new Replay(payload(ids))) {
      CallTracker tracker = CallTracker.withDefaults(OutcomeClassifier.withDefaults());
      AmiEventTranslator translator = new AmiEventTranslator("bench", Clock.systemUTC());
      Instant now = Instant.now();
      for (UUID id : ids) {
        tracker.expect(id, id.toString(), now, Duration.ofSeconds(30));
      }
      CountDownLatch connected = new CountDownLatch(1);
      vertx.runOnContext(
          v -> {
            AmiConnection c =
                new AmiConnection(
                    vertx,
                    "bench",
                    new AmiEndpoint("127.0.0.1", server.port(), "bench", "bench"),
                    new AmiConnection.Settings(
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0),
                        Duration.ofSeconds(5),
                        1_000_000,
                        RandomGenerator.getDefault(),
                        Clock.systemUTC()),
                    new SimpleMeterRegistry(),
                    AmiEventTranslator.EVENTS,
                    e ->
                        translator
                            .translate(e)
                            .ifPresent(
                                ev -> {
                                  for (CallUpdate u : tracker.accept(ev)) {
                                    if (u instanceof CallUpdate.CallResult
                                        && outcomes.incrementAndGet() == calls) {
                                      all.countDown();
                                    }
                                  }
                                }),
                    x -> {});
            c.start();
            vertx.setPeriodic(
                20,
                t -> {
                  if (c.state() == com.huifang.dialer.pbx.PbxConnectionState.CONNECTED) {
                    vertx.cancelTimer(t);
                    connected.countDown();
                  }
                });
          });
      if (!connected.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the adapter did not log in");
      }
      long start = System.nanoTime();
      server.go();
      boolean done = all.await(120, TimeUnit.SECONDS);
      long nanos = System.nanoTime() - start;
      if (!done) {
        throw new IllegalStateException("adapter classified " + outcomes.get() + " of " + calls);
      }
      return new Result(events() / (nanos / 1e9), events());
    } finally {
      vertx.close().await();
    }
  }

  private List<UUID> ids() {
    List<UUID> ids = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      ids.add(UUID.randomUUID());
    }
    return ids;
  }

  /** Just enough AMI to log a client in, then the recorded stream on {@link #go()}. */
  private static final class Replay implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] payload;
    private final CountDownLatch go = new CountDownLatch(1);
    private final Thread thread;

    Replay(byte[] payload) throws IOException {
      this.server = new ServerSocket(0);
      this.payload = payload;
      this.thread = Thread.ofPlatform().daemon().start(this::serve);
    }

    int port() {
      return server.getLocalPort();
    }

    void go() {
      go.countDown();
    }

    private void serve() {
      try (Socket s = server.accept()) {
        OutputStream out = s.getOutputStream();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        out.write("Asterisk Call Manager/5.0.2\r\n".getBytes(StandardCharsets.UTF_8));
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    go.await();
                    synchronized (out) {
                      out.write(payload);
                      out.flush();
                    }
                  } catch (IOException | InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        String action = null;
        String id = null;
        for (String line; (line = in.readLine()) != null; ) {
          String lower = line.toLowerCase(java.util.Locale.ROOT);
          if (lower.startsWith("action:")) {
            action = line.substring(7).trim();
          } else if (lower.startsWith("actionid:")) {
            id = line.substring(9).trim();
          } else if (line.isEmpty() && action != null) {
            String extra =
                switch (action.toLowerCase(java.util.Locale.ROOT)) {
                  case "challenge" -> "Challenge: 123456\r\n";
                  case "coresettings" -> "AsteriskVersion: 20.20.0\r\nAMIversion: 5.0.2\r\n";
                  default -> "";
                };
            String reply = "Response: Success\r\nActionID: " + id + "\r\n" + extra + "\r\n";
            synchronized (out) {
              out.write(reply.getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
            action = null;
            id = null;
          }
        }
      } catch (IOException e) {
        // the client hung up: the run is over
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      thread.interrupt();
    }
  }
}
