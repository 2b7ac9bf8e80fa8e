package com.huifang.dialer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.ami.AmiFrame;
import com.huifang.dialer.ami.AmiFrameDecoder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated PBX keeps each AMI session's {@code Filter}s as Asterisk does: a session sees only
 * the events its filters let through, another session sees all, and a bad filter gets Asterisk's
 * error. Spoken over a plain socket, byte for byte.
 */
@Timeout(20)
class SimPbxEventFilterTest {

  @TempDir static Path recordings;

  private static Vertx vertx;
  private static SimPbx sim;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sim = SimPbx.start(vertx, SimPbx.Settings.forTests(recordings)).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void a_session_with_name_filters_gets_only_those_events_and_another_gets_all() throws Exception {
    try (Client asked = new Client();
        Client all = new Client()) {
      assertThat(
              asked.action(
                  "Action: Filter\r\nActionID: f1\r\nOperation: Add\r\n"
                      + "MatchCriteria: name(Hangup)\r\n"))
          .isEqualTo(
              AmiFrame.builder()
                  .add("Response", "Success")
                  .add("ActionID", "f1")
                  .add("Message", "Success")
                  .build());
      asked.action(
          "Action: Filter\r\nActionID: f2\r\nOperation: Add\r\nMatchCriteria:"
              + " name(OriginateResponse)\r\n");

      AmiFrame queued =
          asked.action(
              "Action: Originate\r\nActionID: call-1\r\nChannel: Local/13800001017@outcomes\r\n"
                  + "Context: dialer-outbound\r\nExten: s\r\nPriority: 1\r\nTimeout: 30000\r\n"
                  + "Variable: ATTEMPT_ID=call-1\r\nAsync: true\r\n");
      assertThat(queued.getOr("Response", "")).isEqualTo("Success");

      List<String> seenByAsked = asked.eventsUntilHangups(2);
      List<String> seenByAll = all.eventsUntilHangups(2);
      assertThat(seenByAsked).containsExactly("OriginateResponse", "Hangup", "Hangup");
      assertThat(seenByAll)
          .contains("Newchannel", "VarSet", "DialBegin", "DialEnd", "OriginateResponse");
      assertThat(seenByAll).containsSubsequence("OriginateResponse", "Hangup", "Hangup");
    }
  }

  @Test
  void a_filter_asterisk_cannot_parse_is_refused_with_its_message() throws Exception {
    try (Client client = new Client()) {
      assertThat(
              client.action(
                  "Action: Filter\r\nActionID: bad\r\nOperation: Add\r\nFilter: XX[X\r\n"))
          .isEqualTo(
              AmiFrame.builder()
                  .add("Response", "Error")
                  .add("ActionID", "bad")
                  .add("Message", "Filter did not compile.  Check the syntax of the filter given.")
                  .build());
      assertThat(client.action("Action: Filter\r\nActionID: op\r\nOperation: Remove\r\n"))
          .isEqualTo(
              AmiFrame.builder()
                  .add("Response", "Error")
                  .add("ActionID", "op")
                  .add("Message", "Unknown operation")
                  .build());
    }
  }

  /** A logged-in AMI session on a blocking socket. */
  private static final class Client implements AutoCloseable {
    private final Socket socket = new Socket("127.0.0.1", sim.port());
    private final InputStream in = socket.getInputStream();
    private final OutputStream out = socket.getOutputStream();
    private final AmiFrameDecoder decoder = new AmiFrameDecoder(true);
    private final Deque<AmiFrame> received = new ArrayDeque<>();
    private final Deque<AmiFrameDecoder.Decoded> pending = new ArrayDeque<>();

    Client() throws IOException {
      AmiFrame login =
          action("Action: Login\r\nActionID: login\r\nUsername: dialer\r\nSecret: change-me\r\n");
      assertThat(login.getOr("Message", "")).isEqualTo("Authentication accepted");
      assertThat(next().name()).isEqualTo("FullyBooted");
    }

    /** Sends an action and returns its response; events that come first stay queued. */
    AmiFrame action(String lines) throws IOException {
      out.write((lines + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (AmiFrame f : List.copyOf(received)) {
        if (f.kind().equals("Response")) {
          received.remove(f);
          return f;
        }
      }
      while (true) {
        AmiFrame f = read();
        if (f.kind().equals("Response")) {
          return f;
        }
        received.add(f);
      }
    }

    /** The names of the events received up to the {@code n}th {@code Hangup}. */
    List<String> eventsUntilHangups(int n) throws IOException {
      List<String> names = new ArrayList<>();
      int hangups = 0;
      while (hangups < n) {
        AmiFrame f = next();
        names.add(f.name());
        if (f.name().equals("Hangup")) {
          hangups++;
        }
      }
      return names;
    }

    private AmiFrame next() throws IOException {
      return received.isEmpty() ? read() : received.poll();
    }

    private AmiFrame read() throws IOException {
      byte[] buffer = new byte[8192];
      while (true) {
        AmiFrameDecoder.Decoded d = pending.poll();
        if (d instanceof AmiFrameDecoder.Frame frame) {
          return frame.frame();
        }
        if (d == null) {
          int n = in.read(buffer);
          if (n < 0) {
            throw new IOException("the simulated PBX closed the session");
          }
          pending.addAll(decoder.feed(new String(buffer, 0, n, StandardCharsets.UTF_8)));
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
