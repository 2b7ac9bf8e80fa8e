package com.huifang.dialer.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an AMI text stream into frames, incrementally: feed it text as it arrives, get back the
 * frames it completes. The banner ({@code Asterisk Call Manager/...}) and malformed lines are
 * reported, never thrown, so one bad frame does not end the connection. Pure; not thread-safe.
 */
public final class AmiFrameDecoder {

  /** What one complete piece of the stream turned out to be. */
  public sealed interface Decoded {}

  /** The greeting line Asterisk sends once on connect. */
  public record Banner(String text) implements Decoded {}

  /** A well-formed frame. */
  public record Frame(AmiFrame frame) implements Decoded {}

  /** A frame with a line that is not {@code Key: Value}; the raw text says which. */
  public record Malformed(String reason, String raw) implements Decoded {}

  private static final int MAX_FRAME_CHARS = 64 * 1024;

  private final StringBuilder line = new StringBuilder();
  private final StringBuilder raw = new StringBuilder();
  private final List<Map.Entry<String, String>> fields = new ArrayList<>();
  private String problem;
  private boolean bannerExpected;

  /**
   * @param bannerExpected true on the client side of a fresh connection, where the first line is
   *     Asterisk's banner
   */
  public AmiFrameDecoder(boolean bannerExpected) {
    this.bannerExpected = bannerExpected;
  }

  /** Consumes {@code text}; returns what it completed, in order. */
  public List<Decoded> feed(CharSequence text) {
    List<Decoded> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        endLine(out);
      } else if (c != '\r') {
        line.append(c);
        if (line.length() > MAX_FRAME_CHARS) {
          problem = "line longer than " + MAX_FRAME_CHARS + " characters";
          line.setLength(0);
        }
      }
    }
    return out;
  }

  private void endLine(List<Decoded> out) {
    String text = line.toString();
    line.setLength(0);
    if (bannerExpected) {
      bannerExpected = false;
      if (!text.contains(": ")) {
        out.add(new Banner(text));
        return;
      }
    }
    if (text.isEmpty()) {
      if (problem != null) {
        out.add(new Malformed(problem, raw.toString()));
      } else if (!fields.isEmpty()) {
        out.add(new Frame(new AmiFrame(fields)));
      }
      fields.clear();
      raw.setLength(0);
      problem = null;
      return;
    }
    raw.append(text).append('\n');
    int colon = text.indexOf(':');
    if (colon <= 0) {
      if (problem == null) {
        problem = "line without 'Key: Value': " + abbreviate(text);
      }
      return;
    }
    String key = text.substring(0, colon);
    String value = text.substring(colon + 1);
    fields.add(Map.entry(key, value.startsWith(" ") ? value.substring(1) : value));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
