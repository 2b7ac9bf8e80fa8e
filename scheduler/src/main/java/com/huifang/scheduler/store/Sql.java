package com.huifang.scheduler.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.UUID;

/** Conversions between our instants and what the PostgreSQL client reads and writes. */
final class Sql {

  /**
   * PostgreSQL's order of {@code uuid} values (byte by byte, unsigned), which {@link
   * UUID#compareTo} is not (it compares signed halves): writers that lock attempts in this order
   * lock them as {@code ORDER BY id} does.
   */
  static final Comparator<UUID> UUID_ORDER =
      Comparator.<UUID>comparingLong(u -> u.getMostSignificantBits() ^ Long.MIN_VALUE)
          .thenComparingLong(u -> u.getLeastSignificantBits() ^ Long.MIN_VALUE);

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
