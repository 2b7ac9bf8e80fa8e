package com.huifang.dialer.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.huifang.dialer.http.ApiError;
import com.huifang.scheduler.http.FieldError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reading path ids and JSON bodies, answering bad input with a 400 that names what is wrong. */
final class Requests {

  private Requests() {}

  /** The numeric path parameter {@code name}, or empty after answering 400. */
  static Optional<Long> id(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return Optional.of(id);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    ApiError.send(ctx, 400, "bad_request", name + " must be a positive integer, got '" + raw + "'");
    return Optional.empty();
  }

  /** The body as a JSON object, or empty after answering 400. */
  static Optional<JsonObject> json(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      ApiError.send(ctx, 400, "bad_request", "the body must be a JSON object");
      return Optional.empty();
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      if (value instanceof JsonObject o) {
        return Optional.of(o);
      }
      ApiError.send(
          ctx, 400, "bad_request", "the body must be a JSON object, not an array or value");
    } catch (DecodeException e) {
      ApiError.send(ctx, 400, "bad_json", "the body is not valid JSON: " + problem(e));
    }
    return Optional.empty();
  }

  /** What the parser found wrong and where, without its internals. */
  private static String problem(DecodeException e) {
    if (!(e.getCause() instanceof JsonProcessingException j)) {
      return e.getMessage();
    }
    JsonLocation at = j.getLocation();
    return at == null
        ? j.getOriginalMessage()
        : j.getOriginalMessage()
            + " (line "
            + at.getLineNr()
            + ", column "
            + at.getColumnNr()
            + ")";
  }

  static void invalid(RoutingContext ctx, List<FieldError> errors) {
    JsonArray details = new JsonArray();
    errors.forEach(
        e -> details.add(new JsonObject().put("field", e.field()).put("reason", e.reason())));
    String first =
        errors.isEmpty()
            ? "invalid"
            : errors.getFirst().field() + ": " + errors.getFirst().reason();
    ApiError.send(ctx, 400, "invalid", first, details);
  }

  static void ok(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  /**
   * The field {@code key} as one of {@code type}'s names, in any case; null (with an error when
   * {@code required}) when absent, null with an error naming the allowed values when not one.
   */
  static <E extends Enum<E>> E oneOf(
      JsonObject json, String key, Class<E> type, boolean required, List<FieldError> errors) {
    Object raw = json.getValue(key);
    if (raw == null && !required) {
      return null;
    }
    String allowed = Arrays.toString(type.getEnumConstants());
    if (!(raw instanceof String s)) {
      errors.add(
          new FieldError(
              key, (raw == null ? "required" : "must be a string") + "; one of " + allowed));
      return null;
    }
    try {
      return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(key, "unknown value '" + s + "'; one of " + allowed));
      return null;
    }
  }

  /**
   * The field {@code key} as an ISO-8601 time with offset; null when absent or (with an error) bad.
   */
  static Instant instant(JsonObject json, String key, List<FieldError> errors) {
    Object raw = json.getValue(key);
    return instant(raw == null ? null : raw.toString(), key, errors);
  }

  /**
   * {@code text} (the field or query parameter {@code key}) as an ISO-8601 time with offset; null
   * when absent or (with an error) bad.
   */
  static Instant instant(String text, String key, List<FieldError> errors) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(key, "must be ISO-8601 with offset, e.g. 2026-11-23T10:00:00+08:00"));
      return null;
    }
  }

  /**
   * The field {@code key} as a list of non-blank strings; empty when absent, with an error naming
   * each element or the field that is not one.
   */
  static List<String> strings(JsonObject json, String key, List<FieldError> errors) {
    List<String> out = new ArrayList<>();
    Object raw = json.getValue(key);
    if (raw instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.getValue(i) instanceof String s && !s.isBlank()) {
          out.add(s);
        } else {
          errors.add(new FieldError(key + "[" + i + "]", "must be a non-empty string"));
        }
      }
    } else if (raw != null) {
      errors.add(new FieldError(key, "must be an array of strings"));
    }
    return out;
  }
}
