package com.huifang.scheduler.importing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads a {@link Reader} one line at a time, never holding more than one line (and at most {@code
 * maxChars} of it) in memory: an over-long line is skipped to its end and reported, so one giant
 * line cannot exhaust memory. Lines end at {@code \n}; a {@code \r} before it is dropped.
 */
final class BoundedLineReader {

  /** A line, or the fact that it was too long (its text is then empty). */
  record Line(long number, String text, boolean tooLong) {}

  private final Reader in;
  private final int maxChars;
  private final char[] buf = new char[8192];
  private int pos;
  private int len;
  private long number;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or null at the end of input. */
  Line next() {
    StringBuilder sb = new StringBuilder();
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == len && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      char c = buf[pos++];
      if (c == '\n') {
        break;
      }
      if (!tooLong) {
        if (sb.length() >= maxChars) {
          tooLong = true;
          sb.setLength(0);
        } else {
          sb.append(c);
        }
      }
    }
    number++;
    int end = sb.length();
    if (end > 0 && sb.charAt(end - 1) == '\r') {
      sb.setLength(end - 1);
    }
    return new Line(number, sb.toString(), tooLong);
  }

  private boolean fill() {
    try {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      len = n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the import failed after line " + number, e);
    }
  }
}
