package com.huifang.scheduler.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/** The plans the server would run, for tests that check which indexes a statement reads. */
final class Plans {

  private Plans() {}

  /** The plan the server would run for {@code execute} (an {@code EXECUTE} of a prepared one). */
  static JsonObject plan(SqlConnection conn, String execute) {
    return new JsonArray(
            conn.query("EXPLAIN (VERBOSE, FORMAT JSON) " + execute)
                .execute()
                .await()
                .iterator()
                .next()
                .getValue(0)
                .toString())
        .getJsonObject(0)
        .getJsonObject("Plan");
  }

  /** {@code node} and every node under it, the plan's top first. */
  static List<JsonObject> nodes(JsonObject node) {
    List<JsonObject> all = new ArrayList<>(List.of(node));
    JsonArray children = node.getJsonArray("Plans");
    if (children != null) {
      for (int i = 0; i < children.size(); i++) {
        all.addAll(nodes(children.getJsonObject(i)));
      }
    }
    return all;
  }
}
