package com.huifang.dialer.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FreshDatabase.class)
class ServeIT {

  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path workDir;

  @Test
  void serve_answers_health_and_metrics_and_stops_cleanly_on_sigterm(PgUrl db) throws Exception {
    int port = DialerProcess.freePort();
    try (DialerProcess dialer =
        DialerProcess.start(
            workDir,
            Map.of("DIALER_PG_URL", db.uri(), "DIALER_HTTP_PORT", Integer.toString(port)),
            port,
            "serve")) {
      dialer.awaitHttp(START);

      HttpResponse<String> health = dialer.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(health.body());
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(body.getJsonObject("database").getString("status")).isEqualTo("UP");
      assertThat(body.getJsonObject("database").getString("database"))
          .contains(db.database())
          .doesNotContain("password");

      HttpResponse<String> metrics = dialer.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("jvm_memory_used_bytes")
          .contains("vertx_http_server_requests_total")
          .contains("vertx_pool_");

      assertThat(dialer.get("/api/campaigns").statusCode()).isEqualTo(401);

      int status = dialer.terminate(Duration.ofSeconds(30));
      assertThat(status).as("exit status after SIGTERM").isIn(0, 143);
      assertThat(dialer.output())
          .contains("event=schema_migrated module=scheduler")
          .contains("event=schema_migrated module=recording")
          .contains("event=service_started")
          .contains("event=service_stopped");
    }
  }

  @Test
  void a_bad_config_value_stops_start_up_naming_the_key() throws Exception {
    Path config =
        Files.writeString(workDir.resolve("bad.json"), "{\"http\": {\"port\": \"eighty\"}}");
    try (DialerProcess dialer =
        DialerProcess.start(workDir, Map.of(), 1, "serve", "--config", config.toString())) {
      int status = dialer.awaitExit(Duration.ofSeconds(30));

      assertThat(status).isEqualTo(3);
      assertThat(dialer.output())
          .contains("config key 'http.port': must be a whole number, got 'eighty'");
    }
  }

  @Test
  void without_a_database_url_serve_runs_embedded_postgres_keeping_data_across_restarts()
      throws Exception {
    // as root the embedded server runs as nobody, who must be able to enter the work directory
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = DialerProcess.freePort();
    Map<String, String> env = Map.of("DIALER_HTTP_PORT", Integer.toString(port));
    try (DialerProcess first = DialerProcess.start(workDir, env, port, "serve")) {
      first.awaitHttp(START);
      assertThat(first.get("/health").statusCode()).isEqualTo(200);
      first.terminate(Duration.ofSeconds(30));
      assertThat(first.output())
          .contains("event=embedded_pg_initialised")
          .containsPattern("event=schema_migrated module=scheduler applied=[1-9]");
    }
    assertThat(workDir.resolve("data/postgres/PG_VERSION")).exists();

    try (DialerProcess second = DialerProcess.start(workDir, env, port, "serve")) {
      second.awaitHttp(START);
      assertThat(second.get("/health").statusCode()).isEqualTo(200);
      second.terminate(Duration.ofSeconds(30));
      assertThat(second.output())
          .doesNotContain("event=embedded_pg_initialised")
          .contains("event=schema_migrated module=scheduler applied=0");
    }
  }
}
