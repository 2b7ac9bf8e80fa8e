package com.huifang.dialer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimRecordingFileTest {

  @Test
  void a_recording_is_a_whole_8khz_mono_wav_a_hundredth_of_the_talk_long(@TempDir Path dir)
      throws IOException {
    Path path = dir.resolve("2026/11/23/call.wav");

    SimRecordingFile.write(path, 30_000, 7);

    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(b.array(), 0, 4, "US-ASCII")).isEqualTo("RIFF");
    assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
    assertThat(b.getInt(24)).as("sample rate").isEqualTo(8000);
    assertThat(b.getShort(34)).as("bits per sample").isEqualTo((short) 16);
    // 300 ms of samples for 30 s of talk, plus the 10 ms every file has
    assertThat(b.getInt(40)).as("data bytes").isEqualTo((2_400 + 80) * 2);
    assertThat(b.capacity()).isEqualTo(44 + (2_400 + 80) * 2);
    try (var left = Files.list(path.getParent())) {
      assertThat(left).as("nothing half-written is left beside it").containsExactly(path);
    }
  }

  @Test
  void a_long_call_is_capped_at_ten_seconds_of_samples() {
    assertThat(SimRecordingFile.samples(0)).isEqualTo(80);
    assertThat(SimRecordingFile.samples(3_600_000)).isEqualTo(80_000);
  }
}
