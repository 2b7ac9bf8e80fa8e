package com.huifang.dialer.sim;

import com.huifang.dialer.ami.AmiFrame;
import com.huifang.dialer.ami.AmiFrameDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The AMI side of the simulated PBX: each client connection's session (the banner, {@code
 * Challenge} and MD5 or plain {@code Login}, {@code Logoff}, {@code Ping}, {@code CoreSettings} and
 * the session's own event {@code Filter}s), and events sent to every logged-in client whose filters
 * let them through, with the fault hooks tests use (delayed, reordered and garbled events, actions
 * left unanswered). Every other action goes to the PBX. Runs on the PBX's context.
 */
final class SimAmiServer {

  /** The PBX's actions. */
  interface Actions {
    /** Handles {@code action} (its name in lower case); false when there is no such action. */
    boolean handle(String action, Session s, AmiFrame a, String id);
  }

  private static final String BANNER = "Asterisk Call Manager/5.0.2\r\n";

  /** One client connection. */
  static final class Session {
    final NetSocket socket;
    final AmiFrameDecoder decoder = new AmiFrameDecoder(false);
    final AmiEventFilters filters = new AmiEventFilters();
    boolean loggedIn;
    String challenge;

    Session(NetSocket socket) {
      this.socket = socket;
    }
  }

  private final Vertx vertx;
  private final String user;
  private final String secret;
  private final int maxChannels;
  private final SimAmiEvents events;
  private final Actions actions;
  private final List<Session> sessions = new ArrayList<>();

  private volatile Duration eventDelay = Duration.ZERO;
  private volatile boolean reorder;
  private volatile int garble;
  private volatile boolean mute;

  SimAmiServer(
      Vertx vertx,
      String user,
      String secret,
      int maxChannels,
      SimAmiEvents events,
      Actions actions) {
    this.vertx = vertx;
    this.user = user;
    this.secret = secret;
    this.maxChannels = maxChannels;
    this.events = events;
    this.actions = actions;
  }

  /** Closes every client connection now, as a crashed or restarted Asterisk would. */
  void closeAll() {
    List.copyOf(sessions).forEach(s -> s.socket.close());
  }

  /** Delays every event by {@code delay} (zero to stop). */
  void delayEvents(Duration delay) {
    this.eventDelay = delay;
  }

  /** Sends the events of one moment in reverse order, as Asterisk may within a millisecond. */
  void reorderSameMillisecond(boolean on) {
    this.reorder = on;
  }

  /** Breaks the next {@code frames} events: a line without {@code ": "} is put in front. */
  void garbleNext(int frames) {
    this.garble = frames;
  }

  /** Stops (or resumes) answering actions; the connection stays open and events still flow. */
  void stopAnsweringActions(boolean on) {
    this.mute = on;
  }

  /** Takes a new client connection: the banner, then its actions. */
  void accept(NetSocket socket) {
    Session s = new Session(socket);
    sessions.add(s);
    socket.closeHandler(v -> sessions.remove(s));
    socket.write(BANNER);
    socket.handler(
        buffer -> {
          for (AmiFrameDecoder.Decoded d :
              s.decoder.feed(buffer.toString(StandardCharsets.UTF_8))) {
            switch (d) {
              case AmiFrameDecoder.Frame f -> action(s, f.frame());
              case AmiFrameDecoder.Malformed m ->
                  reply(s, error(null, "Missing action in request"));
              case AmiFrameDecoder.Banner b -> {}
            }
          }
        });
  }

  private void action(Session s, AmiFrame a) {
    String name = a.getOr("Action", "");
    String id = a.get("ActionID").orElse(null);
    if (mute && !name.equalsIgnoreCase("Logoff")) {
      return;
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "challenge" -> {
        s.challenge = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000, 999_999_999));
        reply(s, ok(id).add("Challenge", s.challenge).build());
      }
      case "login" -> login(s, a, id);
      case "logoff" -> {
        reply(
            s,
            AmiFrame.builder()
                .add("Response", "Goodbye")
                .add("ActionID", id)
                .add("Message", "Thanks for all the fish.")
                .build());
        s.socket.end();
      }
      default -> {
        if (!s.loggedIn) {
          reply(s, error(id, "Permission denied"));
          return;
        }
        switch (name.toLowerCase(Locale.ROOT)) {
          case "ping" ->
              reply(s, ok(id).add("Ping", "Pong").add("Timestamp", events.timestamp()).build());
          case "coresettings" ->
              reply(
                  s,
                  ok(id)
                      .add("AMIversion", "5.0.2")
                      .add("AsteriskVersion", "20.20.0")
                      .add("SystemName", "sim-pbx")
                      .add("CoreMaxCalls", maxChannels)
                      .build());
          case "filter" -> filter(s, a, id);
          default -> {
            if (!actions.handle(name.toLowerCase(Locale.ROOT), s, a, id)) {
              reply(s, error(id, "Invalid/unknown command"));
            }
          }
        }
      }
    }
  }

  /** The session's own event filters, as Asterisk's {@code action_filter}. */
  private void filter(Session s, AmiFrame a, String id) {
    String refused =
        s.filters.filterAction(
            a.getOr("Operation", ""), a.getOr("MatchCriteria", ""), a.getOr("Filter", ""));
    reply(s, refused == null ? ok(id).add("Message", "Success").build() : error(id, refused));
  }

  private void login(Session s, AmiFrame a, String id) {
    boolean userOk = user.equals(a.getOr("Username", ""));
    boolean secretOk;
    if ("md5".equalsIgnoreCase(a.getOr("AuthType", ""))) {
      secretOk = s.challenge != null && md5(s.challenge + secret).equals(a.getOr("Key", ""));
    } else {
      secretOk = secret.equals(a.getOr("Secret", ""));
    }
    if (!userOk || !secretOk) {
      reply(s, error(id, "Authentication failed"));
      s.socket.end();
      return;
    }
    s.loggedIn = true;
    reply(s, ok(id).add("Message", "Authentication accepted").build());
    emit(
        List.of(
            AmiFrame.builder()
                .add("Event", "FullyBooted")
                .add("Privilege", "system,all")
                .add("Uptime", 1)
                .add("LastReload", 1)
                .add("Status", "Fully Booted")
                .build()),
        s);
  }

  static AmiFrame.Builder ok(String id) {
    AmiFrame.Builder b = AmiFrame.builder().add("Response", "Success");
    if (id != null) {
      b.add("ActionID", id);
    }
    return b;
  }

  static AmiFrame error(String id, String message) {
    AmiFrame.Builder b = AmiFrame.builder().add("Response", "Error");
    if (id != null) {
      b.add("ActionID", id);
    }
    return b.add("Message", message).build();
  }

  void reply(Session s, AmiFrame frame) {
    s.socket.write(utf8(frame.encode()));
  }

  /**
   * Sends events of one moment to every logged-in client (or only to {@code to}) that its filters
   * let through.
   */
  void emit(List<AmiFrame> frames, Session to) {
    List<AmiFrame> batch = new ArrayList<>(frames);
    if (reorder) {
      Collections.reverse(batch);
    }
    List<Session> targets = new ArrayList<>();
    for (Session s : to == null ? sessions : List.of(to)) {
      if (s.loggedIn) {
        targets.add(s);
      }
    }
    StringBuilder[] texts = new StringBuilder[targets.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = new StringBuilder();
    }
    for (AmiFrame f : batch) {
      String[] text = new String[1];
      Supplier<String> encoded =
          () -> {
            if (text[0] == null) {
              text[0] = f.encode();
            }
            return text[0];
          };
      boolean garbled = false;
      for (int i = 0; i < texts.length; i++) {
        if (!targets.get(i).filters.shouldSend(f.name(), encoded)) {
          continue;
        }
        if (!garbled && garble > 0) {
          garble--;
          garbled = true;
        }
        if (garbled) {
          texts[i].append("this line is garbled\r\n");
        }
        texts[i].append(encoded.get());
      }
    }
    Runnable send =
        () -> {
          for (int i = 0; i < texts.length; i++) {
            if (!texts[i].isEmpty()) {
              targets.get(i).socket.write(utf8(texts[i]));
            }
          }
        };
    Duration delay = eventDelay;
    if (delay.isZero()) {
      send.run();
    } else {
      vertx.setTimer(Math.max(1, delay.toMillis()), t -> send.run());
    }
  }

  /**
   * AMI text as UTF-8 bytes, through the JDK's encoder, which copies an ASCII string whole (Netty's
   * encodes a String char by char).
   */
  private static Buffer utf8(CharSequence text) {
    return Buffer.buffer(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
