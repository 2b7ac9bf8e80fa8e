package com.huifang.dialer.sim;

import com.huifang.dialer.ami.AmiFrame;
import com.huifang.dialer.sim.SimAmiServer.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Asterisk 20 that speaks AMI over TCP the way the transcripts in {@code
 * shared/asterisk/ami} show: the banner, MD5 or plain login, async {@code Originate} with both legs
 * of a Local channel (or one channel for other technologies), {@code Newchannel}, {@code Newstate},
 * {@code DialBegin}/{@code DialState}/{@code DialEnd}, {@code OriginateResponse} (with {@code
 * Uniqueid: <unknown>} on failure unless a {@code ChannelId} was given), {@code Hangup} with the
 * causes of the README's table, {@code Redirect} to an agent (who answers and is bridged, or whose
 * phone does not answer: then the customer stays up, waiting) or to the abandon message, {@code
 * Bridge} of two calls' channels (a {@code PREVIEW} agent rung first and the customer; when one
 * hangs up so does the other), {@code MixMonitor} writing a small valid WAV file, {@code
 * CoreShowChannels}, {@code Getvar}/{@code Setvar} ({@link SimChannelActions}), {@code Ping} and
 * {@code Logoff} ({@link SimAmiServer}, the sessions' side). The {@link NumberPlan} decides each
 * number's fate; a time scale compresses every ring and talk time.
 *
 * <p>Fault hooks let tests drop connections, delay or reorder events, garble frames and stop
 * answering actions. Runs on one Vert.x context; never blocks it.
 */
public final class SimPbx {

  private static final Logger LOG = LoggerFactory.getLogger(SimPbx.class);

  /** How long {@code [dialer-agents]} lets an agent's phone ring ({@code Dial(…,20)}). */
  private static final Duration AGENT_DIAL_TIMEOUT = Duration.ofSeconds(20);

  /**
   * @param timeScale real time per simulated second: 0.001 makes a 30 s ring take 30 ms
   * @param maxChannels calls beyond this are refused like a full trunk (congestion)
   */
  public record Settings(
      String host,
      int port,
      String user,
      String secret,
      double timeScale,
      Path recordingsDir,
      int maxChannels,
      Clock clock) {

    public static Settings forTests(Path recordingsDir) {
      // the PBX's Timestamps run on the same compressed time as its rings and talk
      return new Settings(
          "127.0.0.1",
          0,
          "dialer",
          "change-me",
          0.001,
          recordingsDir,
          1000,
          new SimClock(Instant.now(), 1000));
    }
  }

  static final class Chan {
    final String name;
    final String uniqueId;
    final String linkedId;
    int state;
    String context;
    String exten;
    final Map<String, String> vars = new LinkedHashMap<>();
    String recording;
    Instant recordingSince;

    Chan(String name, String uniqueId, String linkedId, int state, String context, String exten) {
      this.name = name;
      this.uniqueId = uniqueId;
      this.linkedId = linkedId;
      this.state = state;
      this.context = context;
      this.exten = exten;
    }
  }

  private static final class SimCall {
    final String actionId;
    final String dialString;
    final boolean channelIdGiven;
    final String destContext;
    final String destExten;
    Chan one;
    Chan two;
    Chan agent;
    SimCall bridgedWith;
    boolean answered;
    boolean ended;
    long timer = -1;

    SimCall(
        String actionId,
        String dialString,
        boolean channelIdGiven,
        String destContext,
        String destExten) {
      this.actionId = actionId;
      this.dialString = dialString;
      this.channelIdGiven = channelIdGiven;
      this.destContext = destContext;
      this.destExten = destExten;
    }

    List<Chan> channels() {
      List<Chan> out = new ArrayList<>(3);
      for (Chan c : new Chan[] {two, one, agent}) {
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final Settings settings;
  private final SimAmiEvents events;
  private final SimAmiServer ami;
  private final SimChannelActions channelActions;
  private final Map<String, Chan> channels = new LinkedHashMap<>();
  private final Map<String, SimCall> callsByChannel = new LinkedHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong uniqueSeq = new AtomicLong();
  private final AtomicLong originates = new AtomicLong();
  private final AtomicLong answeredCalls = new AtomicLong();
  private final Map<String, Long> channelIds = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong duplicateOriginates = new AtomicLong();
  private final Map<String, List<String>> agentDials =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final long epoch;
  private NetServer server;
  private int port;

  private SimPbx(Vertx vertx, Context context, Settings settings) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.events = new SimAmiEvents(settings.clock());
    this.ami =
        new SimAmiServer(
            vertx,
            settings.user(),
            settings.secret(),
            settings.maxChannels(),
            events,
            this::action);
    this.channelActions =
        new SimChannelActions(
            vertx, settings.clock(), settings.recordingsDir(), events, ami, channels);
    this.epoch = settings.clock().instant().getEpochSecond();
  }

  /** Starts listening; the future gives the running PBX (its {@link #port()} if 0 was asked). */
  public static Future<SimPbx> start(Vertx vertx, Settings settings) {
    Context context = vertx.getOrCreateContext();
    SimPbx pbx = new SimPbx(vertx, context, settings);
    Promise<SimPbx> started = Promise.promise();
    context.runOnContext(
        v ->
            vertx
                .createNetServer()
                .connectHandler(pbx.ami::accept)
                .listen(settings.port(), settings.host())
                .onSuccess(
                    s -> {
                      pbx.server = s;
                      pbx.port = s.actualPort();
                      LOG.info(
                          "event=sim_pbx_listening ami={}:{}", settings.host(), s.actualPort());
                      started.complete(pbx);
                    })
                .onFailure(started::fail));
    return started.future();
  }

  public int port() {
    return port;
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          ami.closeAll();
          server.close().onComplete(done);
        });
    return done.future();
  }

  // ---- fault hooks and figures for tests

  /** Closes every client connection now, as a crashed or restarted Asterisk would. */
  public void dropConnections() {
    context.runOnContext(v -> ami.closeAll());
  }

  /** Delays every event by {@code delay} (zero to stop). */
  public void delayEvents(Duration delay) {
    ami.delayEvents(delay);
  }

  /** Sends the events of one moment in reverse order, as Asterisk may within a millisecond. */
  public void reorderSameMillisecond(boolean on) {
    ami.reorderSameMillisecond(on);
  }

  /** Breaks the next {@code frames} events: a line without {@code ": "} is put in front. */
  public void garbleNext(int frames) {
    ami.garbleNext(frames);
  }

  /** Stops (or resumes) answering actions; the connection stays open and events still flow. */
  public void stopAnsweringActions(boolean on) {
    ami.stopAnsweringActions(on);
  }

  public long originates() {
    return originates.get();
  }

  /** Originates that reused a ChannelId already dialled: the same attempt placed twice. */
  public long duplicateOriginates() {
    return duplicateOriginates.get();
  }

  /**
   * The place of the Originate that gave {@code channelId} among all Originates (1 for the first),
   * or -1 when none did: tells which leg of a call was placed first.
   */
  public long originateOrder(String channelId) {
    Long n = channelIds.get(channelId);
    return n == null ? -1 : n;
  }

  /**
   * The agents' extensions that a customer's call (by its channel id) was redirected to, in order:
   * an agent whose phone did not answer, then the next one.
   */
  public List<String> agentsDialled(String channelId) {
    return List.copyOf(agentDials.getOrDefault(channelId, List.of()));
  }

  public long answered() {
    return answeredCalls.get();
  }

  /** Channels up now. */
  public int liveChannels() {
    return channels.size();
  }

  /** Whether the channel of this Uniqueid (the ChannelId its Originate gave) is up now. */
  public Future<Boolean> isUp(String uniqueId) {
    Promise<Boolean> up = Promise.promise();
    context.runOnContext(
        v -> up.complete(channels.values().stream().anyMatch(c -> c.uniqueId.equals(uniqueId))));
    return up.future();
  }

  // ---- actions

  private boolean action(String name, Session s, AmiFrame a, String id) {
    switch (name) {
      case "originate" -> originate(s, a, id);
      case "hangup" -> hangupAction(s, a, id);
      case "redirect" -> redirect(s, a, id);
      case "mixmonitor" -> channelActions.mixMonitor(s, a, id);
      case "stopmixmonitor" -> channelActions.stopMixMonitor(s, a, id);
      case "coreshowchannels" -> channelActions.coreShowChannels(s, id);
      case "status" -> channelActions.status(s, a, id);
      case "getvar" -> channelActions.getvar(s, a, id);
      case "setvar" -> channelActions.setvar(s, a, id);
      case "bridge" -> bridge(s, a, id);
      default -> {
        return false;
      }
    }
    return true;
  }

  private void originate(Session s, AmiFrame a, String id) {
    originates.incrementAndGet();
    String dial = a.getOr("Channel", "");
    int slash = dial.indexOf('/');
    if (slash < 1) {
      ami.reply(s, SimAmiServer.error(id, "Channel not specified"));
      return;
    }
    ami.reply(s, SimAmiServer.ok(id).add("Message", "Originate successfully queued").build());
    String tech = dial.substring(0, slash);
    String rest = dial.substring(slash + 1);
    int at = rest.indexOf('@');
    String number = at < 0 ? rest : rest.substring(0, at);
    String dialContext = at < 0 ? "default" : rest.substring(at + 1);
    boolean local = tech.equalsIgnoreCase("Local");
    String seq = SimAmiEvents.zeroPadded(Long.toHexString(sequence.incrementAndGet()), 8);
    String channelId = a.get("ChannelId").orElse(null);
    if (channelId != null && channelIds.putIfAbsent(channelId, originates.get()) != null) {
      duplicateOriginates.incrementAndGet();
    }
    String oneId = channelId != null ? channelId : uniqueId();
    Duration timeout = Duration.ofMillis(Long.parseLong(a.getOr("Timeout", "30000")));
    String destContext = a.getOr("Context", "");
    String destExten = a.get("Exten").orElse(a.getOr("Application", ""));
    SimCall call = new SimCall(id, dial, channelId != null, destContext, destExten);
    if (channels.size() >= settings.maxChannels()) {
      later(
          Duration.ofMillis(1),
          () ->
              fail(
                  call,
                  new NumberPlan.Fate.Unanswered(Duration.ZERO, 34, "CONGESTION", 8, 0, false)));
      return;
    }
    call.one =
        new Chan(
            local ? "Local/" + rest + "-" + seq + ";1" : tech + "/" + endpoint(rest) + "-" + seq,
            oneId,
            oneId,
            0,
            local ? dialContext : destContext,
            number);
    for (String v : a.getAll("Variable")) {
      for (String pair : v.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          call.one.vars.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    if (local) {
      String twoId = a.get("OtherChannelId").orElse(oneId + ";2");
      call.two = new Chan("Local/" + rest + "-" + seq + ";2", twoId, oneId, 4, dialContext, number);
    }
    register(call);
    List<AmiFrame> first = new ArrayList<>();
    first.add(events.channel("Newchannel", call.one).build());
    if (call.two != null) {
      first.add(events.channel("Newchannel", call.two).build());
    }
    call.one.vars.forEach(
        (k, v) ->
            first.add(
                events.channel("VarSet", call.one).add("Variable", k).add("Value", v).build()));
    first.add(events.dest("DialBegin", call.one).add("DialString", rest).build());
    NumberPlan.Fate fate = NumberPlan.fate(number);
    later(
        Duration.ofMillis(1),
        () -> {
          ami.emit(first, null);
          switch (fate) {
            case NumberPlan.Fate.Unanswered u -> {
              if (u.ring()) {
                ringing(call);
              }
              Duration ring = u.ringFor().compareTo(timeout) > 0 ? timeout : u.ringFor();
              call.timer = later(scaled(ring), () -> fail(call, u));
            }
            case NumberPlan.Fate.Answers ans -> {
              if (ans.ringFor().isZero() || ans.ringFor().isNegative()) {
                answer(call, ans.talk());
              } else if (ans.ringFor().compareTo(timeout) >= 0) {
                ringing(call);
                call.timer =
                    later(
                        scaled(timeout),
                        () ->
                            fail(
                                call,
                                new NumberPlan.Fate.Unanswered(
                                    timeout, 19, "NOANSWER", 0, 19, true)));
              } else {
                ringing(call);
                call.timer = later(scaled(ans.ringFor()), () -> answer(call, ans.talk()));
              }
            }
          }
        });
  }

  private void ringing(SimCall call) {
    call.one.state = 5;
    ami.emit(
        List.of(
            events.channel("Newstate", call.one).build(),
            events.dest("DialState", call.one).add("DialStatus", "RINGING").build()),
        null);
  }

  private void fail(SimCall call, NumberPlan.Fate.Unanswered u) {
    if (call.ended) {
      return;
    }
    call.ended = true;
    List<AmiFrame> out = new ArrayList<>();
    if (call.two != null && (u.cause() == 17 || u.cause() == 34)) {
      call.two.state = 7;
      out.add(events.channel("Newstate", call.two).build());
    }
    if (call.one != null) {
      out.add(events.dest("DialEnd", call.one).add("DialStatus", u.dialStatus()).build());
    }
    out.add(
        AmiFrame.builder()
            .add("Event", "OriginateResponse")
            .add("Privilege", "call,all")
            .add("Timestamp", events.timestamp())
            .add("ActionID", call.actionId)
            .add("Response", "Failure")
            .add("Channel", call.dialString)
            .add("Context", call.destContext)
            .add("Exten", call.destExten)
            .add("Reason", u.reason())
            .add(
                "Uniqueid",
                call.channelIdGiven && call.one != null ? call.one.uniqueId : "<unknown>")
            .add("CallerIDNum", "<unknown>")
            .add("CallerIDName", "<unknown>")
            .build());
    if (call.one != null) {
      out.add(events.hangup(call.one, call.two != null ? u.ownLegCause() : u.cause()));
    }
    if (call.two != null) {
      out.add(events.hangup(call.two, u.cause()));
    }
    call.channels().forEach(this::unregister);
    ami.emit(out, null);
  }

  private void answer(SimCall call, Duration talk) {
    if (call.ended) {
      return;
    }
    call.answered = true;
    answeredCalls.incrementAndGet();
    List<AmiFrame> out = new ArrayList<>();
    if (call.two != null) {
      call.two.state = 6;
      out.add(events.channel("Newstate", call.two).build());
    }
    call.one.state = 6;
    out.add(events.channel("Newstate", call.one).build());
    out.add(events.dest("DialEnd", call.one).add("DialStatus", "ANSWER").build());
    out.add(
        AmiFrame.builder()
            .add("Event", "OriginateResponse")
            .add("Privilege", "call,all")
            .add("Timestamp", events.timestamp())
            .add("ActionID", call.actionId)
            .add("Response", "Success")
            .add("Channel", call.one.name)
            .add("Context", call.destContext)
            .add("Exten", call.destExten)
            .add("Reason", 4)
            .add("Uniqueid", call.one.uniqueId)
            .add("CallerIDNum", "<unknown>")
            .add("CallerIDName", "<unknown>")
            .build());
    call.one.context = call.destContext;
    call.one.exten = call.destExten;
    ami.emit(out, null);
    call.timer = later(scaled(talk), () -> hangUp(call, 16));
  }

  /** Ends a call: every channel hangs up with {@code cause}; recordings are written. */
  private void hangUp(SimCall call, int cause) {
    if (call.ended) {
      return;
    }
    call.ended = true;
    if (call.timer >= 0) {
      vertx.cancelTimer(call.timer);
    }
    List<AmiFrame> out = new ArrayList<>();
    if (!call.answered) {
      out.add(events.dest("DialEnd", call.one).add("DialStatus", "CANCEL").build());
      out.add(
          AmiFrame.builder()
              .add("Event", "OriginateResponse")
              .add("Privilege", "call,all")
              .add("Timestamp", events.timestamp())
              .add("ActionID", call.actionId)
              .add("Response", "Failure")
              .add("Channel", call.dialString)
              .add("Reason", 1)
              .add("Uniqueid", call.channelIdGiven ? call.one.uniqueId : "<unknown>")
              .build());
    }
    if (call.agent != null) {
      out.add(events.bridge("BridgeLeave", call.one));
      out.add(events.bridge("BridgeLeave", call.agent));
      out.add(events.bridgeLifecycle("BridgeDestroy", call.one.linkedId));
    }
    for (Chan c : call.channels()) {
      out.add(events.hangup(c, cause));
      channelActions.finishRecording(c);
      unregister(c);
    }
    ami.emit(out, null);
    if (call.bridgedWith != null) {
      // after a Bridge both channels continue in their dialplan, which hangs up
      hangUp(call.bridgedWith, cause);
    }
  }

  private void hangupAction(Session s, AmiFrame a, String id) {
    SimCall call = callsByChannel.get(a.getOr("Channel", ""));
    if (call == null) {
      ami.reply(s, SimAmiServer.error(id, "No such channel"));
      return;
    }
    ami.reply(s, SimAmiServer.ok(id).add("Message", "Channel Hungup").build());
    hangUp(call, 16);
  }

  private void redirect(Session s, AmiFrame a, String id) {
    SimCall call = callsByChannel.get(a.getOr("Channel", ""));
    if (call == null || call.ended) {
      ami.reply(s, SimAmiServer.error(id, "Channel does not exist: " + a.getOr("Channel", "")));
      return;
    }
    ami.reply(s, SimAmiServer.ok(id).add("Message", "Redirect successful").build());
    String target = a.getOr("Context", "");
    String exten = a.getOr("Exten", "s");
    if (target.contains("abandon")) {
      call.one.context = target;
      if (call.timer >= 0) {
        vertx.cancelTimer(call.timer);
      }
      call.timer = later(scaled(Duration.ofSeconds(3)), () -> hangUp(call, 16));
      return;
    }
    Chan agent =
        new Chan(
            "PJSIP/" + exten + "-" + String.format("%08x", sequence.incrementAndGet()),
            uniqueId(),
            call.one.linkedId,
            0,
            target,
            exten);
    call.agent = agent;
    register(call);
    if (call.channelIdGiven) {
      agentDials
          .computeIfAbsent(
              call.one.uniqueId, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(exten);
    }
    NumberPlan.Fate phone =
        exten.matches("20(0[1-9]|[1-9][0-9])")
            ? NumberPlan.fate(exten)
            : new NumberPlan.Fate.Unanswered(Duration.ZERO, 20, "CHANUNAVAIL", 0, 20, false);
    later(
        Duration.ofMillis(1),
        () -> {
          if (call.ended || call.agent != agent) {
            return;
          }
          List<AmiFrame> out = new ArrayList<>();
          out.add(events.channel("Newchannel", agent).build());
          out.add(events.dialed("DialBegin", call.one, agent).add("DialString", exten).build());
          switch (phone) {
            case NumberPlan.Fate.Answers answers -> {
              agent.state = 6;
              out.add(events.channel("Newstate", agent).build());
              out.add(
                  events.dialed("DialEnd", call.one, agent).add("DialStatus", "ANSWER").build());
              out.add(events.bridgeLifecycle("BridgeCreate", call.one.linkedId));
              out.add(events.bridge("BridgeEnter", call.one));
              out.add(events.bridge("BridgeEnter", agent));
              ami.emit(out, null);
            }
            case NumberPlan.Fate.Unanswered absent -> {
              ami.emit(out, null);
              Duration ring =
                  absent.ringFor().compareTo(AGENT_DIAL_TIMEOUT) > 0
                      ? AGENT_DIAL_TIMEOUT
                      : absent.ringFor();
              later(scaled(ring), () -> agentMissed(call, agent, absent));
            }
          }
        });
  }

  /**
   * The agent's phone was not answered: the agent's channel hangs up and the customer goes back to
   * waiting in {@code [dialer-outbound]}, as the deployment's dialplan does after a failed Dial.
   */
  private void agentMissed(SimCall call, Chan agent, NumberPlan.Fate.Unanswered absent) {
    if (call.ended || call.agent != agent) {
      return;
    }
    call.agent = null;
    call.one.context = "dialer-outbound";
    unregister(agent);
    ami.emit(
        List.of(
            events
                .dialed("DialEnd", call.one, agent)
                .add("DialStatus", absent.dialStatus())
                .build(),
            events.hangup(agent, absent.cause())),
        null);
  }

  private void bridge(Session s, AmiFrame a, String id) {
    Chan one = channels.get(a.getOr("Channel1", ""));
    Chan two = channels.get(a.getOr("Channel2", ""));
    SimCall first = callsByChannel.get(a.getOr("Channel1", ""));
    SimCall second = callsByChannel.get(a.getOr("Channel2", ""));
    if (one == null || two == null || first == null || second == null) {
      ami.reply(s, SimAmiServer.error(id, "Channel1 and Channel2 must both exist"));
      return;
    }
    ami.reply(s, SimAmiServer.ok(id).add("Message", "Channels have been bridged").build());
    if (first != second) {
      first.bridgedWith = second;
      second.bridgedWith = first;
    }
    String bridge = SimAmiEvents.bridgeId(one.linkedId);
    ami.emit(
        List.of(
            events.bridgeLifecycle("BridgeCreate", one.linkedId),
            events.bridge("BridgeEnter", one, bridge),
            events.bridge("BridgeEnter", two, bridge)),
        null);
  }

  // ---- frames

  private void register(SimCall call) {
    for (Chan c : call.channels()) {
      channels.put(c.name, c);
      callsByChannel.put(c.name, call);
    }
  }

  private void unregister(Chan c) {
    channels.remove(c.name);
    callsByChannel.remove(c.name);
  }

  private String uniqueId() {
    return epoch + "." + uniqueSeq.getAndIncrement();
  }

  private static String endpoint(String rest) {
    int at = rest.indexOf('@');
    return at < 0 ? rest : rest.substring(at + 1);
  }

  private Duration scaled(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() * settings.timeScale()));
  }

  private long later(Duration d, Runnable r) {
    long ms = Math.max(1, d.toMillis());
    return vertx.setTimer(ms, t -> r.run());
  }
}
