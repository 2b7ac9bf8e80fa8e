package com.huifang.dialer.ari;

import java.util.Optional;
import java.util.UUID;

/**
 * One agent's leg of an ARI call, channel id {@code <attempt>-agent-<n>}: rung first ({@code
 * PREVIEW}, the agent waits in the attempt's bridge for the customer) or dialled to connect an
 * answered customer. Legal transitions: {@code RINGING → ANSWERED → JOINED → GONE}, {@code RINGING
 * → GONE} (not answered), {@code ANSWERED → GONE} (hung up before being joined to the customer).
 */
final class AriAgentLeg {

  private static final String INFIX = "-agent-";

  enum State {
    RINGING,
    ANSWERED,
    JOINED,
    GONE
  }

  final UUID attempt;
  final String channelId;
  final String extension;
  final boolean rungFirst;
  State state = State.RINGING;
  String customer = "";
  String name = "";
  String dialStatus = "";
  boolean tracked;
  boolean hangingUp;
  long timer = -1;

  AriAgentLeg(UUID attempt, long sequence, String extension, boolean rungFirst) {
    this.attempt = attempt;
    this.channelId = attempt + INFIX + sequence;
    this.extension = extension;
    this.rungFirst = rungFirst;
  }

  /** The attempt whose agent leg has this channel id, if it is one. */
  static Optional<UUID> attemptOf(String channelId) {
    int infix = channelId == null ? -1 : channelId.indexOf(INFIX);
    if (infix < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(channelId.substring(0, infix)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Keeps what a {@code Dial} event of this leg says about why it did not answer. */
  void dialed(String status) {
    if (status != null
        && !status.isEmpty()
        && !status.equals("ANSWER")
        && !status.equals("RINGING")
        && !status.equals("PROGRESS")) {
      dialStatus = status;
    }
  }

  /**
   * Why the phone did not answer, as a DialStatus: the leg's own {@code Dial} status when there was
   * one (on busy and congestion the originated channel itself ends with cause 0), else from the
   * Q.850 cause of its {@code ChannelDestroyed}.
   */
  String unreachableStatus(int cause) {
    if (!dialStatus.isEmpty()) {
      return dialStatus;
    }
    return switch (cause) {
      case 17 -> "BUSY";
      case 34, 38, 41, 42, 44 -> "CONGESTION";
      case 0, 20, 27, 29, 31 -> "CHANUNAVAIL";
      default -> "NOANSWER";
    };
  }
}
