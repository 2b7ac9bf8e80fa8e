package com.huifang.dialer.call;

import java.time.Instant;
import java.util.Optional;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;

/**
 * Translates asterisk-java's AMI events into {@link CallEvent}s; every other event is of no
 * interest to a call's outcome and gives nothing. {@code SoftHangupRequest} is deliberately not
 * read: its Cause is a flag, not a Q.850 cause.
 */
public final class AmiEvents {

  private AmiEvents() {}

  public static Optional<CallEvent> translate(ManagerEvent event, Instant at) {
    return Optional.ofNullable(
        switch (event) {
          case OriginateResponseEvent o ->
              new CallEvent.OriginateResult(
                  at,
                  o.getActionId(),
                  "Success".equalsIgnoreCase(o.getResponse()),
                  o.getReason() == null ? -1 : o.getReason(),
                  known(o.getUniqueId()));
          case NewChannelEvent n ->
              new CallEvent.ChannelCreated(at, n.getUniqueId(), n.getLinkedid(), n.getChannel());
          case NewStateEvent s ->
              new CallEvent.StateChanged(
                  at, s.getUniqueId(), s.getLinkedId(), s.getChannelStateDesc());
          case DialEndEvent d ->
              new CallEvent.DialEnded(
                  at, d.getDestUniqueId(), d.getDestLinkedId(), d.getDialStatus());
          case HangupEvent h ->
              new CallEvent.HungUp(
                  at,
                  h.getUniqueId(),
                  h.getLinkedId(),
                  h.getChannel(),
                  h.getCause() == null ? 0 : h.getCause());
          default -> null;
        });
  }

  private static String known(String uniqueId) {
    return uniqueId == null || uniqueId.startsWith("<") ? null : uniqueId;
  }
}
