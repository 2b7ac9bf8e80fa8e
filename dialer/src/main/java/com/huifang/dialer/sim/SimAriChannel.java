package com.huifang.dialer.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One channel of the simulated ARI, as {@code GET /channels} shows it. */
final class SimAriChannel {

  /**
   * A live recording of a channel or a bridge ({@code target}: {@code channel:…}, {@code
   * bridge:…}).
   */
  record Recording(String name, String target, String app, Instant since) {
    String file() {
      return name + ".wav";
    }

    JsonObject json(String state) {
      return new JsonObject()
          .put("name", name)
          .put("format", "wav")
          .put("state", state)
          .put("target_uri", target);
    }
  }

  final String id;
  final String name;
  final String app;
  final String created;
  String state;
  String context;
  String exten;
  boolean inStasis;
  String bridge;
  Recording recording;

  SimAriChannel(
      String id,
      String name,
      String app,
      String created,
      String state,
      String context,
      String exten) {
    this.id = id;
    this.name = name;
    this.app = app;
    this.created = created;
    this.state = state;
    this.context = context;
    this.exten = exten;
  }

  /** The channel's JSON with the fields of the captures. */
  JsonObject json() {
    JsonObject party = new JsonObject().put("name", "").put("number", "5550100");
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("state", state)
        .put("protocol_id", "")
        .put("caller", party)
        .put("connected", party.copy())
        .put("accountcode", "")
        .put(
            "dialplan",
            new JsonObject()
                .put("context", context)
                .put("exten", exten)
                .put("priority", 1)
                .put("app_name", inStasis ? "Stasis" : "")
                .put("app_data", inStasis ? app : ""))
        .put("creationtime", created)
        .put("language", "en");
  }
}
