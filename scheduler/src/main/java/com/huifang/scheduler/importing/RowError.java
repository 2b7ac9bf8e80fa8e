package com.huifang.scheduler.importing;

import java.util.Objects;

/**
 * Why one field of one import row was refused (api.md {@code rejected}). {@code line} is the
 * physical line of the input, from 1; {@code field} names the field (for CSV the column, e.g.
 * {@code phone2}), or {@code json}/{@code csv}/{@code line} when the line itself is unreadable.
 */
public record RowError(long line, String field, String reason) {

  public RowError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    if (line < 1) {
      throw new IllegalArgumentException("lines count from 1");
    }
  }
}
