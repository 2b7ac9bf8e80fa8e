package com.huifang.testkit;

import com.huifang.postgres.EmbeddedPostgres;
import com.huifang.postgres.PgUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A PostgreSQL server of one test's own, in its temporary directory, which the test stops and
 * starts again (on the same port, with the same data) without touching any other test's database.
 */
public final class OwnPostgres implements AutoCloseable {

  private final Path data;
  private final int port;
  private EmbeddedPostgres server;

  private OwnPostgres(Path data, int port) {
    this.data = data;
    this.port = port;
    this.server = EmbeddedPostgres.start(data, port);
  }

  /** Starts a server with its data under {@code dir} (a test's temporary directory). */
  public static OwnPostgres start(Path dir) throws IOException {
    // as root the embedded server runs as nobody, who must be able to enter the directory
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new OwnPostgres(dir.resolve("pg"), port);
  }

  /** Its {@code postgres} database; the same URL before and after a restart. */
  public PgUrl url() {
    return server.url("postgres");
  }

  /** Stops the server (fast shutdown: open connections are cut). */
  public void stop() {
    server.close();
  }

  /** Stops the server as a crash would ({@link EmbeddedPostgres#crash}). */
  public void crash() {
    server.crash();
  }

  /** Starts the stopped server again. */
  public void restart() {
    server = EmbeddedPostgres.start(data, port);
  }

  @Override
  public void close() {
    server.close();
  }
}
