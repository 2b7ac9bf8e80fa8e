package com.huifang.scheduler.http;

import java.util.Objects;

/** One thing wrong with a request body: which field and why. */
public record FieldError(String field, String reason) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
  }
}
