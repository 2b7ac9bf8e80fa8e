package com.huifang.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Writes the machine's disks have completed and the milliseconds they spent on them, from Linux's
 * {@code /proc/diskstats}: two readings give the mean time a write took in between. On a virtual
 * machine whose disk is shared or rate-limited that time moves by several times within minutes, and
 * every database figure moves with it, so each figure is printed beside it.
 *
 * @param writes writes completed (field 8 of a {@code /proc/diskstats} line)
 * @param millis milliseconds spent writing (field 11)
 */
record DiskWrites(long writes, long millis) {

  private static final Path DISKSTATS = Path.of("/proc/diskstats");

  /**
   * Now, summed over the machine's whole disks; empty where there is no {@code /proc/diskstats}.
   */
  static Optional<DiskWrites> now() {
    if (!Files.isReadable(DISKSTATS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          parse(
              Files.readAllLines(DISKSTATS),
              name -> Files.exists(Path.of("/sys/block", name, "device"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Sums the lines of {@code wholeDisk} devices: partitions, loop devices and device-mapper volumes
   * would count the same writes twice or none that reach a disk.
   */
  static DiskWrites parse(List<String> lines, Predicate<String> wholeDisk) {
    long writes = 0;
    long millis = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 11) {
        throw new IllegalArgumentException(
            "a diskstats line has 11 fields or more: '" + line + "'");
      }
      if (wholeDisk.test(f[2])) {
        writes += Long.parseLong(f[7]);
        millis += Long.parseLong(f[10]);
      }
    }
    return new DiskWrites(writes, millis);
  }

  /** Mean microseconds per write from {@code before} ({@link #now}) to now; empty when unknown. */
  static OptionalDouble microsPerWriteSince(Optional<DiskWrites> before) {
    return before
        .flatMap(b -> now().map(a -> a.microsPerWriteSince(b)))
        .orElse(OptionalDouble.empty());
  }

  /** Mean microseconds per write from {@code before} to this reading; empty with no writes. */
  OptionalDouble microsPerWriteSince(DiskWrites before) {
    long n = writes - before.writes;
    return n <= 0 ? OptionalDouble.empty() : OptionalDouble.of((millis - before.millis) * 1e3 / n);
  }
}
