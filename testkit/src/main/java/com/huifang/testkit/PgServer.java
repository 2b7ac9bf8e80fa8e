package com.huifang.testkit;

import com.huifang.postgres.PgUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL server the tests may create databases on.
 *
 * @param admin a URL with the right to {@code CREATE DATABASE}
 */
public record PgServer(PgSource source, PgUrl admin) {

  /** Every test database runs its sessions in this zone, so time-zone bugs show. */
  public static final String SESSION_TIME_ZONE = "America/New_York";

  /** Creates an empty database whose sessions default to {@link #SESSION_TIME_ZONE}. */
  public PgUrl createDatabase(String hint) {
    String name =
        ("t_"
                + hint.replaceAll("[^A-Za-z0-9]", "_")
                + "_"
                + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    String safe = name.length() > 60 ? name.substring(name.length() - 60) : name;
    execute("CREATE DATABASE " + safe);
    execute("ALTER DATABASE " + safe + " SET timezone TO '" + SESSION_TIME_ZONE + "'");
    return admin.withDatabase(safe);
  }

  /** Drops a database made by {@link #createDatabase}, closing its remaining sessions. */
  public void dropDatabase(PgUrl database) {
    execute("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
  }

  /** Runs one statement on the admin database. */
  public void execute(String sql) {
    try (Connection c = connect(admin);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + admin + " (" + source + ")", e);
    }
  }

  /** Opens a JDBC connection to a database of this server. */
  public static Connection connect(PgUrl url) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", url.user());
    if (!url.password().isEmpty()) {
      props.setProperty("password", url.password());
    }
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }
}
