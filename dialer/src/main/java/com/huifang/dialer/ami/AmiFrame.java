package com.huifang.dialer.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AMI message as it travels on the wire: ordered {@code Key: Value} lines closed by an empty
 * line. Keys are matched without regard to case, as Asterisk does; order and repeated keys (e.g.
 * several {@code Variable} lines) are kept.
 */
public record AmiFrame(List<Map.Entry<String, String>> fields) {

  public AmiFrame {
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("an AMI frame has at least one field");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of the first field named {@code key}. */
  public Optional<String> get(String key) {
    for (Map.Entry<String, String> f : fields) {
      if (f.getKey().equalsIgnoreCase(key)) {
        return Optional.of(f.getValue());
      }
    }
    return Optional.empty();
  }

  /** The value of {@code key}, or {@code fallback} when absent. */
  public String getOr(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /** Every value of {@code key}, in order. */
  public List<String> getAll(String key) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> f : fields) {
      if (f.getKey().equalsIgnoreCase(key)) {
        values.add(f.getValue());
      }
    }
    return values;
  }

  /** {@code Event}, {@code Response} or {@code Action}: the name of the first field. */
  public String kind() {
    return fields.getFirst().getKey();
  }

  /** The value of the first field: the event name, response status or action name. */
  public String name() {
    return fields.getFirst().getValue();
  }

  public boolean isEvent(String eventName) {
    return kind().equalsIgnoreCase("Event") && name().equalsIgnoreCase(eventName);
  }

  /** The frame as Asterisk writes it: CRLF line ends and an empty line to close. */
  public String encode() {
    int length = 2;
    for (Map.Entry<String, String> f : fields) {
      length += f.getKey().length() + f.getValue().length() + 4;
    }
    StringBuilder sb = new StringBuilder(length);
    for (Map.Entry<String, String> f : fields) {
      sb.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  /** Builds frames field by field. */
  public static final class Builder {
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    public Builder add(String key, Object value) {
      fields.add(Map.entry(key, String.valueOf(value)));
      return this;
    }

    public AmiFrame build() {
      return new AmiFrame(fields);
    }
  }
}
