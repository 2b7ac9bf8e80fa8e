package com.huifang.dialer.sim;

import com.huifang.dialer.ami.AmiFrame;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The events the simulated AMI PBX sends about its channels and bridges, with the fields and values
 * a real Asterisk 20 gives them (see the transcripts in {@code shared/asterisk}).
 */
final class SimAmiEvents {

  private final Clock clock;

  SimAmiEvents(Clock clock) {
    this.clock = clock;
  }

  AmiFrame.Builder channel(String event, SimPbx.Chan c) {
    return AmiFrame.builder()
        .add("Event", event)
        .add("Privilege", "call,all")
        .add("Timestamp", timestamp())
        .add("Channel", c.name)
        .add("ChannelState", c.state)
        .add("ChannelStateDesc", stateDesc(c.state))
        .add("CallerIDNum", "5550100")
        .add("CallerIDName", "Dialer")
        .add("ConnectedLineNum", "<unknown>")
        .add("ConnectedLineName", "<unknown>")
        .add("Language", "en")
        .add("AccountCode", "")
        .add("Context", c.context)
        .add("Exten", c.exten)
        .add("Priority", 1)
        .add("Uniqueid", c.uniqueId)
        .add("Linkedid", c.linkedId);
  }

  AmiFrame.Builder dest(String event, SimPbx.Chan c) {
    return AmiFrame.builder()
        .add("Event", event)
        .add("Privilege", "call,all")
        .add("Timestamp", timestamp())
        .add("DestChannel", c.name)
        .add("DestChannelState", c.state)
        .add("DestChannelStateDesc", stateDesc(c.state))
        .add("DestCallerIDNum", "5550100")
        .add("DestCallerIDName", "Dialer")
        .add("DestLanguage", "en")
        .add("DestContext", c.context)
        .add("DestExten", c.exten)
        .add("DestPriority", 1)
        .add("DestUniqueid", c.uniqueId)
        .add("DestLinkedid", c.linkedId);
  }

  /**
   * A Dial from {@code caller}'s dialplan to {@code dest}: the caller's fields, then the Dest ones.
   */
  AmiFrame.Builder dialed(String event, SimPbx.Chan caller, SimPbx.Chan dest) {
    AmiFrame.Builder b = channel(event, caller);
    AmiFrame plain = dest(event, dest).build();
    for (Map.Entry<String, String> e : plain.fields()) {
      if (e.getKey().startsWith("Dest")) {
        b.add(e.getKey(), e.getValue());
      }
    }
    return b;
  }

  AmiFrame hangup(SimPbx.Chan c, int cause) {
    return channel("Hangup", c)
        .add("Cause", cause)
        .add("Cause-txt", HangupCauses.text(cause))
        .build();
  }

  AmiFrame bridge(String event, SimPbx.Chan c) {
    return bridge(event, c, bridgeId(c.linkedId));
  }

  AmiFrame bridge(String event, SimPbx.Chan c, String bridge) {
    return channel(event, c)
        .add("BridgeUniqueid", bridge)
        .add("BridgeType", "basic")
        .add("BridgeTechnology", "simple_bridge")
        .add("BridgeNumChannels", 2)
        .build();
  }

  AmiFrame bridgeLifecycle(String event, String linkedId) {
    return AmiFrame.builder()
        .add("Event", event)
        .add("Privilege", "call,all")
        .add("Timestamp", timestamp())
        .add("BridgeUniqueid", bridgeId(linkedId))
        .add("BridgeType", "basic")
        .add("BridgeTechnology", "simple_bridge")
        .add("BridgeCreator", "<unknown>")
        .add("BridgeName", "<unknown>")
        .add("BridgeNumChannels", 0)
        .add("BridgeVideoSourceMode", "none")
        .build();
  }

  /** The bridge a call's channels are put through in, named after the call's Linkedid. */
  static String bridgeId(String linkedId) {
    return "bridge-" + linkedId;
  }

  static String stateDesc(int state) {
    return switch (state) {
      case 0 -> "Down";
      case 4 -> "Ring";
      case 5 -> "Ringing";
      case 6 -> "Up";
      case 7 -> "Busy";
      default -> "Unknown";
    };
  }

  String timestamp() {
    Instant now = clock.instant();
    return now.getEpochSecond() + "." + zeroPadded(Integer.toString(now.getNano() / 1000), 6);
  }

  /**
   * {@code digits} with zeros in front up to {@code width} (String.format costs more per event).
   */
  static String zeroPadded(String digits, int width) {
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
