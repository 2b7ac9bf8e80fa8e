package com.huifang.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiskWritesTest {

  private static final Set<String> DISKS = Set.of("vda", "nvme0n1");

  @Test
  void sums_the_writes_of_whole_disks_alone() {
    List<String> lines =
        List.of(
            " 254       0 vda 29106 6090 1695818 9073 4215032 15417 55139816 523326 0 178252 600110"
                + " 11293 17 5805200 1686 2019844 66023",
            " 254       1 vda1 100 0 800 5 3000 0 24000 900 0 10 905",
            "   7       0 loop0 12 0 24 1 50 0 400 70 0 2 71",
            " 259       0 nvme0n1 10 0 80 1 1000 0 8000 200 0 5 201");

    DiskWrites d = DiskWrites.parse(lines, DISKS::contains);

    assertThat(d.writes()).isEqualTo(4_215_032L + 1_000);
    assertThat(d.sectors()).isEqualTo(55_139_816L + 8_000);
    assertThat(d.millis()).isEqualTo(523_326L + 200);
  }

  @Test
  void the_mean_write_time_and_size_are_taken_between_two_readings() {
    DiskWrites before = new DiskWrites(1_000, 16_000, 500);
    DiskWrites after = new DiskWrites(5_000, 80_000, 900);

    assertThat(after.perWriteSince(before)).hasValue(new DiskWrites.PerWrite(100.0, 8.0));
    assertThat(after.perWriteSince(before).orElseThrow()).hasToString("100 µs, 8 KB");
    assertThat(before.perWriteSince(before)).isEmpty();
  }

  @Test
  void a_short_line_is_named_in_the_error() {
    assertThatThrownBy(() -> DiskWrites.parse(List.of("8 0 sda 1 2"), DISKS::contains))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'8 0 sda 1 2'");
  }
}
