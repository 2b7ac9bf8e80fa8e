package com.huifang.dialer.call;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One raw AMI transcript of shared/asterisk/ami: the Originate it answered and every frame the PBX
 * sent, each with its offset in milliseconds, its lines exactly as captured.
 */
record AmiTranscript(String name, JsonObject originate, List<Frame> frames) {

  /** One AMI frame: its lines without line ends, as captured. */
  record Frame(long offsetMillis, List<String> lines) {

    String value(String key) {
      String prefix = key + ": ";
      for (String line : lines) {
        if (line.regionMatches(true, 0, prefix, 0, prefix.length())) {
          return line.substring(prefix.length());
        }
      }
      return "";
    }
  }

  static AmiTranscript read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonObject originate = null;
    List<Frame> frames = new ArrayList<>();
    List<String> current = null;
    long offset = 0;
    for (String line : lines) {
      if (line.startsWith("# originate: ")) {
        originate = new JsonObject(line.substring("# originate: ".length()));
      } else if (line.startsWith("--- t=+")) {
        if (current != null) {
          frames.add(new Frame(offset, current));
        }
        String t = line.substring("--- t=+".length(), line.length() - 1);
        offset = Math.round(Double.parseDouble(t) * 1000);
        current = new ArrayList<>();
      } else if (line.isEmpty() || line.startsWith("#")) {
        if (current != null) {
          frames.add(new Frame(offset, current));
          current = null;
        }
      } else if (current != null) {
        current.add(line);
      }
    }
    if (current != null) {
      frames.add(new Frame(offset, current));
    }
    if (originate == null || frames.isEmpty()) {
      throw new IllegalStateException(file + " is not an AMI transcript");
    }
    return new AmiTranscript(SharedAsterisk.name(file), originate, List.copyOf(frames));
  }
}
