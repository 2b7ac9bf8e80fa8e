package com.huifang.scheduler.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.phone.PhoneNumber;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvImportTest {

  private static final String HEADER =
      "policyNo,holderName,holderId,phone1,phone2,phone3,phone4,caseType,issuedMonth,receiptAt,"
          + "coolingOffEnd,productType,agentCode,agentPhone,branch,appointmentAt,optOut";
  private static final String GOOD =
      "P1,\"Wang, Fang\",H1,13812341017,,010-62345678,,NEW,,2026-11-02T09:00:00+08:00,"
          + "2026-11-17T00:00:00+08:00,TRADITIONAL,A7,13900000007,SZ,,false";

  private static List<RowResult> read(String... lines) {
    return TaskRowReader.csv(new StringReader(String.join("\r\n", lines))).stream().toList();
  }

  private static RowError onlyError(RowResult r) {
    assertThat(r).isInstanceOf(RowResult.Rejected.class);
    List<RowError> errors = ((RowResult.Rejected) r).errors();
    assertThat(errors).hasSize(1);
    return errors.getFirst();
  }

  @Test
  void a_good_row_with_quoted_commas_and_gaps_between_phone_columns_is_read() {
    List<RowResult> rows = read("\uFEFF" + HEADER, GOOD);

    assertThat(rows).hasSize(1);
    RowResult.Accepted row = (RowResult.Accepted) rows.getFirst();
    assertThat(row.line()).isEqualTo(2);
    assertThat(row.task().holderName()).isEqualTo("Wang, Fang");
    assertThat(row.task().phones())
        .containsExactly(PhoneNumber.of("13812341017"), PhoneNumber.of("01062345678"));
  }

  @Test
  void doubled_quotes_inside_a_quoted_field_are_one_quote() {
    List<RowResult> rows =
        read(HEADER, GOOD.replace("\"Wang, Fang\"", "\"Wang \"\"Fanny\"\" Fang\""));

    assertThat(((RowResult.Accepted) rows.getFirst()).task().holderName())
        .isEqualTo("Wang \"Fanny\" Fang");
  }

  @Test
  void bad_rows_report_line_field_and_reason_while_good_rows_still_come_through() {
    // given
    List<RowResult> rows =
        read(
            HEADER,
            GOOD,
            GOOD.replace("13812341017", "2345"),
            GOOD.replace("P1,", ","),
            GOOD.replace("TRADITIONAL", "CRYPTO"),
            GOOD.replace("2026-11-02T09:00:00+08:00", "02/11/2026"),
            GOOD.replace("\"Wang, Fang\"", "\"Wang, Fang"),
            GOOD.replace(",SZ,", ",SZ,extra,"),
            GOOD);

    // then
    assertThat(rows).extracting(RowResult::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(rows.getFirst()).isInstanceOf(RowResult.Accepted.class);
    assertThat(rows.getLast()).isInstanceOf(RowResult.Accepted.class);

    RowError phone = onlyError(rows.get(1));
    assertThat(phone.line()).isEqualTo(3);
    assertThat(phone.field()).isEqualTo("phone1");
    assertThat(phone.reason()).contains("area code");
    assertThat(onlyError(rows.get(2))).isEqualTo(new RowError(4, "policyNo", "missing"));
    assertThat(onlyError(rows.get(3)).field()).isEqualTo("productType");
    assertThat(onlyError(rows.get(4)).field()).isEqualTo("receiptAt");

    RowError quote = onlyError(rows.get(5));
    assertThat(quote.line()).isEqualTo(7);
    assertThat(quote.field()).isEqualTo("csv");
    assertThat(quote.reason()).contains("unbalanced quote");

    RowError count = onlyError(rows.get(6));
    assertThat(count.field()).isEqualTo("csv");
    assertThat(count.reason()).isEqualTo("expected 17 fields, found 18");
  }

  @Test
  void a_header_that_cannot_be_read_stops_with_one_error() {
    List<RowResult> rows = read("policyNo,\"holderName", GOOD, GOOD);

    assertThat(rows).hasSize(1);
    assertThat(onlyError(rows.getFirst()).field()).isEqualTo("header");
  }

  @Test
  void a_line_longer_than_the_limit_is_rejected_and_reading_goes_on() {
    String huge = "P2," + "x".repeat(TaskRowReader.MAX_LINE_CHARS + 10);

    List<RowResult> rows = read(HEADER, huge, GOOD);

    assertThat(onlyError(rows.getFirst()))
        .extracting(RowError::line, RowError::field)
        .containsExactly(2L, "line");
    assertThat(rows.get(1)).isInstanceOf(RowResult.Accepted.class);
  }
}
