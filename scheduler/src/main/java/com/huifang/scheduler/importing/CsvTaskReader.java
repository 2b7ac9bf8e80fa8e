package com.huifang.scheduler.importing;

import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV rows with a header row naming api.md's fields ({@code phone1..phone4} for the numbers);
 * fields may be quoted per RFC 4180 (commas and doubled quotes inside quotes). One record is one
 * line: no import field may hold a line break, so an unbalanced quote spoils only its own line
 * instead of swallowing the rest of the file.
 */
final class CsvTaskReader extends TaskRowReader {

  static final List<String> PHONE_COLUMNS = List.of("phone1", "phone2", "phone3", "phone4");
  private static final char BOM = '\uFEFF';

  private List<String> header;

  CsvTaskReader(Reader in) {
    super(in);
  }

  @Override
  protected RowResult parse(long line, String text) {
    if (header == null) {
      return readHeader(line, text);
    }
    CsvLine.Split split = CsvLine.split(text);
    if (split instanceof CsvLine.Broken b) {
      return RowResult.Rejected.of(line, "csv", b.reason());
    }
    List<String> values = ((CsvLine.Fields) split).values();
    if (values.size() != header.size()) {
      return RowResult.Rejected.of(
          line, "csv", "expected " + header.size() + " fields, found " + values.size());
    }
    Map<String, String> fields = new HashMap<>();
    Map<String, String> phoneValues = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      (PHONE_COLUMNS.contains(name) ? phoneValues : fields).put(name, values.get(i));
    }
    List<RawRow.RawPhone> phones = new ArrayList<>();
    for (String column : PHONE_COLUMNS) {
      if (phoneValues.containsKey(column)) {
        phones.add(new RawRow.RawPhone(column, phoneValues.get(column)));
      }
    }
    return RowValidator.validate(new RawRow(line, fields, phones));
  }

  private RowResult readHeader(long line, String text) {
    String h = text.charAt(0) == BOM ? text.substring(1) : text;
    CsvLine.Split split = CsvLine.split(h);
    if (split instanceof CsvLine.Broken b) {
      stop();
      return RowResult.Rejected.of(line, "header", b.reason() + "; no row can be read");
    }
    List<String> names = ((CsvLine.Fields) split).values().stream().map(String::trim).toList();
    if (names.stream().distinct().count() != names.size()) {
      stop();
      return RowResult.Rejected.of(line, "header", "a column is named twice; no row can be read");
    }
    header = names;
    return null;
  }
}
