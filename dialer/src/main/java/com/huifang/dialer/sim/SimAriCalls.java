package com.huifang.dialer.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of the simulated ARI: channels originated into a Stasis application ({@code POST
 * /channels}), with both halves of a Local channel, the {@link NumberPlan}'s fate of the dialled
 * number, and the events of {@code shared/asterisk/ari} with their fields: {@code Dial} with its
 * dialstatus, {@code ChannelStateChange}, {@code StasisStart} only on answer, {@code
 * ChannelDestroyed} with {@code cause}/{@code cause_txt}, {@code ChannelVarset}, bridges, and live
 * recordings written as small valid WAV files when the channel hangs up. Answers REST requests as
 * {@link Reply}s; runs on one Vert.x context.
 */
final class SimAriCalls {

  private static final Logger LOG = LoggerFactory.getLogger(SimAriCalls.class);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
  private static final String ASTERISK_ID = "02:fc:00:00:00:5e";

  /** An HTTP answer: status and JSON body (null for none). */
  record Reply(int status, Object body) {
    static Reply error(int status, String message) {
      return new Reply(status, new JsonObject().put("message", message));
    }
  }

  /**
   * A live recording of a channel or a bridge ({@code target}: {@code channel:…}, {@code
   * bridge:…}).
   */
  private record Rec(String name, String target, String app, Instant since) {
    String file() {
      return name + ".wav";
    }

    JsonObject json(String state) {
      return new JsonObject()
          .put("name", name)
          .put("format", "wav")
          .put("state", state)
          .put("target_uri", target);
    }
  }

  private static final class Chan {
    final String id;
    final String name;
    final String app;
    final Call call;
    final String created;
    String state;
    String context;
    String exten;
    boolean inStasis;
    String bridge;
    Rec recording;

    Chan(
        String id, String name, String app, Call call, String state, String context, String exten) {
      this.id = id;
      this.name = name;
      this.app = app;
      this.call = call;
      this.state = state;
      this.context = context;
      this.exten = exten;
      this.created = call.pbx.now();
    }
  }

  private static final class Call {
    final SimAriCalls pbx;
    final String dialString;
    Chan one;
    Chan two;
    boolean answered;
    boolean ended;
    long timer = -1;

    Call(SimAriCalls pbx, String dialString) {
      this.pbx = pbx;
      this.dialString = dialString;
    }
  }

  private final Vertx vertx;
  private final SimPbx.Settings settings;
  private final Consumer<JsonObject> events;
  private final Map<String, Chan> channels = new LinkedHashMap<>();
  private final Map<String, JsonObject> bridges = new LinkedHashMap<>();
  private final Map<String, Rec> bridgeRecordings = new LinkedHashMap<>();
  private final Set<String> channelIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong originates = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong answeredCalls = new AtomicLong();
  private final long epoch;

  SimAriCalls(Vertx vertx, SimPbx.Settings settings, Consumer<JsonObject> events) {
    this.vertx = vertx;
    this.settings = settings;
    this.events = events;
    this.epoch = settings.clock().instant().getEpochSecond();
  }

  long originates() {
    return originates.get();
  }

  long duplicateOriginates() {
    return duplicates.get();
  }

  long answered() {
    return answeredCalls.get();
  }

  int live() {
    return channels.size();
  }

  List<String> names() {
    return channels.values().stream().map(c -> c.name + " " + c.state).toList();
  }

  Reply originate(
      String endpoint,
      String app,
      String channelId,
      String otherId,
      Duration timeout,
      Map<String, String> variables) {
    int slash = endpoint == null ? -1 : endpoint.indexOf('/');
    if (slash < 1 || app == null || app.isBlank()) {
      return Reply.error(400, "Endpoint and app must be specified");
    }
    if (channelId != null && channels.containsKey(channelId)) {
      duplicates.incrementAndGet();
      return Reply.error(409, "Channel with given unique ID already exists");
    }
    originates.incrementAndGet();
    if (channelId != null && !channelIds.add(channelId)) {
      duplicates.incrementAndGet();
    }
    String tech = endpoint.substring(0, slash);
    String rest = endpoint.substring(slash + 1);
    int at = rest.indexOf('@');
    String number = at < 0 ? rest : rest.substring(0, at);
    String dialContext = at < 0 ? "default" : rest.substring(at + 1);
    String seq = String.format("%08x", sequence.incrementAndGet());
    Call call = new Call(this, rest);
    boolean local = tech.equalsIgnoreCase("Local");
    String oneId = channelId != null ? channelId : uniqueId();
    call.one =
        new Chan(
            oneId,
            local ? "Local/" + rest + "-" + seq + ";1" : tech + "/" + number + "-" + seq,
            app,
            call,
            "Down",
            dialContext,
            number);
    if (local) {
      call.two =
          new Chan(
              otherId != null ? otherId : uniqueId(),
              "Local/" + rest + "-" + seq + ";2",
              app,
              call,
              "Ring",
              dialContext,
              number);
    }
    channels.put(call.one.id, call.one);
    if (call.two != null) {
      channels.put(call.two.id, call.two);
    }
    JsonObject reply = channelJson(call.one);
    later(Duration.ofMillis(1), () -> start(call, timeout, variables));
    return new Reply(200, reply);
  }

  private void start(Call call, Duration timeout, Map<String, String> variables) {
    List<JsonObject> out = new ArrayList<>();
    variables.forEach(
        (k, v) -> out.add(event("ChannelVarset", call.one).put("variable", k).put("value", v)));
    out.add(dial(call, ""));
    if (channels.size() > settings.maxChannels()) {
      emit(out);
      fail(call, new NumberPlan.Fate.Unanswered(Duration.ZERO, 34, "CONGESTION", 8, 0, false));
      return;
    }
    emit(out);
    switch (NumberPlan.fate(call.one.exten)) {
      case NumberPlan.Fate.Unanswered u -> {
        if (u.ring()) {
          ringing(call);
        }
        Duration ring = u.ringFor().compareTo(timeout) > 0 ? timeout : u.ringFor();
        call.timer = later(scaled(ring), () -> fail(call, u));
      }
      case NumberPlan.Fate.Answers a -> {
        if (a.ringFor().compareTo(timeout) >= 0) {
          ringing(call);
          NumberPlan.Fate.Unanswered noAnswer =
              new NumberPlan.Fate.Unanswered(timeout, 19, "NOANSWER", 0, 19, true);
          call.timer = later(scaled(timeout), () -> fail(call, noAnswer));
        } else {
          if (a.ringFor().isPositive()) {
            ringing(call);
          }
          call.timer = later(scaled(a.ringFor()), () -> answer(call, a.talk()));
        }
      }
    }
  }

  private void ringing(Call call) {
    call.one.state = "Ringing";
    emit(List.of(event("ChannelStateChange", call.one), dial(call, "RINGING")));
  }

  private void fail(Call call, NumberPlan.Fate.Unanswered u) {
    if (call.ended) {
      return;
    }
    call.ended = true;
    List<JsonObject> out = new ArrayList<>();
    if (call.two != null) {
      out.add(destroyed(call.two, u.cause()));
    }
    out.add(dial(call, u.dialStatus()));
    out.add(destroyed(call.one, call.two != null ? u.ownLegCause() : u.cause()));
    emit(out);
  }

  private void answer(Call call, Duration talk) {
    if (call.ended) {
      return;
    }
    call.answered = true;
    answeredCalls.incrementAndGet();
    List<JsonObject> out = new ArrayList<>();
    if (call.two != null) {
      call.two.state = "Up";
      out.add(event("ChannelStateChange", call.two));
    }
    call.one.state = "Up";
    out.add(event("ChannelStateChange", call.one));
    out.add(dial(call, "ANSWER"));
    out.add(event("ChannelVarset", call.one).put("variable", "STASISSTATUS").put("value", ""));
    call.one.inStasis = true;
    out.add(event("StasisStart", call.one).put("args", new JsonArray()));
    emit(out);
    call.timer = later(scaled(talk), () -> hangUp(call, 16));
  }

  /**
   * Ends a call: its channels leave their bridge and Stasis and are destroyed with {@code cause}.
   */
  private void hangUp(Call call, int cause) {
    if (call.ended) {
      return;
    }
    call.ended = true;
    vertx.cancelTimer(call.timer);
    List<JsonObject> out = new ArrayList<>();
    if (!call.answered) {
      out.add(dial(call, "CANCEL"));
    }
    for (Chan c : call.two == null ? List.of(call.one) : List.of(call.one, call.two)) {
      out.add(event("ChannelHangupRequest", c).put("cause", cause));
      if (c.bridge != null) {
        out.add(bridgeEvent("ChannelLeftBridge", c));
        bridgeJson(c.bridge).ifPresent(b -> b.getJsonArray("channels").remove(c.id));
      }
      if (c.inStasis) {
        out.add(event("StasisEnd", c));
      }
      if (c.recording != null) {
        finishRecording(c.recording);
        c.recording = null;
      }
      out.add(destroyed(c, cause));
    }
    emit(out);
  }

  private JsonObject destroyed(Chan c, int cause) {
    channels.remove(c.id);
    return event("ChannelDestroyed", c)
        .put("cause", cause)
        .put("cause_txt", SimPbx.causeText(cause));
  }

  Optional<JsonObject> channel(String id) {
    return Optional.ofNullable(channels.get(id)).map(SimAriCalls::channelJson);
  }

  JsonArray channels() {
    JsonArray out = new JsonArray();
    channels.values().forEach(c -> out.add(channelJson(c)));
    return out;
  }

  Reply hangup(String id) {
    Chan c = channels.get(id);
    if (c == null) {
      return Reply.error(404, "Channel not found");
    }
    hangUp(c.call, 16);
    return new Reply(204, null);
  }

  /** Leaves Stasis for the dialplan; the abandon context apologises and hangs up after 3 s. */
  Reply continueIn(String id, String context, String extension) {
    Chan c = channels.get(id);
    if (c == null) {
      return Reply.error(404, "Channel not found");
    }
    if (!c.inStasis) {
      return Reply.error(409, "Channel not in a Stasis application");
    }
    List<JsonObject> out = new ArrayList<>();
    if (c.bridge != null) {
      out.add(bridgeEvent("ChannelLeftBridge", c));
      bridgeJson(c.bridge).ifPresent(b -> b.getJsonArray("channels").remove(c.id));
      c.bridge = null;
    }
    out.add(event("StasisEnd", c));
    c.inStasis = false;
    c.context = context == null ? c.context : context;
    c.exten = extension == null ? c.exten : extension;
    emit(out);
    if (c.context.contains("abandon")) {
      vertx.cancelTimer(c.call.timer);
      c.call.timer = later(scaled(Duration.ofSeconds(3)), () -> hangUp(c.call, 16));
    }
    return new Reply(204, null);
  }

  Reply record(String id, String name, String format, String ifExists) {
    Chan c = channels.get(id);
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
    c.recording = new Rec(name, "channel:" + c.id, c.app, settings.clock().instant());
    emit(List.of(recordingEvent("RecordingStarted", c.recording, "recording")));
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
            .filter(java.util.Objects::nonNull)
            .map(c -> c.app)
            .findFirst()
            .orElse(null);
    Rec rec = new Rec(name, "bridge:" + bridgeId, app, settings.clock().instant());
    bridgeRecordings.put(bridgeId, rec);
    emit(List.of(recordingEvent("RecordingStarted", rec, "recording")));
    return new Reply(201, rec.json("queued"));
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
    return channels.values().stream()
            .anyMatch(c -> c.recording != null && c.recording.file().equals(file))
        || bridgeRecordings.values().stream().anyMatch(r -> r.file().equals(file));
  }

  /** A finished recording's file, if there is one and it is not being recorded now. */
  Optional<Path> stored(String name) {
    Path file = settings.recordingsDir().resolve(name + ".wav").normalize();
    boolean recording =
        channels.values().stream().anyMatch(c -> (name + ".wav").equals(c.recording));
    return !recording
            && file.startsWith(settings.recordingsDir().normalize())
            && Files.isRegularFile(file)
        ? Optional.of(file)
        : Optional.empty();
  }

  Reply createBridge(String id, String type) {
    String bridgeId = id == null ? uniqueId() : id;
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
                    .put("creationtime", now()));
    return new Reply(200, bridge.copy());
  }

  Reply addChannels(String bridgeId, List<String> ids) {
    JsonObject bridge = bridges.get(bridgeId);
    if (bridge == null) {
      return Reply.error(404, "Bridge not found");
    }
    List<Chan> adding = new ArrayList<>();
    for (String id : ids) {
      Chan c = channels.get(id);
      if (c == null) {
        return Reply.error(400, "Channel not found");
      }
      if (!c.inStasis) {
        return Reply.error(422, "Channel not in Stasis application");
      }
      adding.add(c);
    }
    List<JsonObject> out = new ArrayList<>();
    for (Chan c : adding) {
      c.bridge = bridgeId;
      bridge.getJsonArray("channels").add(c.id);
      out.add(bridgeEvent("ChannelEnteredBridge", c));
    }
    emit(out);
    return new Reply(204, null);
  }

  Reply destroyBridge(String bridgeId) {
    JsonObject bridge = bridges.remove(bridgeId);
    if (bridge == null) {
      return Reply.error(404, "Bridge not found");
    }
    List<JsonObject> out = new ArrayList<>();
    for (Chan c : channels.values()) {
      if (bridgeId.equals(c.bridge)) {
        out.add(event("ChannelLeftBridge", c).put("bridge", bridge.copy()));
        c.bridge = null;
      }
    }
    out.add(base("BridgeDestroyed", null).put("bridge", bridge));
    emit(out);
    Rec rec = bridgeRecordings.remove(bridgeId);
    if (rec != null) {
      finishRecording(rec);
    }
    return new Reply(204, null);
  }

  /** Bridges that exist now, for tests: an ARI bridge stays until it is destroyed. */
  int bridges() {
    return bridges.size();
  }

  private Optional<JsonObject> bridgeJson(String id) {
    return Optional.ofNullable(bridges.get(id));
  }

  /** Writes the recording: a valid 8 kHz 16-bit mono WAV, 1/100 of the recorded time long. */
  private void finishRecording(Rec rec) {
    String file = rec.file();
    long talkMs = Duration.between(rec.since(), settings.clock().instant()).toMillis();
    int samples = (int) Math.max(80, Math.min(80_000, talkMs * 8 / 100 + 80));
    Path path = settings.recordingsDir().resolve(file);
    JsonObject done = rec.json("done").put("duration", talkMs / 1000);
    vertx
        .executeBlocking(
            () -> {
              Files.createDirectories(path.getParent());
              Files.write(path, SimPbx.wav(samples, file.hashCode()));
              return null;
            },
            false)
        .onComplete(
            r -> {
              if (r.failed()) {
                LOG.warn(
                    "event=sim_recording_failed file={} reason={}", file, r.cause().getMessage());
              }
              emit(List.of(base("RecordingFinished", rec.app()).put("recording", done)));
            });
  }

  private JsonObject recordingEvent(String type, Rec rec, String state) {
    return base(type, rec.app()).put("recording", rec.json(state));
  }

  private JsonObject dial(Call call, String status) {
    return base("Dial", call.one.app)
        .put("dialstatus", status)
        .put("forward", "")
        .put("dialstring", status.isEmpty() ? call.dialString : "")
        .put("peer", channelJson(call.one));
  }

  private JsonObject bridgeEvent(String type, Chan c) {
    JsonObject bridge = bridges.getOrDefault(c.bridge, new JsonObject().put("id", c.bridge));
    return event(type, c).put("bridge", bridge.copy());
  }

  private JsonObject event(String type, Chan c) {
    return base(type, c.app).put("channel", channelJson(c));
  }

  private JsonObject base(String type, String app) {
    JsonObject e =
        new JsonObject().put("type", type).put("timestamp", now()).put("asterisk_id", ASTERISK_ID);
    if (app != null) {
      e.put("application", app);
    }
    return e;
  }

  private static JsonObject channelJson(Chan c) {
    JsonObject party = new JsonObject().put("name", "").put("number", "5550100");
    return new JsonObject()
        .put("id", c.id)
        .put("name", c.name)
        .put("state", c.state)
        .put("protocol_id", "")
        .put("caller", party)
        .put("connected", party.copy())
        .put("accountcode", "")
        .put(
            "dialplan",
            new JsonObject()
                .put("context", c.context)
                .put("exten", c.exten)
                .put("priority", 1)
                .put("app_name", c.inStasis ? "Stasis" : "")
                .put("app_data", c.inStasis ? c.app : ""))
        .put("creationtime", c.created)
        .put("language", "en");
  }

  private void emit(List<JsonObject> out) {
    out.forEach(events);
  }

  private String now() {
    return TIMESTAMP.format(settings.clock().instant());
  }

  private String uniqueId() {
    return epoch + "." + sequence.incrementAndGet();
  }

  private Duration scaled(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() * settings.timeScale()));
  }

  private long later(Duration d, Runnable r) {
    return vertx.setTimer(Math.max(1, d.toMillis()), t -> r.run());
  }
}
