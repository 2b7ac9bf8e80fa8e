package com.huifang.scheduler.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between our instants and what the PostgreSQL client reads and writes. */
final class Sql {

  private Sql() {}

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
