package com.huifang.scheduler.importing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NDJSON rows: one flat JSON object per line; {@code phones} is an array of strings (a single
 * string is taken as one number); numbers and booleans are read as their text; unknown fields are
 * ignored. A line that is not one JSON object is rejected under the field {@code json}.
 */
final class NdjsonTaskReader extends TaskRowReader {

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  NdjsonTaskReader(Reader in) {
    super(in);
  }

  @Override
  protected RowResult parse(long line, String text) {
    Map<String, String> fields = new HashMap<>();
    List<RawRow.RawPhone> phones = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return RowResult.Rejected.of(line, "json", "not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("phones".equals(name)) {
          readPhones(p, value, phones, errors, line);
        } else if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
          p.skipChildren();
          errors.add(new RowError(line, name, "must be a single value"));
        } else if (value != JsonToken.VALUE_NULL) {
          fields.put(name, p.getText());
        }
      }
      if (p.nextToken() != null) {
        return RowResult.Rejected.of(line, "json", "more than one JSON value on the line");
      }
    } catch (JsonProcessingException e) {
      return RowResult.Rejected.of(line, "json", "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RowResult result = RowValidator.validate(new RawRow(line, fields, phones));
    if (errors.isEmpty()) {
      return result;
    }
    if (result instanceof RowResult.Rejected r) {
      errors.addAll(r.errors());
    }
    return new RowResult.Rejected(line, errors);
  }

  private static void readPhones(
      JsonParser p, JsonToken value, List<RawRow.RawPhone> phones, List<RowError> errors, long line)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_ARRAY) {
      if (value == JsonToken.START_OBJECT) {
        p.skipChildren();
        errors.add(new RowError(line, "phones", "must be an array of strings"));
      } else {
        phones.add(new RawRow.RawPhone("phones[0]", p.getText()));
      }
      return;
    }
    int i = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      String field = "phones[" + i++ + "]";
      if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
        p.skipChildren();
        errors.add(new RowError(line, field, "must be a string"));
      } else {
        phones.add(new RawRow.RawPhone(field, t == JsonToken.VALUE_NULL ? null : p.getText()));
      }
    }
  }
}
