package com.huifang.dialer.call;

import java.time.Instant;

/**
 * What the PBX said about a call, in our own words: the translators turn AMI events and ARI
 * messages into these at the edge, and only these reach the {@link CallTracker}. Channels are named
 * by their unique id and the linked id of the call they belong to (the originated channel's id: our
 * attempt id, given as {@code ChannelId} on the originate).
 */
public sealed interface CallEvent {

  Instant at();

  /** The PBX's final answer to an originate; {@code uniqueId} is null when it says "unknown". */
  record OriginateResult(Instant at, String actionId, boolean success, int reason, String uniqueId)
      implements CallEvent {}

  /** A channel of a call appeared. */
  record ChannelCreated(Instant at, String uniqueId, String linkedId, String channel)
      implements CallEvent {}

  /** A channel's state changed ({@code Up} is an answer). */
  record StateChanged(Instant at, String uniqueId, String linkedId, String state)
      implements CallEvent {}

  /** A dial inside the call ended with {@code dialStatus} (ANSWER, BUSY, NOANSWER, …). */
  record DialEnded(Instant at, String destUniqueId, String destLinkedId, String dialStatus)
      implements CallEvent {}

  /** A channel hung up with a Q.850 cause (0 when the channel itself knows none). */
  record HungUp(Instant at, String uniqueId, String linkedId, String channel, int cause)
      implements CallEvent {}
}
