package com.huifang.dialer.call;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps ARI events (the JSON of the events WebSocket) to our {@link CallEvent}s: StasisStart and
 * ChannelCreated register a channel, ChannelStateChange, Dial with its dialstatus, ChannelDestroyed
 * with its Q.850 cause, bridge entry and exit, RecordingStarted of a channel. ARI has no
 * OriginateResponse: the reply to {@code POST /channels} plays its part ({@link #originated}).
 * Other events map to nothing; a malformed one is counted, logged once per event type, and skipped,
 * never thrown.
 */
public final class AriEventTranslator {

  private static final Logger LOG = LoggerFactory.getLogger(AriEventTranslator.class);

  /** ARI writes {@code 2026-11-22T06:01:36.001+0000}. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

  /** Dial progress that is not an end of the dial. */
  private static final Set<String> DIAL_PROGRESS = Set.of("RINGING", "PROGRESS", "PROCEEDING");

  private static final String CHANNEL_TARGET = "channel:";

  private final String pbx;
  private final Clock clock;
  private final AtomicLong malformed = new AtomicLong();
  private final Set<String> loggedTypes = ConcurrentHashMap.newKeySet();

  /**
   * @param clock gives the time of an event that carries no {@code timestamp}
   */
  public AriEventTranslator(String pbx, Clock clock) {
    this.pbx = pbx;
    this.clock = clock;
  }

  /** Events skipped as malformed since this translator was made. */
  public long malformed() {
    return malformed.get();
  }

  /**
   * The PBX created the channel asked for by {@code POST /channels}: for the tracker, the answer to
   * the Originate.
   *
   * @param actionId the id the call was expected with
   * @param channel the channel JSON of the HTTP reply
   */
  public CallEvent.OriginateResponse originated(String actionId, JsonObject channel, Instant at) {
    return new CallEvent.OriginateResponse(
        actionId, true, 0, channel.getString("id"), channel.getString("name"), at);
  }

  public Optional<CallEvent> translate(JsonObject event) {
    String type = "unknown";
    try {
      type = String.valueOf(event.getString("type"));
      return map(type, event);
    } catch (RuntimeException e) {
      return skip(type, e.toString());
    }
  }

  private Optional<CallEvent> map(String type, JsonObject event) {
    return switch (type) {
      case "StasisStart", "ChannelCreated" -> {
        JsonObject ch = channel(event, "channel");
        yield Optional.of(
            new CallEvent.ChannelCreated(
                ch.getString("name"), ch.getString("id"), "", ch.getString("state"), at(event)));
      }
      case "ChannelStateChange" -> {
        JsonObject ch = channel(event, "channel");
        yield Optional.of(
            new CallEvent.StateChanged(
                ch.getString("name"), ch.getString("id"), "", ch.getString("state"), at(event)));
      }
      case "ChannelDestroyed" -> {
        JsonObject ch = channel(event, "channel");
        Integer cause = event.getInteger("cause");
        if (cause == null) {
          yield skip(type, "no cause");
        }
        yield Optional.of(
            new CallEvent.Hangup(
                ch.getString("name"),
                ch.getString("id"),
                "",
                cause,
                event.getString("cause_txt"),
                at(event)));
      }
      case "Dial" -> dial(event);
      case "ChannelEnteredBridge", "ChannelLeftBridge" -> {
        JsonObject ch = channel(event, "channel");
        JsonObject bridge = event.getJsonObject("bridge");
        String bridgeId = bridge == null ? "" : bridge.getString("id");
        yield Optional.of(
            type.equals("ChannelEnteredBridge")
                ? new CallEvent.BridgeEnter(
                    ch.getString("name"), ch.getString("id"), "", bridgeId, at(event))
                : new CallEvent.BridgeLeave(
                    ch.getString("name"), ch.getString("id"), "", bridgeId, at(event)));
      }
      case "RecordingStarted" -> recordingStarted(event);
      default -> Optional.empty();
    };
  }

  /** A live recording of a channel ({@code target_uri} {@code channel:<id>}) has started. */
  private Optional<CallEvent> recordingStarted(JsonObject event) {
    JsonObject recording = event.getJsonObject("recording");
    String target = recording == null ? null : recording.getString("target_uri");
    if (target == null || !target.startsWith(CHANNEL_TARGET)) {
      return Optional.empty(); // a bridge's recording: no channel of a call to credit it to
    }
    return Optional.of(
        new CallEvent.MixMonitorStart(
            "", target.substring(CHANNEL_TARGET.length()), "", at(event)));
  }

  private Optional<CallEvent> dial(JsonObject event) {
    JsonObject peer = channel(event, "peer");
    JsonObject caller = event.getJsonObject("caller");
    String callerName = caller == null ? "" : caller.getString("name");
    String callerId = caller == null ? "" : caller.getString("id");
    String status = event.getString("dialstatus", "");
    if (status.isEmpty()) {
      return Optional.of(
          new CallEvent.DialBegin(
              callerName, callerId, peer.getString("name"), peer.getString("id"), "", at(event)));
    }
    if (DIAL_PROGRESS.contains(status)) {
      return Optional.empty();
    }
    return Optional.of(
        new CallEvent.DialEnd(
            callerName,
            callerId,
            peer.getString("name"),
            peer.getString("id"),
            "",
            status,
            at(event)));
  }

  /** The channel object under that key, with the id and name every use needs. */
  private static JsonObject channel(JsonObject event, String key) {
    JsonObject ch = event.getJsonObject(key);
    if (ch == null || ch.getString("id") == null || ch.getString("name") == null) {
      throw new IllegalArgumentException("no " + key + " with id and name");
    }
    return ch;
  }

  /** When the PBX says the event happened (now, by the clock, when it carries no timestamp). */
  public Instant time(JsonObject event) {
    return at(event);
  }

  private Instant at(JsonObject event) {
    String timestamp = event.getString("timestamp");
    return timestamp == null
        ? clock.instant()
        : OffsetDateTime.parse(timestamp, TIMESTAMP).toInstant();
  }

  private Optional<CallEvent> skip(String type, String why) {
    malformed.incrementAndGet();
    if (loggedTypes.add(type)) {
      LOG.warn(
          "event=ari_event_malformed pbx={} type={} reason=\"{}\" action=skipped (logged once per"
              + " type)",
          pbx,
          type,
          why);
    }
    return Optional.empty();
  }
}
