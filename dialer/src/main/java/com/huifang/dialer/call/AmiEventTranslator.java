package com.huifang.dialer.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.BridgeLeaveEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MixMonitorStartEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps asterisk-java's AMI events to our {@link CallEvent}s, so nothing past the edge depends on
 * asterisk-java. Events a call does not need (Newexten, DeviceStateChange, SoftHangupRequest whose
 * Cause is a flag, ...) map to nothing. A malformed event (no channel, no ids) is counted, logged
 * once per event type, and skipped; this class never throws on PBX input.
 */
public final class AmiEventTranslator {

  private static final Logger LOG = LoggerFactory.getLogger(AmiEventTranslator.class);

  /** The events this translator maps, named as Asterisk sends them; it ignores every other. */
  public static final List<String> EVENTS =
      List.of(
          "OriginateResponse",
          "Newchannel",
          "Newstate",
          "DialBegin",
          "DialEnd",
          "Hangup",
          "BridgeEnter",
          "BridgeLeave",
          "MixMonitorStart");

  private final String pbx;
  private final Clock clock;
  private final AtomicLong malformed = new AtomicLong();
  private final Set<String> loggedTypes = ConcurrentHashMap.newKeySet();

  /**
   * @param clock gives the time of an event that carries no {@code Timestamp}
   */
  public AmiEventTranslator(String pbx, Clock clock) {
    this.pbx = pbx;
    this.clock = clock;
  }

  /** Events skipped as malformed since this translator was made. */
  public long malformed() {
    return malformed.get();
  }

  public Optional<CallEvent> translate(ManagerEvent event) {
    try {
      Optional<CallEvent> translated = map(event);
      if (translated.isPresent() && !wellFormed(translated.get())) {
        return skip(event, "missing channel or id");
      }
      return translated;
    } catch (RuntimeException e) {
      return skip(event, e.toString());
    }
  }

  private Optional<CallEvent> map(ManagerEvent event) {
    Instant at = at(event);
    CallEvent mapped =
        switch (event) {
          case OriginateResponseEvent e ->
              new CallEvent.OriginateResponse(
                  e.getActionId(),
                  "Success".equalsIgnoreCase(e.getResponse()),
                  e.getReason() == null ? 0 : e.getReason(),
                  e.getUniqueId(),
                  e.getChannel(),
                  at);
          case NewChannelEvent e ->
              new CallEvent.ChannelCreated(
                  e.getChannel(), e.getUniqueId(), e.getLinkedid(), e.getChannelStateDesc(), at);
          case NewStateEvent e ->
              new CallEvent.StateChanged(
                  e.getChannel(), e.getUniqueId(), e.getLinkedId(), e.getChannelStateDesc(), at);
          case DialBeginEvent e ->
              new CallEvent.DialBegin(
                  e.getChannel(),
                  e.getUniqueId(),
                  e.getDestChannel(),
                  e.getDestUniqueId(),
                  e.getDestLinkedId(),
                  at);
          case DialEndEvent e ->
              new CallEvent.DialEnd(
                  e.getChannel(),
                  e.getUniqueId(),
                  e.getDestChannel(),
                  e.getDestUniqueId(),
                  e.getDestLinkedId(),
                  e.getDialStatus(),
                  at);
          case HangupEvent e ->
              new CallEvent.Hangup(
                  e.getChannel(),
                  e.getUniqueId(),
                  e.getLinkedId(),
                  e.getCause() == null ? 0 : e.getCause(),
                  e.getCauseTxt(),
                  at);
          case BridgeEnterEvent e ->
              new CallEvent.BridgeEnter(
                  e.getChannel(), e.getUniqueId(), e.getLinkedId(), e.getBridgeUniqueId(), at);
          case BridgeLeaveEvent e ->
              new CallEvent.BridgeLeave(
                  e.getChannel(), e.getUniqueId(), e.getLinkedId(), e.getBridgeUniqueId(), at);
          case MixMonitorStartEvent e ->
              new CallEvent.MixMonitorStart(e.getChannel(), e.getUniqueId(), e.getLinkedId(), at);
          default -> null;
        };
    return Optional.ofNullable(mapped);
  }

  /** The PBX's own {@code Timestamp} (seconds with microseconds), else now. */
  private Instant at(ManagerEvent event) {
    Double seconds = event.getTimestamp();
    if (seconds == null) {
      return clock.instant();
    }
    long micros = Math.round(seconds * 1_000_000d);
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static boolean wellFormed(CallEvent event) {
    return switch (event) {
      case CallEvent.OriginateResponse r -> !r.actionId().isEmpty() || !r.uniqueId().isEmpty();
      case CallEvent.ChannelCreated c -> !c.channel().isEmpty();
      case CallEvent.StateChanged s -> !s.channel().isEmpty();
      case CallEvent.DialBegin d -> !d.destChannel().isEmpty();
      case CallEvent.DialEnd d -> !d.destChannel().isEmpty();
      case CallEvent.Hangup h -> !h.channel().isEmpty();
      case CallEvent.BridgeEnter b -> !b.channel().isEmpty();
      case CallEvent.BridgeLeave b -> !b.channel().isEmpty();
      case CallEvent.MixMonitorStart m -> !m.channel().isEmpty();
    };
  }

  private Optional<CallEvent> skip(ManagerEvent event, String why) {
    malformed.incrementAndGet();
    String type = event.getClass().getSimpleName();
    if (loggedTypes.add(type)) {
      LOG.warn(
          "event=ami_event_malformed pbx={} type={} reason=\"{}\" action=skipped (logged once per"
              + " type)",
          pbx,
          type,
          why);
    }
    return Optional.empty();
  }
}
