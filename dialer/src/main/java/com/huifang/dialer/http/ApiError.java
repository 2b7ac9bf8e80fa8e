package com.huifang.dialer.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes api.md's error body: {@code {"error": code, "message": …, "details": […]}}. */
public final class ApiError {

  private ApiError() {}

  public static void send(RoutingContext ctx, int status, String code, String message) {
    send(ctx, status, code, message, new JsonArray());
  }

  public static void send(
      RoutingContext ctx, int status, String code, String message, JsonArray details) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(
            new JsonObject()
                .put("error", code)
                .put("message", message)
                .put("details", details)
                .encode());
  }
}
