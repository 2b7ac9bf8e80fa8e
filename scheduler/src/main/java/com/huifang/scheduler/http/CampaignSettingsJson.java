package com.huifang.scheduler.http;

import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.PacingMode;
import com.huifang.scheduler.campaign.PacingSpec;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.window.CallingHours;
import com.huifang.scheduler.window.CallingPeriod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Campaign settings to and from api.md's JSON. Parsing reports every bad field at once, each with
 * what is wrong, and builds nothing unless all are right.
 */
public final class CampaignSettingsJson {

  /** The outcome of parsing a body. */
  public sealed interface Parsed {
    record Valid(CampaignSettings settings) implements Parsed {}

    record Invalid(List<FieldError> errors) implements Parsed {
      public Invalid {
        errors = List.copyOf(errors);
      }
    }
  }

  private static final Set<String> CHANGEABLE =
      Set.of(
          "timezone",
          "callingHours",
          "maxPasses",
          "passInterval",
          "ringTimeout",
          "dailyCap",
          "pacing",
          "maxChannels",
          "agentGroup",
          "recording");

  private CampaignSettingsJson() {}

  /** {@code POST /api/campaigns}: {@code name} and {@code kind} required, the rest defaulted. */
  public static Parsed create(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    String name =
        body.getValue("name") instanceof String s
                && !s.isBlank()
                && s.length() <= 200
                && s.chars().noneMatch(Character::isISOControl)
            ? s
            : null;
    if (name == null) {
      errors.add(new FieldError("name", "required: 1-200 characters, no control characters"));
    }
    CampaignKind kind = enumValue(body, "kind", CampaignKind.class, errors, true);
    for (String key : body.fieldNames()) {
      if (!key.equals("name") && !key.equals("kind") && !CHANGEABLE.contains(key)) {
        errors.add(new FieldError(key, "unknown field"));
      }
    }
    // with a bad name or kind the other fields are still checked, against a stand-in base
    Parsed parsed =
        apply(
            CampaignSettings.defaults(
                name == null ? "?" : name, kind == null ? CampaignKind.NEW_CONTRACT : kind),
            body,
            errors);
    return name == null || kind == null ? new Parsed.Invalid(errors) : parsed;
  }

  /** {@code PATCH /api/campaigns/{id}}: changes pacing, limits and hours; name and kind stay. */
  public static Parsed patch(CampaignSettings current, JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    for (String key : body.fieldNames()) {
      if (key.equals("name") || key.equals("kind")) {
        errors.add(new FieldError(key, "cannot be changed; create a new campaign"));
      } else if (!CHANGEABLE.contains(key)) {
        errors.add(new FieldError(key, "unknown field"));
      }
    }
    return apply(current, body, errors);
  }

  private static Parsed apply(CampaignSettings base, JsonObject body, List<FieldError> errors) {
    ZoneId zone =
        parse(
            body,
            "timezone",
            base.timezone(),
            ZoneId::of,
            "an IANA zone such as Asia/Shanghai",
            errors);
    CallingHours hours = callingHours(body, base.callingHours(), errors);
    int maxPasses = integer(body, "maxPasses", base.maxPasses(), errors);
    Duration passInterval =
        parse(
            body,
            "passInterval",
            base.passInterval(),
            Duration::parse,
            "an ISO-8601 duration such as PT6H",
            errors);
    Duration ringTimeout =
        parse(
            body,
            "ringTimeout",
            base.ringTimeout(),
            Duration::parse,
            "an ISO-8601 duration such as PT30S",
            errors);
    int dailyCap = integer(body, "dailyCap", base.dailyCap(), errors);
    PacingSpec pacing = pacing(body, base.pacing(), errors);
    int maxChannels = integer(body, "maxChannels", base.maxChannels(), errors);
    String group =
        body.getValue("agentGroup") == null ? base.agentGroup() : text(body, "agentGroup", errors);
    if (body.containsKey("recording") && !Boolean.TRUE.equals(body.getValue("recording"))) {
      errors.add(
          new FieldError(
              "recording",
              "every callback call is recorded (domain.md); it cannot be switched off"));
    }
    if (!errors.isEmpty()) {
      return new Parsed.Invalid(errors);
    }
    try {
      return new Parsed.Valid(
          new CampaignSettings(
              base.name(),
              base.kind(),
              zone,
              hours,
              maxPasses,
              passInterval,
              ringTimeout,
              dailyCap,
              pacing,
              maxChannels,
              group));
    } catch (IllegalArgumentException e) {
      return new Parsed.Invalid(List.of(new FieldError(fieldOf(e.getMessage()), e.getMessage())));
    }
  }

  public static JsonObject toJson(CampaignSettings s) {
    JsonArray hours = new JsonArray();
    for (CallingPeriod p : s.callingHours().periods()) {
      hours.add(new JsonObject().put("from", p.from().toString()).put("to", p.to().toString()));
    }
    return new JsonObject()
        .put("name", s.name())
        .put("kind", s.kind().name())
        .put("timezone", s.timezone().getId())
        .put("callingHours", hours)
        .put("maxPasses", s.maxPasses())
        .put("passInterval", s.passInterval().toString())
        .put("ringTimeout", s.ringTimeout().toString())
        .put("dailyCap", s.dailyCap())
        .put(
            "pacing",
            new JsonObject()
                .put("mode", s.pacing().mode().name())
                .put("ratio", s.pacing().ratio())
                .put("maxAbandonRate", s.pacing().maxAbandonRate()))
        .put("maxChannels", s.maxChannels())
        .put("agentGroup", s.agentGroup())
        .put("recording", true);
  }

  private static CallingHours callingHours(
      JsonObject body, CallingHours base, List<FieldError> errors) {
    if (!body.containsKey("callingHours")) {
      return base;
    }
    if (!(body.getValue("callingHours") instanceof JsonArray array) || array.isEmpty()) {
      errors.add(new FieldError("callingHours", "must be a non-empty list of {\"from\",\"to\"}"));
      return base;
    }
    List<CallingPeriod> periods = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "callingHours[" + i + "]";
      try {
        JsonObject p = array.getJsonObject(i);
        periods.add(CallingPeriod.of(p.getString("from"), p.getString("to")));
      } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
        errors.add(new FieldError(at, "must be {\"from\":\"HH:MM\",\"to\":\"HH:MM\"}"));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(at, e.getMessage()));
      }
    }
    try {
      if (periods.isEmpty()) {
        return base;
      }
      CallingHours hours = new CallingHours(periods);
      if (!hours.within(CallingHours.DEFAULT)) {
        errors.add(
            new FieldError(
                "callingHours",
                "must lie within "
                    + CallingHours.DEFAULT.periods().getFirst().from()
                    + "-"
                    + CallingHours.DEFAULT.periods().getFirst().to()
                    + " local time: a campaign may narrow the calling hours, not widen them"));
        return base;
      }
      return hours;
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("callingHours", e.getMessage()));
      return base;
    }
  }

  private static PacingSpec pacing(JsonObject body, PacingSpec base, List<FieldError> errors) {
    if (!body.containsKey("pacing")) {
      return base;
    }
    if (!(body.getValue("pacing") instanceof JsonObject p)) {
      errors.add(new FieldError("pacing", "must be an object with mode, ratio, maxAbandonRate"));
      return base;
    }
    PacingMode mode = enumValue(p, "mode", PacingMode.class, errors, false);
    double ratio = number(p, "pacing.ratio", "ratio", base.ratio(), errors);
    double cap =
        number(p, "pacing.maxAbandonRate", "maxAbandonRate", base.maxAbandonRate(), errors);
    try {
      return new PacingSpec(mode == null ? base.mode() : mode, ratio, cap);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("pacing", e.getMessage()));
      return base;
    }
  }

  private static <E extends Enum<E>> E enumValue(
      JsonObject body, String key, Class<E> type, List<FieldError> errors, boolean required) {
    Object v = body.getValue(key);
    if (v == null) {
      if (required) {
        errors.add(new FieldError(key, "required: one of " + names(type)));
      }
      return null;
    }
    try {
      return Enum.valueOf(type, String.valueOf(v).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(key, "'" + v + "' is not one of " + names(type)));
      return null;
    }
  }

  private static <T> T parse(
      JsonObject body,
      String key,
      T fallback,
      Function<String, T> parser,
      String expected,
      List<FieldError> errors) {
    Object v = body.getValue(key);
    if (v == null) {
      return fallback;
    }
    try {
      return parser.apply(String.valueOf(v));
    } catch (DateTimeException | IllegalArgumentException e) {
      errors.add(new FieldError(key, "'" + v + "' is not " + expected));
      return fallback;
    }
  }

  private static int integer(JsonObject body, String key, int fallback, List<FieldError> errors) {
    Object v = body.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    errors.add(new FieldError(key, "must be a whole number, got " + v));
    return fallback;
  }

  private static double number(
      JsonObject body, String field, String key, double fallback, List<FieldError> errors) {
    Object v = body.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    errors.add(new FieldError(field, "must be a number, got " + v));
    return fallback;
  }

  private static String text(JsonObject body, String key, List<FieldError> errors) {
    if (body.getValue(key) instanceof String s
        && !s.isBlank()
        && s.length() <= 100
        && s.chars().noneMatch(Character::isISOControl)) {
      return s;
    }
    errors.add(new FieldError(key, "must be 1-100 characters, no control characters"));
    return "invalid";
  }

  private static String names(Class<? extends Enum<?>> type) {
    List<String> names = new ArrayList<>();
    for (Enum<?> e : type.getEnumConstants()) {
      names.add(e.name());
    }
    return String.join(", ", names);
  }

  /** The settings record names the field first in its messages ("maxPasses must be …"). */
  private static String fieldOf(String message) {
    int space = message.indexOf(' ');
    return space < 0 ? "" : message.substring(0, space);
  }
}
