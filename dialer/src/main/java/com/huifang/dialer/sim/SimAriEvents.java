package com.huifang.dialer.sim;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/** The simulated ARI's events: their common fields, and the sink they are sent to. */
final class SimAriEvents {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
  private static final String ASTERISK_ID = "02:fc:00:00:00:5e";

  private final Clock clock;
  private final Consumer<JsonObject> sink;

  SimAriEvents(Clock clock, Consumer<JsonObject> sink) {
    this.clock = clock;
    this.sink = sink;
  }

  /** Now as ARI writes it: {@code 2026-11-22T06:01:36.001+0000}. */
  String now() {
    return TIMESTAMP.format(clock.instant());
  }

  /** An event of {@code app}'s (every client's when null). */
  JsonObject base(String type, String app) {
    JsonObject e =
        new JsonObject().put("type", type).put("timestamp", now()).put("asterisk_id", ASTERISK_ID);
    if (app != null) {
      e.put("application", app);
    }
    return e;
  }

  /** An event about one channel. */
  JsonObject of(String type, SimAriChannel c) {
    return base(type, c.app).put("channel", c.json());
  }

  void emit(List<JsonObject> events) {
    events.forEach(sink);
  }
}
