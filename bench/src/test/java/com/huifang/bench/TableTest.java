package com.huifang.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.bench.Figure.Reference;
import com.huifang.bench.Figure.Requirement.MaxValue;
import com.huifang.bench.Figure.Requirement.MinRatio;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void a_figure_passes_or_fails_on_its_ratio_to_the_reference() {
    Figure fast =
        new Figure(
            "scheduler",
            "lease",
            12_000,
            "rows/s",
            Optional.of(new Reference("INSERT", 10_000)),
            Optional.of(new MinRatio(1.0)));
    Figure slow =
        new Figure(
            "scheduler",
            "lease",
            9_000,
            "rows/s",
            Optional.of(new Reference("INSERT", 10_000)),
            Optional.of(new MinRatio(1.0)));

    assertThat(fast.ratio()).contains(1.2);
    assertThat(fast.passed()).contains(true);
    assertThat(slow.passed()).contains(false);
  }

  @Test
  void a_latency_figure_passes_under_its_ceiling() {
    Figure p99 =
        new Figure("scheduler", "p99", 7.5, "ms", Optional.empty(), Optional.of(new MaxValue(10)));

    assertThat(p99.passed()).contains(true);
  }

  @Test
  void the_table_lines_up_columns_and_shows_verdicts() {
    String table =
        Table.render(
            List.of(
                new Figure(
                    "scheduler",
                    "lease batch 50",
                    41_234.5,
                    "rows/s",
                    Optional.of(new Reference("INSERT", 10_000)),
                    Optional.of(new MinRatio(1.0))),
                new Figure(
                    "postgres", "INSERT", 10_000, "rows/s", Optional.empty(), Optional.empty())));

    String[] lines = table.split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("| benchmark ");
    assertThat(lines[2])
        .contains("41,235 rows/s")
        .contains("4.12x")
        .contains(">= 1.00x")
        .contains("PASS");
    assertThat(lines[3]).contains("info");
    assertThat(lines[0].length()).isEqualTo(lines[2].length()).isEqualTo(lines[3].length());
  }

  @Test
  void the_disk_column_shows_the_figure_s_write_time_and_size_beside_its_reference_s() {
    String table =
        Table.render(
            List.of(
                new Figure(
                    "scheduler",
                    "lease batch 1",
                    2_000,
                    "rows/s",
                    Optional.of(
                        new Reference(
                            "INSERT", 5_000, Optional.of(new DiskWrites.PerWrite(80.4, 4.2)))),
                    Optional.empty(),
                    Optional.of(new DiskWrites.PerWrite(212.6, 15.7))),
                new Figure(
                    "postgres", "INSERT", 10_000, "rows/s", Optional.empty(), Optional.empty())));

    String[] lines = table.split("\n");
    assertThat(lines[0]).contains("| disk write");
    assertThat(lines[2]).contains("213 µs, 16 KB (reference 80 µs, 4 KB)");
    assertThat(lines[3]).matches(".*\\| -\\s+\\|");
  }

  @Test
  void percentiles_pick_the_right_rank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }

    assertThat(Load.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(Load.percentile(sorted, 0.50)).isEqualTo(50);
    assertThat(Load.percentile(new long[0], 0.99)).isZero();
  }
}
