package com.huifang.dialer.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Where each PBX's recordings appear to the dialer ({@code recordingsDir}), and the fingerprint of
 * a file: size and SHA-256, read as a stream so a long recording never sits whole in memory.
 * Blocking: call off the event loop.
 */
public final class RecordingFiles {

  /** A file's size and SHA-256. */
  public record Fingerprint(long bytes, String sha256) {}

  private final Map<String, Path> dirs;

  public RecordingFiles(Map<String, Path> dirs) {
    this.dirs = Map.copyOf(dirs);
  }

  /** The file of a recording made on {@code pbx} under {@code relative}, if that PBX is known. */
  public Optional<Path> resolve(String pbx, String relative) {
    Path dir = dirs.get(pbx);
    if (dir == null) {
      return Optional.empty();
    }
    Path file = dir.resolve(relative).normalize();
    return file.startsWith(dir.normalize()) ? Optional.of(file) : Optional.empty();
  }

  public static Fingerprint fingerprint(Path file) throws IOException {
    MessageDigest sha = sha256();
    long bytes = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        bytes += n;
      }
    }
    return new Fingerprint(bytes, HexFormat.of().formatHex(sha.digest()));
  }

  /** Whether the file starts like a WAV file (RIFF/WAVE header with a data chunk size). */
  public static boolean looksLikeWav(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(12);
      if (head.length < 12) {
        return false;
      }
      ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
      return b.getInt(0) == 0x46464952 && b.getInt(8) == 0x45564157; // "RIFF" ... "WAVE"
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
