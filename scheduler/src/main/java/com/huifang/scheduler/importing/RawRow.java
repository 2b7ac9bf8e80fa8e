package com.huifang.scheduler.importing;

import java.util.List;
import java.util.Map;

/**
 * A row as read, before validation: scalar fields by api.md name (absent or empty means not given),
 * and the phone numbers with the name each had in the input ({@code phones[0]}, {@code phone1}, …).
 */
record RawRow(long line, Map<String, String> fields, List<RawPhone> phones) {

  record RawPhone(String field, String text) {}

  RawRow {
    fields = Map.copyOf(fields);
    phones = List.copyOf(phones);
  }

  String get(String name) {
    String v = fields.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
