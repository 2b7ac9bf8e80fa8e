package com.huifang.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Writes the machine's disks have completed and the milliseconds they spent on them, from Linux's
 * {@code /proc/diskstats}: two readings give the mean time a write took in between. On a virtual
 * machine whose disk is shared or rate-limited that time moves by several times within minutes, and
 * every database figure moves with it, so each figure is printed beside it.
 *
 * @param writes writes completed (field 8 of a {@code /proc/diskstats} line)
 * @param sectors 512-byte sectors written (field 10)
 * @param millis milliseconds spent writing (field 11)
 */
record DiskWrites(long writes, long sectors, long millis) {

  private static final Path DISKSTATS = Path.of("/proc/diskstats");

  /**
   * The disks' mean time and size per write over a period: a larger write takes longer, so the two
   * are read together.
   */
  record PerWrite(double micros, double kilobytes) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.0f µs, %.0f KB", micros, kilobytes);
    }
  }

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
    long sectors = 0;
    long millis = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 11) {
        throw new IllegalArgumentException(
            "a diskstats line has 11 fields or more: '" + line + "'");
      }
      if (wholeDisk.test(f[2])) {
        writes += Long.parseLong(f[7]);
        sectors += Long.parseLong(f[9]);
        millis += Long.parseLong(f[10]);
      }
    }
    return new DiskWrites(writes, sectors, millis);
  }

  /** Time and size per write from {@code before} ({@link #now}) to now; empty when unknown. */
  static Optional<PerWrite> perWriteSince(Optional<DiskWrites> before) {
    return before.flatMap(b -> now().flatMap(a -> a.perWriteSince(b)));
  }

  /** Time and size per write from {@code before} to this reading; empty with no writes. */
  Optional<PerWrite> perWriteSince(DiskWrites before) {
    long n = writes - before.writes;
    return n <= 0
        ? Optional.empty()
        : Optional.of(
            new PerWrite(
                (millis - before.millis) * 1e3 / n, (sectors - before.sectors) * 512.0 / 1024 / n));
  }
}
