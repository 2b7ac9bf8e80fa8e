package com.huifang.scheduler.report;

import java.util.Objects;
import java.util.Optional;

/** A ratio as regulators read it: both counts and the formula, not just a percentage. */
public record Rate(long numerator, long denominator, String formula) {

  public Rate {
    Objects.requireNonNull(formula, "formula");
    if (numerator < 0 || denominator < 0) {
      throw new IllegalArgumentException(formula + ": counts cannot be negative");
    }
  }

  /** Empty when the denominator is zero: nothing to divide, not 0 %. */
  public Optional<Double> value() {
    return denominator == 0 ? Optional.empty() : Optional.of((double) numerator / denominator);
  }
}
