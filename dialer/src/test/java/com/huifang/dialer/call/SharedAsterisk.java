package com.huifang.dialer.call;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the captures of a real Asterisk in {@code shared/asterisk}, wherever the build runs. */
final class SharedAsterisk {

  private SharedAsterisk() {}

  /** Walks up from {@code user.dir} until a directory has {@code shared/asterisk}. */
  static Path dir() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("asterisk");
      if (Files.isDirectory(candidate.resolve("ami"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no shared/asterisk (with ami/ and ari/ captures) in "
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
