package com.huifang.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.huifang.postgres.EmbeddedPostgres;
import com.huifang.postgres.PgUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PgServersTest {

  @Test
  void embedded_server_starts_with_nothing_installed_and_gives_new_york_sessions()
      throws SQLException {
    PgServer server = PgServers.embedded();

    assertThat(server.source()).isEqualTo(PgSource.EMBEDDED);
    assertUsable(server);
  }

  @Test
  void a_temporary_embedded_server_takes_its_data_directory_with_it_when_closed()
      throws SQLException {
    Path dataDir;
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary("huifang-removal-test")) {
      dataDir = pg.dataDir();
      assertThat(dataDir.resolve("PG_VERSION")).exists();
      try (Connection c = PgServer.connect(pg.url("postgres"));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void at_exit_a_server_its_owner_closes_keeps_running_till_the_owner_closes_it() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary("huifang-exit-test")) {
      pg.closedByOwner(Duration.ofSeconds(30));
      Thread exit = Thread.ofPlatform().start(pg::closeAtExit);

      exit.join(Duration.ofMillis(700));
      assertThat(exit.isAlive()).as("the exit waits for the owner").isTrue();
      assertAnswers(pg);

      pg.close();
      exit.join(Duration.ofSeconds(10));
      assertThat(exit.isAlive()).as("the exit goes on once the owner has closed").isFalse();
    }
  }

  @Test
  void at_exit_a_server_nobody_closes_is_stopped_once_the_grace_is_over() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.startTemporary("huifang-exit-test");
    pg.closedByOwner(Duration.ofMillis(200));

    pg.closeAtExit();

    assertThat(pg.dataDir()).as("stopped, and its data removed").doesNotExist();
  }

  private static void assertAnswers(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = PgServer.connect(pg.url("postgres"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  void pg_url_server_is_used_when_the_variable_is_set() throws SQLException {
    String url = System.getenv("PG_URL");
    assumeTrue(url != null && !url.isBlank(), "PG_URL is not set; set it to run this path");

    PgServer server = PgServers.fromUrl(url);

    assertThat(server.source()).isEqualTo(PgSource.PG_URL);
    assertThat(PgServers.shared().source()).isEqualTo(PgSource.PG_URL);
    assertUsable(server);
  }

  @Test
  void testcontainers_server_is_used_when_docker_answers() throws SQLException {
    Optional<PgServer> server = PgServers.testcontainers();
    assumeTrue(server.isPresent(), "no Docker engine answers; Testcontainers path not run");

    assertThat(server.get().source()).isEqualTo(PgSource.TESTCONTAINERS);
    assertUsable(server.get());
  }

  private static void assertUsable(PgServer server) throws SQLException {
    PgUrl db = server.createDatabase("fixture");
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW timezone")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(PgServer.SESSION_TIME_ZONE);
    } finally {
      server.dropDatabase(db);
    }
    try (Connection c = PgServer.connect(server.admin());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_database WHERE datname = '" + db.database() + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("database dropped").isZero();
    }
  }
}
