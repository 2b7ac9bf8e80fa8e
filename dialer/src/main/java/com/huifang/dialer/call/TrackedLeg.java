package com.huifang.dialer.call;

import java.time.Instant;

/** One channel of a {@link TrackedCall}: a few strings and flags, nothing more. */
final class TrackedLeg {
  final String name;
  String uniqueId;
  boolean originated;
  String dialledBy = "";
  String dialStatus = "";
  String bridgeId = "";
  boolean hungUp;
  int cause;
  Instant hungUpAt;

  TrackedLeg(String name, String uniqueId) {
    this.name = name;
    this.uniqueId = uniqueId;
  }

  boolean local() {
    return name.startsWith("Local/");
  }

  /** How far towards the customer: a trunk channel, then a Local {@code ;2}, then the rest. */
  int depth() {
    if (!local()) {
      return 3;
    }
    return name.endsWith(";2") ? 2 : 1;
  }

  /** {@code Local/x@ctx-0000000f;1} and {@code ;2} are the two halves of one Local channel. */
  static String localPartner(String channel) {
    if (!channel.startsWith("Local/")) {
      return "";
    }
    if (channel.endsWith(";1")) {
      return channel.substring(0, channel.length() - 1) + "2";
    }
    if (channel.endsWith(";2")) {
      return channel.substring(0, channel.length() - 1) + "1";
    }
    return "";
  }
}
