package com.huifang.dialer.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A reader for Asterisk's {@code .conf} format, enough to check our deployment's files. */
record AsteriskConf(List<Section> sections) {

  /** One {@code [name](templates)} block; a name may appear several times (pjsip types). */
  record Section(String name, String templates, Map<String, List<String>> values) {

    Optional<String> first(String key) {
      List<String> v = values.get(key);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }
  }

  static AsteriskConf read(Path file) throws IOException {
    List<Section> sections = new ArrayList<>();
    Section current = null;
    for (String raw : Files.readAllLines(file)) {
      String line = raw.contains(";") ? raw.substring(0, raw.indexOf(';')) : raw;
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("[")) {
        int close = line.indexOf(']');
        String templates = line.substring(close + 1).strip();
        current = new Section(line.substring(1, close), templates, new LinkedHashMap<>());
        sections.add(current);
        continue;
      }
      if (current == null) {
        throw new IOException(file + ": a setting before any section: " + raw);
      }
      String[] kv = line.split("=>|=", 2);
      if (kv.length != 2) {
        throw new IOException(file + ": not 'key = value': " + raw);
      }
      current.values().computeIfAbsent(kv[0].strip(), k -> new ArrayList<>()).add(kv[1].strip());
    }
    return new AsteriskConf(sections);
  }

  List<Section> named(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).toList();
  }

  Section only(String name) {
    List<Section> found = named(name);
    if (found.size() != 1) {
      throw new AssertionError("expected one [" + name + "], found " + found.size());
    }
    return found.getFirst();
  }

  /** The section named {@code name} whose {@code type} is {@code type} (pjsip.conf). */
  Optional<Section> typed(String name, String type) {
    return named(name).stream().filter(s -> s.first("type").orElse("").equals(type)).findFirst();
  }
}
