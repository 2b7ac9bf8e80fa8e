package com.huifang.scheduler.importing;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields, RFC 4180 quoting within the line. */
final class CsvLine {

  private CsvLine() {}

  sealed interface Split {}

  record Fields(List<String> values) implements Split {}

  record Broken(String reason) implements Split {}

  static Split split(String line) {
    List<String> values = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        int open = i;
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else {
              closed = true;
              i++;
              break;
            }
          } else {
            field.append(c);
            i++;
          }
        }
        if (!closed) {
          return new Broken(
              "unbalanced quote: the field opened at column " + (open + 1) + " never closes");
        }
        if (i < n && line.charAt(i) != ',') {
          return new Broken("unexpected character after a closing quote at column " + (i + 1));
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i);
          if (c == '"') {
            return new Broken("quote inside an unquoted field at column " + (i + 1));
          }
          field.append(c);
          i++;
        }
      }
      values.add(field.toString());
      if (i >= n) {
        return new Fields(values);
      }
      i++; // the comma
    }
  }
}
