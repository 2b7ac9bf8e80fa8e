package com.huifang.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one module's Flyway migrations. Each module keeps its scripts in {@code
 * classpath:db/<module>} and its own history table, so modules own their tables and version their
 * schemas independently.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Migrates {@code module}'s schema on {@code url} to the newest version; returns it. */
  public static String apply(PgUrl url, String module) {
    if (!module.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("module name must be lower-case letters: " + module);
    }
    Flyway flyway =
        Flyway.configure()
            .dataSource(url.jdbcUrl(), url.user(), url.password())
            .locations("classpath:db/" + module)
            .table("flyway_history_" + module)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    MigrateResult result = flyway.migrate();
    var current = flyway.info().current();
    String version = current == null ? "0" : current.getVersion().getVersion();
    LOG.info(
        "event=schema_migrated module={} applied={} version={} database={}",
        module,
        result.migrationsExecuted,
        version,
        url);
    return version;
  }
}
