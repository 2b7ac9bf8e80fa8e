package com.huifang.dialer.sim;

import com.huifang.dialer.ami.AmiFrame;
import com.huifang.dialer.sim.SimAmiServer.Session;
import com.huifang.dialer.sim.SimPbx.Chan;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated PBX's actions on channels as they are, which place or end no call: {@code
 * MixMonitor} and {@code StopMixMonitor} (the recording written when it stops or its channel hangs
 * up), {@code CoreShowChannels}, {@code Status}, {@code Getvar} and {@code Setvar}. On the PBX's
 * context, over the PBX's channels by name.
 */
final class SimChannelActions {

  private final Vertx vertx;
  private final Clock clock;
  private final Path recordingsDir;
  private final SimAmiEvents events;
  private final SimAmiServer ami;
  private final Map<String, Chan> channels;

  SimChannelActions(
      Vertx vertx,
      Clock clock,
      Path recordingsDir,
      SimAmiEvents events,
      SimAmiServer ami,
      Map<String, Chan> channels) {
    this.vertx = vertx;
    this.clock = clock;
    this.recordingsDir = recordingsDir;
    this.events = events;
    this.ami = ami;
    this.channels = channels;
  }

  void mixMonitor(Session s, AmiFrame a, String id) {
    Chan c = channels.get(a.getOr("Channel", ""));
    String file = a.getOr("File", "");
    if (c == null || file.isBlank() || file.contains("..")) {
      ami.reply(s, SimAmiServer.error(id, c == null ? "No such channel" : "No file specified"));
      return;
    }
    c.recording = file;
    c.recordingSince = clock.instant();
    ami.reply(s, SimAmiServer.ok(id).build());
    ami.emit(List.of(events.channel("MixMonitorStart", c).build()), null);
  }

  void stopMixMonitor(Session s, AmiFrame a, String id) {
    Chan c = channels.get(a.getOr("Channel", ""));
    if (c == null || c.recording == null) {
      ami.reply(s, SimAmiServer.error(id, "No MixMonitor on channel"));
      return;
    }
    ami.reply(s, SimAmiServer.ok(id).build());
    ami.emit(List.of(events.channel("MixMonitorStop", c).build()), null);
    finishRecording(c);
  }

  /** Writes the channel's recording ({@link SimRecordingFile}). */
  void finishRecording(Chan c) {
    if (c.recording == null) {
      return;
    }
    String file = c.recording;
    long talkMs = Duration.between(c.recordingSince, clock.instant()).toMillis();
    c.recording = null;
    SimRecordingFile.finish(vertx, recordingsDir, file, talkMs);
  }

  void coreShowChannels(Session s, String id) {
    List<AmiFrame> out = new ArrayList<>();
    out.add(
        SimAmiServer.ok(id)
            .add("EventList", "start")
            .add("Message", "Channels will follow")
            .build());
    for (Chan c : channels.values()) {
      out.add(
          events
              .channel("CoreShowChannel", c)
              .add("ActionID", id)
              .add("Application", "Dial")
              .add("Duration", "00:00:01")
              .build());
    }
    out.add(
        AmiFrame.builder()
            .add("Event", "CoreShowChannelsComplete")
            .add("ActionID", id)
            .add("EventList", "Complete")
            .add("ListItems", channels.size())
            .build());
    out.forEach(f -> ami.reply(s, f));
  }

  void status(Session s, AmiFrame a, String id) {
    String only = a.get("Channel").orElse(null);
    ami.reply(
        s,
        SimAmiServer.ok(id)
            .add("EventList", "start")
            .add("Message", "Channel status will follow")
            .build());
    int n = 0;
    for (Chan c : channels.values()) {
      if (only == null || only.equals(c.name)) {
        ami.reply(s, events.channel("Status", c).add("ActionID", id).build());
        n++;
      }
    }
    ami.reply(
        s,
        AmiFrame.builder()
            .add("Event", "StatusComplete")
            .add("ActionID", id)
            .add("EventList", "Complete")
            .add("ListItems", n)
            .add("Items", n)
            .build());
  }

  void getvar(Session s, AmiFrame a, String id) {
    Chan c = channels.get(a.getOr("Channel", ""));
    String var = a.getOr("Variable", "");
    String value = c == null ? null : c.vars.get(var);
    ami.reply(
        s,
        SimAmiServer.ok(id).add("Variable", var).add("Value", value == null ? "" : value).build());
  }

  void setvar(Session s, AmiFrame a, String id) {
    Chan c = channels.get(a.getOr("Channel", ""));
    if (c == null) {
      ami.reply(s, SimAmiServer.error(id, "No such channel"));
      return;
    }
    c.vars.put(a.getOr("Variable", ""), a.getOr("Value", ""));
    ami.reply(s, SimAmiServer.ok(id).add("Message", "Variable Set").build());
    ami.emit(
        List.of(
            events
                .channel("VarSet", c)
                .add("Variable", a.getOr("Variable", ""))
                .add("Value", a.getOr("Value", ""))
                .build()),
        null);
  }
}
