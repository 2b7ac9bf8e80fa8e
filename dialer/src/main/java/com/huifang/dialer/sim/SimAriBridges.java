package com.huifang.dialer.sim;

import com.huifang.dialer.sim.SimAriCalls.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Bridges and recordings of the simulated ARI: mixing bridges that stay until destroyed, {@code
 * ChannelEnteredBridge}/{@code ChannelLeftBridge}, live recordings of a channel (until it hangs up)
 * or of a bridge (until it is destroyed) written as small valid WAV files, {@code
 * RecordingStarted}/{@code RecordingFinished}, and the stored files.
 */
final class SimAriBridges {

  private final Vertx vertx;
  private final SimPbx.Settings settings;
  private final SimAriEvents events;
  private final Map<String, SimAriChannel> channels;
  private final Supplier<String> ids;
  private final Map<String, JsonObject> bridges = new LinkedHashMap<>();
  private final Map<String, SimAriChannel.Recording> recordings = new LinkedHashMap<>();

  /**
   * @param channels the live channels by id (read only)
   * @param ids makes a new unique id
   */
  SimAriBridges(
      Vertx vertx,
      SimPbx.Settings settings,
      SimAriEvents events,
      Map<String, SimAriChannel> channels,
      Supplier<String> ids) {
    this.vertx = vertx;
    this.settings = settings;
    this.events = events;
    this.channels = channels;
    this.ids = ids;
  }

  Reply create(String id, String type) {
    String bridgeId = id == null ? ids.get() : id;
    JsonObject bridge =
        bridges.computeIfAbsent(
            bridgeId,
            k ->
                new JsonObject()
                    .put("id", k)
                    .put("technology", "simple_bridge")
                    .put("bridge_type", type == null ? "mixing" : type)
                    .put("bridge_class", "stasis")
                    .put("creator", "Stasis")
                    .put("name", "")
                    .put("channels", new JsonArray())
                    .put("creationtime", events.now()));
    return new Reply(200, bridge.copy());
  }

  Reply add(String bridgeId, List<String> channelIds) {
    JsonObject bridge = bridges.get(bridgeId);
    if (bridge == null) {
      return Reply.error(404, "Bridge not found");
    }
    List<SimAriChannel> adding = new ArrayList<>();
    for (String id : channelIds) {
      SimAriChannel c = channels.get(id);
      if (c == null) {
        return Reply.error(400, "Channel not found");
      }
      if (!c.inStasis) {
        return Reply.error(422, "Channel not in Stasis application");
      }
      adding.add(c);
    }
    List<JsonObject> out = new ArrayList<>();
    for (SimAriChannel c : adding) {
      c.bridge = bridgeId;
      bridge.getJsonArray("channels").add(c.id);
      out.add(bridgeEvent("ChannelEnteredBridge", c));
    }
    events.emit(out);
    return new Reply(204, null);
  }

  /** The channel leaves its bridge, if it is in one (hang-up, continue in the dialplan). */
  void leave(SimAriChannel c, List<JsonObject> out) {
    if (c.bridge == null) {
      return;
    }
    out.add(bridgeEvent("ChannelLeftBridge", c));
    JsonObject bridge = bridges.get(c.bridge);
    if (bridge != null) {
      bridge.getJsonArray("channels").remove(c.id);
    }
    c.bridge = null;
  }

  /** Destroys a bridge: its channels leave it, and its recording is finished. */
  Reply destroy(String bridgeId) {
    if (!bridges.containsKey(bridgeId)) {
      return Reply.error(404, "Bridge not found");
    }
    List<JsonObject> out = new ArrayList<>();
    for (SimAriChannel c : channels.values()) {
      if (bridgeId.equals(c.bridge)) {
        leave(c, out);
      }
    }
    out.add(events.base("BridgeDestroyed", null).put("bridge", bridges.remove(bridgeId)));
    events.emit(out);
    SimAriChannel.Recording rec = recordings.remove(bridgeId);
    if (rec != null) {
      finish(rec);
    }
    return new Reply(204, null);
  }

  /** Bridges that exist now. */
  int count() {
    return bridges.size();
  }

  /** The ids of the channels in bridge {@code bridgeId} now; empty when there is no such bridge. */
  Optional<List<String>> channelsOf(String bridgeId) {
    return Optional.ofNullable(bridges.get(bridgeId))
        .map(b -> b.getJsonArray("channels").stream().map(String::valueOf).toList());
  }

  /** Records a channel in Stasis until it hangs up. */
  Reply recordChannel(String id, String name, String format, String ifExists) {
    SimAriChannel c = channels.get(id);
    if (c == null) {
      return Reply.error(404, "Channel not found");
    }
    if (!c.inStasis) {
      return Reply.error(409, "Channel not in a Stasis application");
    }
    Optional<Reply> refused = refused(name, format, ifExists);
    if (refused.isPresent()) {
      return refused.get();
    }
    c.recording =
        new SimAriChannel.Recording(name, "channel:" + c.id, c.app, settings.clock().instant());
    events.emit(List.of(recordingEvent("RecordingStarted", c.recording, "recording")));
    return new Reply(201, c.recording.json("queued"));
  }

  /** Records a bridge's mix until the bridge is destroyed. */
  Reply recordBridge(String bridgeId, String name, String format, String ifExists) {
    JsonObject bridge = bridges.get(bridgeId);
    if (bridge == null) {
      return Reply.error(404, "Bridge not found");
    }
    Optional<Reply> refused = refused(name, format, ifExists);
    if (refused.isPresent()) {
      return refused.get();
    }
    String app =
        bridge.getJsonArray("channels").stream()
            .map(id -> channels.get(String.valueOf(id)))
            .filter(Objects::nonNull)
            .map(c -> c.app)
            .findFirst()
            .orElse(null);
    SimAriChannel.Recording rec =
        new SimAriChannel.Recording(name, "bridge:" + bridgeId, app, settings.clock().instant());
    recordings.put(bridgeId, rec);
    events.emit(List.of(recordingEvent("RecordingStarted", rec, "recording")));
    return new Reply(201, rec.json("queued"));
  }

  /** A finished recording's file, if there is one and it is not being recorded now. */
  Optional<Path> stored(String name) {
    Path file = settings.recordingsDir().resolve(name + ".wav").normalize();
    return !recording(name + ".wav")
            && file.startsWith(settings.recordingsDir().normalize())
            && Files.isRegularFile(file)
        ? Optional.of(file)
        : Optional.empty();
  }

  /** Writes the recording: a valid 8 kHz 16-bit mono WAV, 1/100 of the recorded time long. */
  void finish(SimAriChannel.Recording rec) {
    String file = rec.file();
    long talkMs = Duration.between(rec.since(), settings.clock().instant()).toMillis();
    JsonObject done = rec.json("done").put("duration", talkMs / 1000);
    SimRecordingFile.finish(vertx, settings.recordingsDir(), file, talkMs)
        .onComplete(
            r ->
                events.emit(
                    List.of(events.base("RecordingFinished", rec.app()).put("recording", done))));
  }

  /** Why a recording of that name may not start, if it may not. */
  private Optional<Reply> refused(String name, String format, String ifExists) {
    if (name == null || name.isBlank() || name.contains("..") || name.startsWith("/")) {
      return Optional.of(Reply.error(422, "Recording name invalid"));
    }
    if (format != null && !format.equals("wav")) {
      return Optional.of(Reply.error(422, "Recording format not supported: " + format));
    }
    if (recording(name + ".wav")
        || ("fail".equals(ifExists)
            && Files.exists(settings.recordingsDir().resolve(name + ".wav")))) {
      return Optional.of(Reply.error(409, "Recording already in progress or exists"));
    }
    return Optional.empty();
  }

  private boolean recording(String file) {
    Collection<SimAriChannel> live = channels.values();
    return live.stream().anyMatch(c -> c.recording != null && c.recording.file().equals(file))
        || recordings.values().stream().anyMatch(r -> r.file().equals(file));
  }

  private JsonObject recordingEvent(String type, SimAriChannel.Recording rec, String state) {
    return events.base(type, rec.app()).put("recording", rec.json(state));
  }

  private JsonObject bridgeEvent(String type, SimAriChannel c) {
    JsonObject bridge = bridges.getOrDefault(c.bridge, new JsonObject().put("id", c.bridge));
    return events.of(type, c).put("bridge", bridge.copy());
  }
}
