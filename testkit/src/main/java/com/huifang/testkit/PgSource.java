package com.huifang.testkit;

/** Where a test PostgreSQL server comes from, in the order the fixture tries them. */
public enum PgSource {
  /** The server named by the {@code PG_URL} environment variable (CI points it at 127.0.0.1). */
  PG_URL,
  /** A throw-away container, when a Docker engine answers. */
  TESTCONTAINERS,
  /** The embedded server from zonky's binaries, which needs nothing installed. */
  EMBEDDED
}
