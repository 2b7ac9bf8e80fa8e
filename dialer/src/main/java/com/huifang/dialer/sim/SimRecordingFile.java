package com.huifang.dialer.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording file both simulated PBXs write when a recorded call ends: a valid 8 kHz 16-bit mono
 * WAV, 1/100 of the talk time long, a tone that differs per file.
 */
final class SimRecordingFile {

  private static final Logger LOG = LoggerFactory.getLogger(SimRecordingFile.class);

  private SimRecordingFile() {}

  /**
   * Writes the recording {@code file} (a name under {@code dir}) of {@code talkMs} of talk off the
   * event loop; a failure is logged. Completes when the file is there or could not be written.
   */
  static Future<Void> finish(Vertx vertx, Path dir, String file, long talkMs) {
    Path path = dir.resolve(file);
    return vertx
        .<Void>executeBlocking(
            () -> {
              write(path, talkMs, file.hashCode());
              return null;
            },
            false)
        .onFailure(
            e -> LOG.warn("event=sim_recording_failed file={} reason={}", file, e.getMessage()));
  }

  /**
   * Writes the recording of {@code talkMs} of talk the way a finished one appears to its readers:
   * whole or not at all (written beside it, then renamed), so nobody fingerprints half a file.
   */
  static void write(Path path, long talkMs, int seed) throws IOException {
    Files.createDirectories(path.getParent());
    Path part = path.resolveSibling(path.getFileName() + ".part");
    Files.write(part, wav(samples(talkMs), seed));
    Files.move(part, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Samples for {@code talkMs} of talk: 1/100 of it at 8 kHz, 10 ms at least, 10 s at most. */
  static int samples(long talkMs) {
    return (int) Math.max(80, Math.min(80_000, talkMs * 8 / 100 + 80));
  }

  static byte[] wav(int samples, int seed) {
    int data = samples * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data);
    b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (Math.sin((i + seed) * 2 * Math.PI * 440 / 8000) * 8000));
    }
    return b.array();
  }
}
