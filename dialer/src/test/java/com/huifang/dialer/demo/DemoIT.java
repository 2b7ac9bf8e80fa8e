package com.huifang.dialer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: the packaged jar's {@code demo}, with nothing
 * configured, runs a campaign to the end, prints a consistent monthly report and the API's tokens,
 * and (with {@code --exit-when-done}) exits 0, leaving no data behind.
 */
@Timeout(300)
class DemoIT {

  @TempDir Path dir;

  @Test
  void the_demo_runs_a_campaign_to_the_end_and_prints_the_report() throws Exception {
    Path out = dir.resolve("demo.out");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    Path.of("target", "dialer.jar").toAbsolutePath().toString(),
                    "demo",
                    "--exit-when-done",
                    "--port",
                    "0",
                    "--policies",
                    "300"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    boolean ended = p.waitFor(240, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);

    assertThat(ended).as(text).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text)
        .contains("campaign finished in")
        .contains("回访成功率")
        .contains("callback success rate")
        .contains("supervisor token")
        .contains("curl -H 'Authorization: Bearer ");
    Path data =
        Path.of(
            text.lines()
                .filter(l -> l.startsWith("data: "))
                .findFirst()
                .orElseThrow()
                .substring("data: ".length())
                .split(" ")[0]);
    assertThat(data).as("the demo's database and recordings, after it ended").doesNotExist();
  }
}
