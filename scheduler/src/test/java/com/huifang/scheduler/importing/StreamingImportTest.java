package com.huifang.scheduler.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.util.Iterator;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Imports are read row by row: a 100,000-row input is never held whole in memory. */
class StreamingImportTest {

  private static final int ROWS = 100_000;

  /** A Reader that makes its rows up as they are read, and counts how many it has handed out. */
  private static final class GeneratedRows extends Reader {
    private final IntFunction<String> row;
    private final int rows;
    private int produced;
    private String current = "";
    private int pos;

    GeneratedRows(String header, IntFunction<String> row, int rows) {
      this.row = row;
      this.rows = rows;
      this.current = header;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      if (pos == current.length()) {
        if (produced == rows) {
          return -1;
        }
        current = row.apply(produced++);
        pos = 0;
      }
      int n = Math.min(len, current.length() - pos);
      current.getChars(pos, pos + n, cbuf, off);
      pos += n;
      return n;
    }

    @Override
    public void close() {}
  }

  private static String phone(int i) {
    return "139" + String.format("%08d", i);
  }

  @Test
  void a_hundred_thousand_ndjson_rows_are_parsed_as_they_are_read() {
    GeneratedRows in =
        new GeneratedRows(
            "",
            i ->
                "{\"policyNo\":\"P"
                    + i
                    + "\",\"holderName\":\"N\",\"holderId\":\"H"
                    + i
                    + "\",\"phones\":[\""
                    + phone(i)
                    + "\"],\"caseType\":\"NEW\",\"productType\":\"TRADITIONAL\"}\n",
            ROWS);

    assertStreamed(TaskRowReader.ndjson(in), in);
  }

  @Test
  void a_hundred_thousand_csv_rows_are_parsed_as_they_are_read() {
    GeneratedRows in =
        new GeneratedRows(
            "policyNo,holderName,holderId,phone1,caseType,productType\n",
            i -> "P" + i + ",N,H" + i + "," + phone(i) + ",NEW,TRADITIONAL\n",
            ROWS);

    assertStreamed(TaskRowReader.csv(in), in);
  }

  private static void assertStreamed(Iterator<RowResult> rows, GeneratedRows in) {
    // when the first row comes out, only a small part of the input has been produced
    RowResult first = rows.next();
    assertThat(first).isInstanceOf(RowResult.Accepted.class);
    assertThat(in.produced).isLessThan(1_000);

    // and every row comes through, counted without keeping them
    long accepted = 1;
    long rejected = 0;
    while (rows.hasNext()) {
      if (rows.next() instanceof RowResult.Accepted) {
        accepted++;
      } else {
        rejected++;
      }
    }
    assertThat(accepted).isEqualTo(ROWS);
    assertThat(rejected).isZero();
    assertThat(in.produced).isEqualTo(ROWS);
  }
}
