package com.huifang.dialer.call;

import com.huifang.dialer.sim.AmiEventFilters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in Asterisk that replays real AMI transcripts. It greets with the AMI banner, accepts any
 * login, and answers an {@code Originate} with the frames of the transcript named by the
 * Originate's channel variable {@code TRANSCRIPT}, in captured order and byte for byte: only the
 * ActionID is replaced by the one received and, when the Originate passes {@code ChannelId}, the
 * originated channel's Uniqueid (and the Local {@code ;2} half's) by the ids Asterisk would then
 * use. A variable {@code SHUFFLE=<seed>} shuffles the events of each captured millisecond, as
 * Asterisk itself does from run to run. A {@code Filter} action sets the client's event filters as
 * Asterisk's do ({@link AmiEventFilters}); the events they stop are left out of the replay.
 */
final class TranscriptAmiServer implements AutoCloseable {

  static final String BANNER = "Asterisk Call Manager/5.0.2\r\n";

  private final Map<String, AmiTranscript> transcripts;
  private final ServerSocket server;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> withheld = new ConcurrentHashMap<>();

  TranscriptAmiServer(List<AmiTranscript> transcripts) throws IOException {
    Map<String, AmiTranscript> byName = new HashMap<>();
    transcripts.forEach(t -> byName.put(t.name(), t));
    this.transcripts = Map.copyOf(byName);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "transcript-ami-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Events of the replay for this Originate's ChannelId that the client's filters stopped (its
   * ActionID arrives prefixed by asterisk-java).
   */
  long withheldEvents(String channelId) {
    AtomicLong n = withheld.get(channelId);
    return n == null ? 0 : n.get();
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket client : clients) {
      client.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        clients.add(client);
        Thread t = new Thread(() -> serve(client), "transcript-ami-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = client.getOutputStream();
      write(out, BANNER);
      AmiEventFilters filters = new AmiEventFilters();
      Map<String, String> action;
      while ((action = readAction(in)) != null) {
        String name = action.getOrDefault("action", "").toLowerCase();
        String id = action.getOrDefault("actionid", "");
        switch (name) {
          case "challenge" ->
              write(
                  out, "Response: Success\r\nActionID: " + id + "\r\nChallenge: 840415273\r\n\r\n");
          case "login" ->
              write(
                  out,
                  "Response: Success\r\nActionID: "
                      + id
                      + "\r\nMessage: Authentication accepted\r\n\r\n");
          case "coresettings" ->
              write(
                  out,
                  "Response: Success\r\nActionID: "
                      + id
                      + "\r\nAMIversion: 5.0.2\r\nAsteriskVersion: 20.20.0\r\n\r\n");
          case "logoff" -> {
            write(out, "Response: Goodbye\r\nActionID: " + id + "\r\n\r\n");
            return;
          }
          case "originate" -> replay(out, action, filters);
          case "filter" -> {
            String refused =
                filters.filterAction(
                    action.getOrDefault("operation", ""),
                    action.getOrDefault("matchcriteria", ""),
                    action.getOrDefault("filter", ""));
            write(
                out,
                "Response: "
                    + (refused == null ? "Success" : "Error")
                    + "\r\nActionID: "
                    + id
                    + "\r\nMessage: "
                    + (refused == null ? "Success" : refused)
                    + "\r\n\r\n");
          }
          default -> write(out, "Response: Success\r\nActionID: " + id + "\r\n\r\n");
        }
      }
    } catch (IOException gone) {
      // the client went away: nothing more to send
    }
  }

  /** One action: {@code Key: Value} lines up to an empty line; keys lower-cased. */
  private static Map<String, String> readAction(BufferedReader in) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (!fields.isEmpty()) {
          return fields;
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase();
      String value = line.substring(colon + 1).trim();
      if (key.equals("variable")) {
        int eq = value.indexOf('=');
        if (eq > 0) {
          fields.put("var:" + value.substring(0, eq), value.substring(eq + 1));
        }
      } else {
        fields.put(key, value);
      }
    }
    return null;
  }

  private void replay(OutputStream out, Map<String, String> action, AmiEventFilters filters)
      throws IOException {
    String actionId = action.getOrDefault("actionid", "");
    AmiTranscript transcript = transcripts.get(action.getOrDefault("var:TRANSCRIPT", ""));
    if (transcript == null) {
      write(
          out,
          "Response: Error\r\nActionID: " + actionId + "\r\nMessage: no such transcript\r\n\r\n");
      return;
    }
    List<AmiTranscript.Frame> frames = new ArrayList<>(transcript.frames());
    String seed = action.get("var:SHUFFLE");
    if (seed != null) {
      shuffleWithinMillisecond(frames, new Random(Long.parseLong(seed)));
    }
    Map<String, String> rewrite = rewrites(transcript, actionId, action);
    StringBuilder bytes = new StringBuilder();
    for (AmiTranscript.Frame frame : frames) {
      bytes.setLength(0);
      for (String line : frame.lines()) {
        bytes.append(rewriteLine(line, rewrite)).append("\r\n");
      }
      bytes.append("\r\n");
      String event = frame.value("Event");
      if (event.isEmpty() || filters.shouldSend(event, bytes::toString)) {
        write(out, bytes.toString());
      } else {
        withheld
            .computeIfAbsent(action.getOrDefault("channelid", ""), k -> new AtomicLong())
            .incrementAndGet();
      }
    }
  }

  /**
   * Whole field values to replace: the captured ActionID by the received one; with ChannelId, the
   * originated channel's Uniqueid (and so its Linkedid) by ChannelId, the Local {@code ;2} half's
   * by OtherChannelId or, as Asterisk does without it, ChannelId + {@code ;2}.
   */
  static Map<String, String> rewrites(
      AmiTranscript transcript, String actionId, Map<String, String> action) {
    Map<String, String> rewrite = new HashMap<>();
    rewrite.put("ActionID: " + transcript.originate().getString("ActionID"), actionId);
    String channelId = action.get("channelid");
    if (channelId == null || channelId.isEmpty()) {
      return rewrite;
    }
    AmiTranscript.Frame first = null;
    for (AmiTranscript.Frame f : transcript.frames()) {
      if (f.value("Event").equals("Newchannel")) {
        first = f;
        break;
      }
    }
    if (first == null) {
      return rewrite;
    }
    rewrite.put(first.value("Uniqueid"), channelId);
    String channel = first.value("Channel");
    if (channel.endsWith(";1")) {
      String partner = channel.substring(0, channel.length() - 1) + "2";
      for (AmiTranscript.Frame f : transcript.frames()) {
        if (f.value("Event").equals("Newchannel") && f.value("Channel").equals(partner)) {
          rewrite.put(f.value("Uniqueid"), action.getOrDefault("otherchannelid", channelId + ";2"));
        }
      }
    }
    return rewrite;
  }

  private static String rewriteLine(String line, Map<String, String> rewrite) {
    int colon = line.indexOf(": ");
    if (colon < 0) {
      return line;
    }
    String key = line.substring(0, colon);
    String value = line.substring(colon + 2);
    if (key.equalsIgnoreCase("ActionID")) {
      String replaced = rewrite.get("ActionID: " + value);
      return replaced == null ? line : key + ": " + replaced;
    }
    String replaced = rewrite.get(value);
    return replaced == null || value.isEmpty() ? line : key + ": " + replaced;
  }

  /** Events keep their millisecond; inside one, any order. The reply to the action stays first. */
  static void shuffleWithinMillisecond(List<AmiTranscript.Frame> frames, Random random) {
    int start = frames.isEmpty() || frames.get(0).value("Event").isEmpty() ? 1 : 0;
    while (start < frames.size()) {
      int end = start;
      while (end < frames.size()
          && frames.get(end).offsetMillis() == frames.get(start).offsetMillis()) {
        end++;
      }
      Collections.shuffle(frames.subList(start, end), random);
      start = end;
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
