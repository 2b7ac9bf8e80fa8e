package com.huifang.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints figures as one plain-text table, ready to paste into the README. */
public final class Table {

  private static final String[] HEADERS = {
    "benchmark", "figure", "value", "reference", "ratio", "required", "verdict", "disk write"
  };

  private Table() {}

  public static String render(List<Figure> figures) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (Figure f : figures) {
      rows.add(
          new String[] {
            f.group(),
            f.name(),
            number(f.value()) + " " + f.unit(),
            f.reference().map(r -> r.name() + " " + number(r.value())).orElse("-"),
            f.ratio().map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("-"),
            f.requirement().map(Table::requirement).orElse("-"),
            f.passed().map(p -> p ? "PASS" : "FAIL").orElse("info"),
            disk(f)
          });
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      sb.append('|');
      for (int i = 0; i < widths.length; i++) {
        sb.append(' ').append(pad(rows.get(r)[i], widths[i])).append(" |");
      }
      sb.append('\n');
      if (r == 0) {
        sb.append('|');
        for (int w : widths) {
          sb.append("-".repeat(w + 2)).append('|');
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** The figure's disk write time and size, and its reference's beside them when known. */
  private static String disk(Figure f) {
    if (f.disk().isEmpty()) {
      return "-";
    }
    String own = f.disk().get().toString();
    return f.reference()
        .flatMap(Figure.Reference::disk)
        .map(r -> own + " (reference " + r + ")")
        .orElse(own);
  }

  private static String requirement(Figure.Requirement req) {
    return switch (req) {
      case Figure.Requirement.MinRatio m -> String.format(Locale.ROOT, ">= %.2fx", m.minRatio());
      case Figure.Requirement.MaxValue m -> "<= " + number(m.maxValue());
    };
  }

  static String number(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
