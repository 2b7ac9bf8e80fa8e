package com.huifang.dialer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.config.ApiToken;
import com.huifang.dialer.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiAuthTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    ApiAuth auth =
        new ApiAuth(
            List.of(
                new ApiToken("qa-token-123", "wang", Role.QA),
                new ApiToken("agent-token-1", "li", Role.AGENT)));
    Router router = Router.router(vertx);
    router.route("/api/*").handler(auth.authenticate());
    router
        .get("/api/recordings")
        .handler(ApiAuth.allow(Role.QA, Role.SUPERVISOR, Role.ADMIN))
        .handler(ctx -> ctx.end(ApiAuth.caller(ctx).principal()));
    server = vertx.createHttpServer().requestHandler(router).listen(0).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void no_token_is_401_with_an_api_error_body() throws Exception {
    HttpResponse<String> r = get(null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("unauthorized");
  }

  @Test
  void an_unknown_token_is_401() throws Exception {
    assertThat(get("not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void a_known_token_with_the_wrong_role_is_403_naming_the_role() throws Exception {
    HttpResponse<String> r = get("agent-token-1");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getString("message")).contains("role agent");
  }

  @Test
  void a_known_token_with_an_allowed_role_reaches_the_handler_as_its_principal() throws Exception {
    HttpResponse<String> r = get("qa-token-123");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("wang");
  }

  private static HttpResponse<String> get(String token) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.actualPort() + "/api/recordings"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
