package com.huifang.testkit;

import com.huifang.postgres.EmbeddedPostgres;
import com.huifang.postgres.PgUrl;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The three ways to a test PostgreSQL: {@code PG_URL}, then Testcontainers when Docker answers,
 * then the embedded server. Each is started at most once per JVM and shared by all test classes,
 * which each get a fresh database from {@link FreshDatabase}.
 */
public final class PgServers {

  private static final String PG_URL = "PG_URL";
  private static PgServer shared;
  private static PgServer container;
  private static PgServer embedded;

  private PgServers() {}

  /** The server the whole test run uses. */
  public static synchronized PgServer shared() {
    if (shared == null) {
      String url = System.getenv(PG_URL);
      if (url != null && !url.isBlank()) {
        shared = fromUrl(url);
      } else {
        shared = testcontainers().orElseGet(PgServers::embedded);
      }
    }
    return shared;
  }

  /** A server given by URL; the URL must allow {@code CREATE DATABASE}. */
  public static PgServer fromUrl(String url) {
    try {
      return new PgServer(PgSource.PG_URL, PgUrl.parse(url));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PG_URL + " is not a usable PostgreSQL URL: " + e.getMessage(), e);
    }
  }

  /** A PostgreSQL container, or empty when no Docker engine answers. */
  public static synchronized Optional<PgServer> testcontainers() {
    if (container == null) {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      @SuppressWarnings("resource") // lives as long as the JVM; Ryuk removes it
      PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
      pg.start();
      container =
          new PgServer(
              PgSource.TESTCONTAINERS,
              new PgUrl(
                  pg.getHost(),
                  pg.getFirstMappedPort(),
                  pg.getDatabaseName(),
                  pg.getUsername(),
                  pg.getPassword()));
    }
    return Optional.of(container);
  }

  /** The embedded server, in a temporary data directory removed with the JVM. */
  public static synchronized PgServer embedded() {
    if (embedded == null) {
      EmbeddedPostgres pg = EmbeddedPostgres.startTemporary("huifang-test-pg");
      embedded = new PgServer(PgSource.EMBEDDED, pg.url("postgres"));
    }
    return embedded;
  }
}
