package com.huifang.dialer.call;

import java.time.Instant;
import java.util.Objects;

/**
 * What a PBX says about one call, in our own words, so the call tracker and the classifier never
 * see asterisk-java or ARI types. Translated at the edge ({@link AmiEventTranslator}, {@link
 * AriEventTranslator}). Identifiers the PBX did not give are empty strings, never null; {@code at}
 * is the PBX's own timestamp when it sent one.
 */
public sealed interface CallEvent {

  /** When the PBX says it happened. */
  Instant at();

  /**
   * The PBX's word on an Originate: for an async AMI Originate it comes after answer or failure;
   * for ARI it is the reply to {@code POST /channels}.
   *
   * @param reason AMI originate reason (4 answered, 5 busy, 8 congestion, 0 for nearly every other
   *     failure); 0 when not given
   * @param uniqueId the originated channel's id, empty when the PBX says {@code <unknown>}
   * @param channel the channel name on success, the dial string on failure
   */
  record OriginateResponse(
      String actionId, boolean success, int reason, String uniqueId, String channel, Instant at)
      implements CallEvent {
    public OriginateResponse {
      actionId = clean(actionId);
      uniqueId = clean(uniqueId);
      channel = clean(channel);
      Objects.requireNonNull(at, "at");
    }
  }

  /** A channel came into being ({@code Newchannel}, ARI channel creation). */
  record ChannelCreated(String channel, String uniqueId, String linkedId, String state, Instant at)
      implements CallEvent {
    public ChannelCreated {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      linkedId = clean(linkedId);
      state = clean(state);
      Objects.requireNonNull(at, "at");
    }
  }

  /** A channel changed state ({@code Newstate}, {@code ChannelStateChange}); e.g. "Up". */
  record StateChanged(String channel, String uniqueId, String linkedId, String state, Instant at)
      implements CallEvent {
    public StateChanged {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      linkedId = clean(linkedId);
      state = clean(state);
      Objects.requireNonNull(at, "at");
    }

    boolean up() {
      return "Up".equalsIgnoreCase(state);
    }
  }

  /**
   * A dial started. The caller is empty when the PBX dials for an Originate; it is one of the
   * call's own channels when the call is connected onward (e.g. to an agent).
   */
  record DialBegin(
      String channel,
      String uniqueId,
      String destChannel,
      String destUniqueId,
      String destLinkedId,
      Instant at)
      implements CallEvent {
    public DialBegin {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      destChannel = clean(destChannel);
      destUniqueId = clean(destUniqueId);
      destLinkedId = clean(destLinkedId);
      Objects.requireNonNull(at, "at");
    }
  }

  /** A dial ended with a DialStatus (ANSWER, BUSY, NOANSWER, CHANUNAVAIL, CONGESTION, ...). */
  record DialEnd(
      String channel,
      String uniqueId,
      String destChannel,
      String destUniqueId,
      String destLinkedId,
      String dialStatus,
      Instant at)
      implements CallEvent {
    public DialEnd {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      destChannel = clean(destChannel);
      destUniqueId = clean(destUniqueId);
      destLinkedId = clean(destLinkedId);
      dialStatus = clean(dialStatus);
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A channel is gone ({@code Hangup}, {@code ChannelDestroyed}) with its Q.850 cause (0 when the
   * PBX gave none, as for the originated leg of a busy call).
   */
  record Hangup(
      String channel, String uniqueId, String linkedId, int cause, String causeText, Instant at)
      implements CallEvent {
    public Hangup {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      linkedId = clean(linkedId);
      causeText = clean(causeText);
      Objects.requireNonNull(at, "at");
    }
  }

  /** A channel joined a bridge: with two of a call's channels in one, the parties talk. */
  record BridgeEnter(String channel, String uniqueId, String linkedId, String bridgeId, Instant at)
      implements CallEvent {
    public BridgeEnter {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      linkedId = clean(linkedId);
      bridgeId = clean(bridgeId);
      Objects.requireNonNull(at, "at");
    }
  }

  /** A channel left a bridge. */
  record BridgeLeave(String channel, String uniqueId, String linkedId, String bridgeId, Instant at)
      implements CallEvent {
    public BridgeLeave {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      linkedId = clean(linkedId);
      bridgeId = clean(bridgeId);
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Recording started on a channel. There is no matching stop on a plain hang-up: the recording
   * ends with the call's last Hangup.
   */
  record MixMonitorStart(String channel, String uniqueId, String linkedId, Instant at)
      implements CallEvent {
    public MixMonitorStart {
      channel = clean(channel);
      uniqueId = clean(uniqueId);
      linkedId = clean(linkedId);
      Objects.requireNonNull(at, "at");
    }
  }

  /** Asterisk writes {@code <unknown>} where it has no value; we keep one spelling: empty. */
  private static String clean(String value) {
    return value == null || value.equals("<unknown>") ? "" : value;
  }
}
