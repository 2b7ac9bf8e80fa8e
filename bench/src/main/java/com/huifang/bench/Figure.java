package com.huifang.bench;

import java.util.Objects;
import java.util.Optional;

/**
 * One measured figure beside the reference it is judged against, both from the same run.
 *
 * @param requirement the smallest acceptable ratio figure / reference (empty: informative), or for
 *     lower-is-better figures the largest acceptable value itself
 * @param disk the mean time and size of the machine's disks' writes while the figure was measured
 *     ({@link DiskWrites}), empty when not read
 */
public record Figure(
    String group,
    String name,
    double value,
    String unit,
    Optional<Reference> reference,
    Optional<Requirement> requirement,
    Optional<DiskWrites.PerWrite> disk) {

  /**
   * What a figure is compared with.
   *
   * @param disk as the figure's, while the reference was measured
   */
  public record Reference(String name, double value, Optional<DiskWrites.PerWrite> disk) {

    public Reference(String name, double value) {
      this(name, value, Optional.empty());
    }
  }

  /** A pass mark: {@code value / reference >= minRatio} or {@code value <= maxValue}. */
  public sealed interface Requirement {
    record MinRatio(double minRatio) implements Requirement {}

    record MaxValue(double maxValue) implements Requirement {}
  }

  public Figure {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(requirement, "requirement");
    Objects.requireNonNull(disk, "disk");
    if (requirement.orElse(null) instanceof Requirement.MinRatio && reference.isEmpty()) {
      throw new IllegalArgumentException(name + ": a ratio requirement needs a reference");
    }
  }

  /** A figure measured without reading the disks. */
  public Figure(
      String group,
      String name,
      double value,
      String unit,
      Optional<Reference> reference,
      Optional<Requirement> requirement) {
    this(group, name, value, unit, reference, requirement, Optional.empty());
  }

  public Optional<Double> ratio() {
    return reference.filter(r -> r.value() > 0).map(r -> value / r.value());
  }

  /** Empty when the figure has no pass mark. */
  public Optional<Boolean> passed() {
    return requirement.map(
        req ->
            switch (req) {
              case Requirement.MinRatio m -> ratio().orElse(0.0) >= m.minRatio();
              case Requirement.MaxValue m -> value <= m.maxValue();
            });
  }
}
