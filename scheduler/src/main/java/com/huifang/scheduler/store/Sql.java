package com.huifang.scheduler.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between our instants and what the PostgreSQL client reads and writes. */
final class Sql {

  private Sql() {}

  /**
   * A query {@code locked} that locks the attempts named by the {@code uuid[]} parameter {@code
   * ids} in id order. Every statement that writes several attempts takes its rows from it, as lease
   * renewals and expiry lock theirs, so no two of them wait for each other in a cycle. The order a
   * plan visits rows in is no order to rely on: an outcome's plan visits attempts campaign by
   * campaign, and a renewal locking by id deadlocked with it.
   */
  static String lockAttempts(String ids) {
    return "locked AS (SELECT id FROM attempt WHERE id = ANY (%s::uuid[]) ORDER BY id FOR UPDATE)"
        .formatted(ids);
  }

  static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(Object value) {
    return switch (value) {
      case null -> null;
      case OffsetDateTime o -> o.toInstant();
      case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
      default -> throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    };
  }
}
