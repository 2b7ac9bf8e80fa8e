package com.huifang.dialer.config;

import com.huifang.postgres.PgUrl;
import com.huifang.recording.retention.RetentionPolicy;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the JSON config file, applies {@code DIALER_*} environment overrides and validates the
 * result into a {@link DialerConfig}. Every problem is a {@link ConfigException} naming the key.
 *
 * <p>An environment variable names a key path in upper snake case: {@code http.port} is {@code
 * DIALER_HTTP_PORT}, {@code pg.url} is {@code DIALER_PG_URL}, {@code pbxs[0].ami.secret} is {@code
 * DIALER_PBXS_0_AMI_SECRET}, {@code pbxs[0].dialPattern} is {@code DIALER_PBXS_0_DIAL_PATTERN}; a
 * whole list can be given as JSON ({@code DIALER_PBXS='[…]'}).
 */
public final class ConfigLoader {

  public static final String ENV_PREFIX = "DIALER_";

  private static final Set<String> PBX_KEYS =
      Set.of(
          "name", "ami", "ari", "dialPattern", "agentDialPattern", "maxChannels", "recordingsDir");

  private ConfigLoader() {}

  /** Loads the file (if given) with overrides from {@code env}. */
  public static DialerConfig load(Optional<Path> file, Map<String, String> env) {
    JsonObject root = defaults();
    if (file.isPresent()) {
      mergeInto(root, readFile(file.get()), "");
    }
    applyEnvironment(root, env);
    return build(root);
  }

  static JsonObject defaults() {
    return new JsonObject()
        .put(
            "http",
            new JsonObject()
                .put("host", DialerConfig.DEFAULT_HTTP_HOST)
                .put("port", DialerConfig.DEFAULT_HTTP_PORT))
        .put(
            "pg",
            new JsonObject().putNull("url").put("poolSize", DialerConfig.DEFAULT_PG_POOL_SIZE))
        .put("dataDir", DialerConfig.DEFAULT_DATA_DIR)
        .putNull("nodeId")
        .put("holidays", new JsonArray())
        .put(
            "retention",
            new JsonObject().put("default", "P3Y").put("byProductType", new JsonObject()))
        .put("auth", new JsonObject().put("tokens", new JsonArray()))
        .put("pbxs", new JsonArray());
  }

  private static JsonObject readFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException("--config", file + " is not a JSON object: " + e.getMessage());
    }
  }

  /** Copies {@code from} over {@code into}, objects merged key by key, lists replaced. */
  private static void mergeInto(JsonObject into, JsonObject from, String path) {
    for (String key : from.fieldNames()) {
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (!into.containsKey(key)) {
        throw new ConfigException(keyPath, "unknown key (known: " + into.fieldNames() + ")");
      }
      Object value = from.getValue(key);
      if (value instanceof JsonObject child && into.getValue(key) instanceof JsonObject base) {
        mergeInto(base, child, keyPath);
      } else {
        into.put(key, value);
      }
    }
  }

  private static void applyEnvironment(JsonObject root, Map<String, String> env) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (e.getKey().startsWith(ENV_PREFIX)) {
        String path = e.getKey().substring(ENV_PREFIX.length());
        if (!setByEnvName(root, path, e.getValue(), e.getKey())) {
          throw new ConfigException(e.getKey(), "names no configuration key");
        }
      }
    }
  }

  private static boolean setByEnvName(Object node, String rest, String value, String var) {
    if (node instanceof JsonObject obj) {
      List<String> keys = new ArrayList<>(obj.fieldNames());
      keys.sort((a, b) -> b.length() - a.length());
      for (String key : keys) {
        String name = envName(key);
        if (rest.equals(name)) {
          obj.put(key, convert(obj.getValue(key), value, var));
          return true;
        }
        if (rest.startsWith(name + "_") && obj.getValue(key) != null) {
          return setByEnvName(obj.getValue(key), rest.substring(name.length() + 1), value, var);
        }
      }
      return false;
    }
    if (node instanceof JsonArray array) {
      int cut = rest.indexOf('_');
      String head = cut < 0 ? rest : rest.substring(0, cut);
      if (!head.matches("\\d+") || Integer.parseInt(head) >= array.size()) {
        return false;
      }
      int index = Integer.parseInt(head);
      if (cut < 0) {
        array.set(index, convert(array.getValue(index), value, var));
        return true;
      }
      return setByEnvName(array.getValue(index), rest.substring(cut + 1), value, var);
    }
    return false;
  }

  /** {@code dialPattern} → {@code DIAL_PATTERN}. */
  static String envName(String key) {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static Object convert(Object current, String value, String var) {
    try {
      return switch (current) {
        case Integer i -> Integer.parseInt(value.trim());
        case Boolean b -> Boolean.parseBoolean(value.trim());
        case JsonArray a -> new JsonArray(value);
        case JsonObject o -> new JsonObject(value);
        case null, default -> value;
      };
    } catch (NumberFormatException | DecodeException e) {
      throw new ConfigException(var, "cannot use '" + value + "': " + e.getMessage());
    }
  }

  private static DialerConfig build(JsonObject root) {
    JsonObject http = object(root, "http", "http");
    JsonObject pg = object(root, "pg", "pg");
    Optional<PgUrl> pgUrl =
        Optional.ofNullable(text(pg, "url", "pg.url", true)).map(u -> parsePgUrl(u, "pg.url"));
    String nodeId = text(root, "nodeId", "nodeId", true);
    return new DialerConfig(
        text(http, "host", "http.host", false),
        port(http, "port", "http.port", true),
        pgUrl,
        intIn(pg, "poolSize", "pg.poolSize", 1, 500),
        path(root, "dataDir", "dataDir"),
        nodeId != null ? nodeId : ManagementFactory.getRuntimeMXBean().getName(),
        tokens(object(root, "auth", "auth")),
        pbxs(root),
        holidays(root),
        retention(object(root, "retention", "retention")));
  }

  private static RetentionPolicy retention(JsonObject r) {
    Period standard = period(text(r, "default", "retention.default", false), "retention.default");
    Map<String, Period> byType = new HashMap<>();
    JsonObject types = object(r, "byProductType", "retention.byProductType");
    for (String type : types.fieldNames()) {
      String at = "retention.byProductType." + type;
      byType.put(type, period(String.valueOf(types.getValue(type)), at));
    }
    try {
      return new RetentionPolicy(standard, byType);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("retention", e.getMessage());
    }
  }

  private static Period period(String text, String at) {
    try {
      return Period.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException(at, "'" + text + "' is not a period like P3Y");
    }
  }

  private static HolidayCalendar holidays(JsonObject root) {
    JsonArray list = array(root, "holidays", "holidays");
    Set<LocalDate> dates = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "holidays[" + i + "]";
      Object v = list.getValue(i);
      try {
        dates.add(LocalDate.parse(String.valueOf(v)));
      } catch (DateTimeParseException e) {
        throw new ConfigException(at, "'" + v + "' is not a date like 2026-10-01");
      }
    }
    return new HolidayCalendar(dates);
  }

  private static List<ApiToken> tokens(JsonObject auth) {
    JsonArray list = array(auth, "tokens", "auth.tokens");
    List<ApiToken> tokens = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "auth.tokens[" + i + "]";
      JsonObject t = element(list, i, at);
      String token = text(t, "token", at + ".token", false);
      if (token.length() < 8) {
        throw new ConfigException(at + ".token", "too short: use at least 8 characters");
      }
      if (!seen.add(token)) {
        throw new ConfigException(at + ".token", "the same token is given twice");
      }
      String role = text(t, "role", at + ".role", false);
      tokens.add(
          new ApiToken(token, text(t, "principal", at + ".principal", false), role(role, at)));
    }
    return tokens;
  }

  private static Role role(String text, String at) {
    for (Role r : Role.values()) {
      if (r.wireName().equals(text)) {
        return r;
      }
    }
    throw new ConfigException(
        at + ".role", "unknown role '" + text + "' (admin, supervisor, qa, agent, importer)");
  }

  private static List<PbxSettings> pbxs(JsonObject root) {
    JsonArray list = array(root, "pbxs", "pbxs");
    List<PbxSettings> pbxs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "pbxs[" + i + "]";
      JsonObject p = element(list, i, at);
      for (String key : p.fieldNames()) {
        if (!PBX_KEYS.contains(key)) {
          throw new ConfigException(at + "." + key, "unknown key (known: " + PBX_KEYS + ")");
        }
      }
      String name = text(p, "name", at + ".name", false);
      if (!names.add(name)) {
        throw new ConfigException(at + ".name", "two PBXs are named '" + name + "'");
      }
      Optional<AmiEndpoint> ami = Optional.ofNullable(p.getJsonObject("ami")).map(a -> ami(a, at));
      Optional<AriEndpoint> ari = Optional.ofNullable(p.getJsonObject("ari")).map(a -> ari(a, at));
      if (ami.isPresent() == ari.isPresent()) {
        throw new ConfigException(at, "give exactly one of 'ami' or 'ari'");
      }
      String dialPattern = text(p, "dialPattern", at + ".dialPattern", false);
      if (!dialPattern.contains(PbxSettings.NUMBER)) {
        throw new ConfigException(at + ".dialPattern", "must contain " + PbxSettings.NUMBER);
      }
      String agentPattern = text(p, "agentDialPattern", at + ".agentDialPattern", false);
      if (!agentPattern.contains(PbxSettings.EXTENSION)) {
        throw new ConfigException(
            at + ".agentDialPattern", "must contain " + PbxSettings.EXTENSION);
      }
      pbxs.add(
          new PbxSettings(
              name,
              ami,
              ari,
              dialPattern,
              agentPattern,
              intIn(p, "maxChannels", at + ".maxChannels", 1, 10_000),
              path(p, "recordingsDir", at + ".recordingsDir")));
    }
    return pbxs;
  }

  private static AmiEndpoint ami(JsonObject a, String at) {
    return new AmiEndpoint(
        text(a, "host", at + ".ami.host", false),
        port(a, "port", at + ".ami.port", false),
        text(a, "user", at + ".ami.user", false),
        text(a, "secret", at + ".ami.secret", false));
  }

  private static AriEndpoint ari(JsonObject a, String at) {
    String url = text(a, "url", at + ".ari.url", false);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ".ari.url", "not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new ConfigException(at + ".ari.url", "must be http:// or https://, got " + url);
    }
    return new AriEndpoint(
        uri,
        text(a, "user", at + ".ari.user", false),
        text(a, "password", at + ".ari.password", false));
  }

  private static PgUrl parsePgUrl(String text, String key) {
    try {
      return PgUrl.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private static JsonObject object(JsonObject parent, String key, String path) {
    Object v = parent.getValue(key);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new ConfigException(path, "must be an object, got " + describe(v));
  }

  private static JsonArray array(JsonObject parent, String key, String path) {
    Object v = parent.getValue(key);
    if (v instanceof JsonArray a) {
      return a;
    }
    throw new ConfigException(path, "must be a list, got " + describe(v));
  }

  private static JsonObject element(JsonArray list, int i, String path) {
    Object v = list.getValue(i);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new ConfigException(path, "must be an object, got " + describe(v));
  }

  private static String text(JsonObject parent, String key, String path, boolean optional) {
    Object v = parent.getValue(key);
    if (v == null && optional) {
      return null;
    }
    if (v instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new ConfigException(path, "must be a non-empty string, got " + describe(v));
  }

  private static int port(JsonObject parent, String key, String path, boolean zeroAllowed) {
    return intIn(parent, key, path, zeroAllowed ? 0 : 1, 65535);
  }

  private static int intIn(JsonObject parent, String key, String path, int min, int max) {
    Object v = parent.getValue(key);
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      int i = n.intValue();
      if (i >= min && i <= max) {
        return i;
      }
      throw new ConfigException(path, "must be between " + min + " and " + max + ", got " + i);
    }
    throw new ConfigException(path, "must be a whole number, got " + describe(v));
  }

  private static Path path(JsonObject parent, String key, String path) {
    String text = text(parent, key, path, false);
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new ConfigException(path, "not a path: " + e.getMessage());
    }
  }

  private static String describe(Object v) {
    return switch (v) {
      case null -> "nothing";
      case String s -> "'" + s + "'";
      case JsonObject o -> "an object";
      case JsonArray a -> "a list";
      default -> v.toString();
    };
  }
}
