package com.huifang.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A PostgreSQL location in the libpq URI form the config uses ({@code
 * postgresql://user[:password]@host[:port]/database}), convertible to JDBC (Flyway) and kept as a
 * URI for the Vert.x client.
 */
public record PgUrl(String host, int port, String database, String user, String password) {

  public static final int DEFAULT_PORT = 5432;

  public PgUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
    if (host.isBlank()) {
      throw new IllegalArgumentException("PostgreSQL URL has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("PostgreSQL port out of range: " + port);
    }
    if (database.isBlank()) {
      throw new IllegalArgumentException("PostgreSQL URL names no database");
    }
  }

  /**
   * Parses {@code postgresql://} or {@code postgres://} URLs.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static PgUrl parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("PostgreSQL URL is empty");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "expected postgresql://user@host:port/database, got scheme '" + uri.getScheme() + "'");
    }
    String user = "postgres";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return new PgUrl(uri.getHost() == null ? "" : uri.getHost(), port, database, user, password);
  }

  public PgUrl withDatabase(String otherDatabase) {
    return new PgUrl(host, port, otherDatabase, user, password);
  }

  /** The libpq/Vert.x form, with the password when there is one. */
  public String uri() {
    String auth = password.isEmpty() ? encode(user) : encode(user) + ":" + encode(password);
    return "postgresql://" + auth + "@" + host + ":" + port + "/" + encode(database);
  }

  /** The JDBC form, for Flyway and pgjdbc; user and password travel as separate properties. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + encode(database);
  }

  /** The URL without its password, for logs and {@code /health}. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
