package com.huifang.dialer.service;

import com.huifang.dialer.config.DialerConfig;
import com.huifang.postgres.EmbeddedPostgres;
import com.huifang.postgres.Migrations;
import com.huifang.postgres.PgUrl;
import com.huifang.recording.store.RecordingSchema;
import com.huifang.scheduler.store.SchedulerSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: the configured one, or an embedded PostgreSQL keeping its data in {@code
 * <dataDir>/postgres} across restarts. Migrated before anything else starts.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  static final String EMBEDDED_DATABASE = "dialer";

  /** The dialer's own migrations ({@code db/dialer}): columns it adds to the scheduler's tables. */
  static final String DIALER_MODULE = "dialer";

  /** How long the JVM's exit waits for the service to close the embedded server itself. */
  private static final Duration OWNER_GRACE = Duration.ofSeconds(60);

  private final PgUrl url;
  private final Optional<EmbeddedPostgres> embedded;

  private Database(PgUrl url, Optional<EmbeddedPostgres> embedded) {
    this.url = url;
    this.embedded = embedded;
  }

  /** Opens (starting the embedded server if no URL is configured) and migrates. Blocking. */
  public static Database openAndMigrate(DialerConfig config) {
    Database db;
    if (config.pgUrl().isPresent()) {
      db = new Database(config.pgUrl().get(), Optional.empty());
    } else {
      EmbeddedPostgres pg = EmbeddedPostgres.start(config.dataDir().resolve("postgres"), 0);
      // the service's own shutdown closes it, after the pool
      pg.closedByOwner(OWNER_GRACE);
      PgUrl url = pg.url(EMBEDDED_DATABASE);
      createIfMissing(pg.url("postgres"), EMBEDDED_DATABASE);
      LOG.info("event=embedded_database_ready url={} dataDir={}", url, pg.dataDir());
      db = new Database(url, Optional.of(pg));
    }
    try {
      SchedulerSchema.migrate(db.url);
      RecordingSchema.migrate(db.url);
      Migrations.apply(db.url, DIALER_MODULE);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  public PgUrl url() {
    return url;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedPostgres::close);
  }

  private static void createIfMissing(PgUrl admin, String database) {
    Properties props = new Properties();
    props.setProperty("user", admin.user());
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), props);
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database + " on " + admin, e);
    }
  }
}
