package com.huifang.dialer.api;

import com.huifang.dialer.config.ConfigLoader;
import com.huifang.dialer.service.DialerService;
import com.huifang.postgres.PgUrl;
import com.huifang.testkit.PgServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole service in-process on a fresh database, with one token per role, and a client. A test
 * class gets one of its own on a fresh database of the shared test server, started before its tests
 * and stopped, the database dropped, after them:
 *
 * <pre>{@code
 * @RegisterExtension static final ApiServer api = ApiServer.perClass();
 * }</pre>
 */
final class ApiServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  static final String SUPERVISOR = "supervisor-token";
  static final String IMPORTER = "importer-token";
  static final String AGENT = "agent-token-1";
  static final String QA = "qa-token-123";
  static final String ADMIN = "admin-token-1";

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  // set by the constructor, or before the first test of the class (perClass)
  DialerService service;
  private PgUrl classDatabase;

  private ApiServer() {}

  /** A service that starts on a fresh database before a class's tests and goes after them. */
  static ApiServer perClass() {
    return new ApiServer();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    classDatabase =
        PgServers.shared().createDatabase(context.getRequiredTestClass().getSimpleName());
    start(classDatabase, null, DialerService.Options.defaults());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (service != null) {
        close();
      }
    } finally {
      PgServers.shared().dropDatabase(classDatabase);
    }
  }

  ApiServer(PgUrl db) {
    this(db, null, DialerService.Options.defaults());
  }

  /** On {@code options}' clock and timing. */
  ApiServer(PgUrl db, DialerService.Options options) {
    this(db, null, options);
  }

  /** With {@code recordings} set, one PBX ("pbx1", not reachable) whose recordings are there. */
  ApiServer(PgUrl db, java.nio.file.Path recordings) {
    this(db, recordings, DialerService.Options.defaults());
  }

  private ApiServer(PgUrl db, java.nio.file.Path recordings, DialerService.Options options) {
    start(db, recordings, options);
  }

  private void start(PgUrl db, java.nio.file.Path recordings, DialerService.Options options) {
    String tokens =
        "[{\"token\":\""
            + SUPERVISOR
            + "\",\"principal\":\"lin\",\"role\":\"supervisor\"},"
            + "{\"token\":\""
            + IMPORTER
            + "\",\"principal\":\"zhao\",\"role\":\"importer\"},"
            + "{\"token\":\""
            + AGENT
            + "\",\"principal\":\"li\",\"role\":\"agent\"},"
            + "{\"token\":\""
            + QA
            + "\",\"principal\":\"wang\",\"role\":\"qa\"},"
            + "{\"token\":\""
            + ADMIN
            + "\",\"principal\":\"root\",\"role\":\"admin\"}]";
    Map<String, String> env = new java.util.HashMap<>();
    env.put("DIALER_PG_URL", db.uri());
    env.put("DIALER_HTTP_PORT", "0");
    env.put("DIALER_HTTP_HOST", "127.0.0.1");
    env.put("DIALER_AUTH_TOKENS", tokens);
    if (recordings != null) {
      env.put(
          "DIALER_PBXS",
          new io.vertx.core.json.JsonArray()
              .add(
                  new io.vertx.core.json.JsonObject()
                      .put("name", "pbx1")
                      .put(
                          "ami",
                          new io.vertx.core.json.JsonObject()
                              .put("host", "127.0.0.1")
                              .put("port", 9)
                              .put("user", "dialer")
                              .put("secret", "not-used"))
                      .put("dialPattern", "PJSIP/{number}@carrier")
                      .put("agentDialPattern", "PJSIP/{extension}")
                      .put("maxChannels", 10)
                      .put("recordingsDir", recordings.toString()))
              .encode());
    }
    service = DialerService.start(ConfigLoader.load(Optional.empty(), env), options);
  }

  HttpResponse<String> send(String method, String path, String token, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return send("GET", path, token, null, null);
  }

  HttpResponse<String> postJson(String path, String token, String json)
      throws IOException, InterruptedException {
    return send("POST", path, token, "application/json", json);
  }

  @Override
  public void close() {
    service.stop();
  }
}
