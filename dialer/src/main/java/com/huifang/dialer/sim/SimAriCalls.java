package com.huifang.dialer.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The calls of the simulated ARI: channels originated into a Stasis application ({@code POST
 * /channels}), with both halves of a Local channel, the {@link NumberPlan}'s fate of the dialled
 * number, and the events of {@code shared/asterisk/ari} with their fields: {@code Dial} with its
 * dialstatus, {@code ChannelStateChange}, {@code StasisStart} only on answer, {@code
 * ChannelDestroyed} with {@code cause}/{@code cause_txt}, {@code ChannelVarset}. Bridges and
 * recordings are {@link SimAriBridges}. Answers REST requests as {@link Reply}s; runs on one Vert.x
 * context.
 */
final class SimAriCalls {

  /** An HTTP answer: status and JSON body (null for none). */
  record Reply(int status, Object body) {
    static Reply error(int status, String message) {
      return new Reply(status, new JsonObject().put("message", message));
    }
  }

  private static final class Call {
    final String dialString;
    SimAriChannel one;
    SimAriChannel two;
    boolean answered;
    boolean ended;
    long timer = -1;

    Call(String dialString) {
      this.dialString = dialString;
    }

    List<SimAriChannel> channels() {
      return two == null ? List.of(one) : List.of(one, two);
    }
  }

  private final Vertx vertx;
  private final SimPbx.Settings settings;
  private final SimAriEvents events;
  private final Map<String, SimAriChannel> channels = new LinkedHashMap<>();
  private final Map<String, Call> calls = new HashMap<>();
  private final SimAriBridges bridges;
  private final Map<String, Long> channelIds = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong originates = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final long epoch;

  SimAriCalls(Vertx vertx, SimPbx.Settings settings, Consumer<JsonObject> sink) {
    this.vertx = vertx;
    this.settings = settings;
    this.events = new SimAriEvents(settings.clock(), sink);
    this.epoch = settings.clock().instant().getEpochSecond();
    this.bridges = new SimAriBridges(vertx, settings, events, channels, this::uniqueId);
  }

  SimAriBridges bridges() {
    return bridges;
  }

  long originates() {
    return originates.get();
  }

  long duplicateOriginates() {
    return duplicates.get();
  }

  /** Each channel id originated, with the place of its originate (1 for the first). */
  Map<String, Long> originateOrders() {
    return Map.copyOf(channelIds);
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
    long order = originates.incrementAndGet();
    if (channelId != null && channelIds.putIfAbsent(channelId, order) != null) {
      duplicates.incrementAndGet();
    }
    String tech = endpoint.substring(0, slash);
    String rest = endpoint.substring(slash + 1);
    int at = rest.indexOf('@');
    String number = at < 0 ? rest : rest.substring(0, at);
    String dialContext = at < 0 ? "default" : rest.substring(at + 1);
    String seq = String.format("%08x", sequence.incrementAndGet());
    Call call = new Call(rest);
    boolean local = tech.equalsIgnoreCase("Local");
    call.one =
        new SimAriChannel(
            channelId != null ? channelId : uniqueId(),
            local ? "Local/" + rest + "-" + seq + ";1" : tech + "/" + number + "-" + seq,
            app,
            events.now(),
            "Down",
            dialContext,
            number);
    if (local) {
      call.two =
          new SimAriChannel(
              otherId != null ? otherId : uniqueId(),
              "Local/" + rest + "-" + seq + ";2",
              app,
              events.now(),
              "Ring",
              dialContext,
              number);
    }
    for (SimAriChannel c : call.channels()) {
      channels.put(c.id, c);
      calls.put(c.id, call);
    }
    later(Duration.ofMillis(1), () -> start(call, timeout, variables));
    return new Reply(200, call.one.json());
  }

  private void start(Call call, Duration timeout, Map<String, String> variables) {
    List<JsonObject> out = new ArrayList<>();
    variables.forEach(
        (k, v) -> out.add(events.of("ChannelVarset", call.one).put("variable", k).put("value", v)));
    out.add(dial(call, ""));
    events.emit(out);
    if (channels.size() > settings.maxChannels()) {
      fail(call, new NumberPlan.Fate.Unanswered(Duration.ZERO, 34, "CONGESTION", 8, 0, false));
      return;
    }
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
    events.emit(List.of(events.of("ChannelStateChange", call.one), dial(call, "RINGING")));
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
    events.emit(out);
  }

  private void answer(Call call, Duration talk) {
    if (call.ended) {
      return;
    }
    call.answered = true;
    List<JsonObject> out = new ArrayList<>();
    if (call.two != null) {
      call.two.state = "Up";
      out.add(events.of("ChannelStateChange", call.two));
    }
    call.one.state = "Up";
    out.add(events.of("ChannelStateChange", call.one));
    out.add(dial(call, "ANSWER"));
    out.add(events.of("ChannelVarset", call.one).put("variable", "STASISSTATUS").put("value", ""));
    call.one.inStasis = true;
    out.add(events.of("StasisStart", call.one).put("args", new JsonArray()));
    events.emit(out);
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
    for (SimAriChannel c : call.channels()) {
      out.add(events.of("ChannelHangupRequest", c).put("cause", cause));
      bridges.leave(c, out);
      if (c.inStasis) {
        out.add(events.of("StasisEnd", c));
      }
      if (c.recording != null) {
        bridges.finish(c.recording);
        c.recording = null;
      }
      out.add(destroyed(c, cause));
    }
    events.emit(out);
  }

  private JsonObject destroyed(SimAriChannel c, int cause) {
    channels.remove(c.id);
    calls.remove(c.id);
    return events
        .of("ChannelDestroyed", c)
        .put("cause", cause)
        .put("cause_txt", HangupCauses.text(cause));
  }

  Optional<JsonObject> channel(String id) {
    return Optional.ofNullable(channels.get(id)).map(SimAriChannel::json);
  }

  JsonArray channels() {
    JsonArray out = new JsonArray();
    channels.values().forEach(c -> out.add(c.json()));
    return out;
  }

  Reply hangup(String id) {
    Call call = calls.get(id);
    if (call == null) {
      return Reply.error(404, "Channel not found");
    }
    hangUp(call, 16);
    return new Reply(204, null);
  }

  /** Leaves Stasis for the dialplan; the abandon context apologises and hangs up after 3 s. */
  Reply continueIn(String id, String context, String extension) {
    SimAriChannel c = channels.get(id);
    if (c == null) {
      return Reply.error(404, "Channel not found");
    }
    if (!c.inStasis) {
      return Reply.error(409, "Channel not in a Stasis application");
    }
    List<JsonObject> out = new ArrayList<>();
    bridges.leave(c, out);
    out.add(events.of("StasisEnd", c));
    c.inStasis = false;
    c.context = context == null ? c.context : context;
    c.exten = extension == null ? c.exten : extension;
    events.emit(out);
    if (c.context.contains("abandon")) {
      Call call = calls.get(id);
      vertx.cancelTimer(call.timer);
      call.timer = later(scaled(Duration.ofSeconds(3)), () -> hangUp(call, 16));
    }
    return new Reply(204, null);
  }

  private JsonObject dial(Call call, String status) {
    return events
        .base("Dial", call.one.app)
        .put("dialstatus", status)
        .put("forward", "")
        .put("dialstring", status.isEmpty() ? call.dialString : "")
        .put("peer", call.one.json());
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
