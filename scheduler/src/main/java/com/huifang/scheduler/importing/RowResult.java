package com.huifang.scheduler.importing;

import java.util.List;
import java.util.Objects;

/** What one line of an import gave: a task, or every error found in it. */
public sealed interface RowResult {

  long line();

  record Accepted(long line, TaskImport task) implements RowResult {
    public Accepted {
      Objects.requireNonNull(task, "task");
    }
  }

  record Rejected(long line, List<RowError> errors) implements RowResult {
    public Rejected {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a rejected row has at least one error");
      }
    }

    public static Rejected of(long line, String field, String reason) {
      return new Rejected(line, List.of(new RowError(line, field, reason)));
    }
  }
}
