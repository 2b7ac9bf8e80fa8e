package com.huifang.dialer.sim;

/**
 * The text Asterisk gives beside a Q.850 hang-up cause (AMI {@code Cause-txt}, ARI {@code
 * cause_txt}).
 */
final class HangupCauses {

  private HangupCauses() {}

  static String text(int cause) {
    return switch (cause) {
      case 0 -> "Unknown";
      case 1 -> "Unallocated (unassigned) number";
      case 16 -> "Normal Clearing";
      case 17 -> "User busy";
      case 18 -> "No user responding";
      case 19 -> "User alerting, no answer";
      case 20 -> "Subscriber absent";
      case 21 -> "Call Rejected";
      case 22 -> "Number changed";
      case 27 -> "Destination out of order";
      case 34 -> "Circuit/channel congestion";
      default -> "Cause " + cause;
    };
  }
}
