package com.huifang.scheduler.importing;

import java.io.Reader;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streaming import: one {@link RowResult} per non-blank line, read lazily from a {@link Reader}
 * so a file of any size is never held whole in memory. A bad row yields its errors and reading goes
 * on. Closing the {@link Reader} is the caller's. Read failures surface as {@link
 * java.io.UncheckedIOException}.
 */
public abstract class TaskRowReader implements Iterator<RowResult> {

  /** Longer lines are rejected without being held in memory. */
  public static final int MAX_LINE_CHARS = 64 * 1024;

  private final BoundedLineReader lines;
  private RowResult next;
  private boolean done;

  protected TaskRowReader(Reader in) {
    this.lines = new BoundedLineReader(in, MAX_LINE_CHARS);
  }

  /** NDJSON: one JSON object per line (api.md {@code application/x-ndjson}). */
  public static TaskRowReader ndjson(Reader in) {
    return new NdjsonTaskReader(in);
  }

  /** CSV with a header row; quoted fields per RFC 4180 (api.md {@code text/csv}). */
  public static TaskRowReader csv(Reader in) {
    return new CsvTaskReader(in);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      BoundedLineReader.Line line = lines.next();
      if (line == null) {
        done = true;
      } else if (line.tooLong()) {
        next =
            RowResult.Rejected.of(
                line.number(), "line", "longer than " + MAX_LINE_CHARS + " characters");
      } else if (!line.text().isBlank()) {
        next = parse(line.number(), line.text());
      }
    }
    return next != null;
  }

  @Override
  public RowResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RowResult r = next;
    next = null;
    return r;
  }

  /** The rows as a sequential, lazy stream. */
  public Stream<RowResult> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** Stops reading: no more rows after the current one. */
  protected void stop() {
    done = true;
  }

  /**
   * Reads one non-blank line; may return null to skip it (a header row). Never throws for bad
   * content.
   */
  protected abstract RowResult parse(long line, String text);
}
