package com.huifang.dialer.call;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the captures of a real Asterisk 20 that the replay tests play back. */
final class SharedAsterisk {

  private SharedAsterisk() {}

  /**
   * The captures kept with the tests ({@code dialer/src/test/captures/asterisk}, a copy of the
   * project's shared {@code asterisk/} folder), found from the module or the repository root.
   */
  static Path dir() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      for (Path candidate :
          List.of(
              p.resolve("src/test/captures/asterisk"),
              p.resolve("dialer/src/test/captures/asterisk"))) {
        if (Files.isDirectory(candidate.resolve("ami"))) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "no src/test/captures/asterisk (with ami/ and ari/ captures) under "
            + start
            + " or any parent: the replay tests need the real Asterisk transcripts");
  }

  static List<Path> files(String sub, String extension) {
    try (Stream<Path> files = Files.list(dir().resolve(sub))) {
      List<Path> list =
          files.filter(f -> f.getFileName().toString().endsWith(extension)).sorted().toList();
      if (list.isEmpty()) {
        throw new IllegalStateException("no *" + extension + " in " + dir().resolve(sub));
      }
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(Path file) {
    String n = file.getFileName().toString();
    return n.substring(0, n.lastIndexOf('.'));
  }
}
