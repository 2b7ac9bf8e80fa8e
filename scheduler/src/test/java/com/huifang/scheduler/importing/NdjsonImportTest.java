package com.huifang.scheduler.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import java.io.StringReader;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonImportTest {

  private static final String GOOD =
      """
      {"policyNo":"P1","holderName":"王芳","holderId":"H1","phones":["13812341017","+86 010-62345678-801"],\
      "caseType":"PROBLEM","issuedMonth":"2026-10","receiptAt":"2026-11-02T09:00:00+08:00",\
      "coolingOffEnd":"2026-11-17T00:00:00+08:00","productType":"UNIVERSAL","agentCode":"A7",\
      "agentPhone":"13900000007","branch":"SZ","appointmentAt":null,"optOut":false,"extra":1}""";

  private static List<RowResult> read(String text) {
    return TaskRowReader.ndjson(new StringReader(text)).stream().toList();
  }

  private static RowError onlyError(RowResult r) {
    assertThat(r).isInstanceOf(RowResult.Rejected.class);
    List<RowError> errors = ((RowResult.Rejected) r).errors();
    assertThat(errors).hasSize(1);
    return errors.getFirst();
  }

  @Test
  void a_good_row_gives_a_validated_task() {
    List<RowResult> rows = read(GOOD + "\n");

    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst()).isInstanceOf(RowResult.Accepted.class);
    TaskImport t = ((RowResult.Accepted) rows.getFirst()).task();
    assertThat(t.policyNo()).isEqualTo("P1");
    assertThat(t.holderName()).isEqualTo("王芳");
    assertThat(t.phones())
        .containsExactly(PhoneNumber.of("13812341017"), PhoneNumber.of("010-62345678-801"));
    assertThat(t.caseType()).isEqualTo(CaseType.PROBLEM);
    assertThat(t.issuedMonth()).isEqualTo(YearMonth.of(2026, 10));
    assertThat(t.receiptAt()).isEqualTo(Instant.parse("2026-11-02T01:00:00Z"));
    assertThat(t.productType()).isEqualTo(ProductType.UNIVERSAL);
    assertThat(t.agentPhone()).isEqualTo(PhoneNumber.of("13900000007"));
    assertThat(t.appointmentAt()).isNull();
    assertThat(t.optOut()).isFalse();
  }

  @Test
  void a_cancellation_is_read_as_a_time_and_a_bad_one_is_named() {
    String withdrawn =
        GOOD.replace("\"optOut\":false", "\"cancelledAt\":\"2026-11-20T15:30:00+08:00\"");
    String garbled = GOOD.replace("\"optOut\":false", "\"cancelledAt\":\"yesterday\"");

    List<RowResult> rows = read(GOOD + "\n" + withdrawn + "\n" + garbled + "\n");

    assertThat(((RowResult.Accepted) rows.get(0)).task().cancelledAt()).isNull();
    assertThat(((RowResult.Accepted) rows.get(1)).task().cancelledAt())
        .isEqualTo(Instant.parse("2026-11-20T07:30:00Z"));
    RowError bad = onlyError(rows.get(2));
    assertThat(bad.line()).isEqualTo(3);
    assertThat(bad.field()).isEqualTo("cancelledAt");
    assertThat(bad.reason()).contains("yesterday");
  }

  @Test
  void a_cooling_off_period_ending_before_the_receipt_is_refused() {
    String reversed =
        GOOD.replace("\"2026-11-17T00:00:00+08:00\"", "\"2026-11-02T08:59:00+08:00\"");
    String sameMoment =
        GOOD.replace("\"2026-11-17T00:00:00+08:00\"", "\"2026-11-02T09:00:00+08:00\"");

    List<RowResult> rows = read(reversed + "\n" + sameMoment + "\n");

    assertThat(onlyError(rows.get(0)))
        .isEqualTo(
            new RowError(
                1,
                "coolingOffEnd",
                "before receiptAt: the cooling-off period starts at the receipt"));
    assertThat(rows.get(1)).isInstanceOf(RowResult.Accepted.class);
  }

  @Test
  void bad_rows_report_line_field_and_reason_while_good_rows_still_come_through() {
    // given good rows around one bad row of each kind, and a blank line
    String input =
        String.join(
            "\n",
            GOOD,
            GOOD.replace("\"13812341017\"", "\"1381234\""),
            GOOD.replace("\"holderId\":\"H1\",", ""),
            GOOD.replace("\"PROBLEM\"", "\"URGENT\""),
            GOOD.replace("\"2026-11-02T09:00:00+08:00\"", "\"2026-11-02\""),
            "{\"policyNo\":\"P9\", \"phones\": [",
            "",
            GOOD.replace("\"2026-10\"", "\"Oct 2026\""),
            GOOD);

    // when
    List<RowResult> rows = read(input);

    // then
    assertThat(rows).extracting(RowResult::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 8L, 9L);
    assertThat(rows.getFirst()).isInstanceOf(RowResult.Accepted.class);
    assertThat(rows.getLast()).isInstanceOf(RowResult.Accepted.class);

    RowError phone = onlyError(rows.get(1));
    assertThat(phone.line()).isEqualTo(2);
    assertThat(phone.field()).isEqualTo("phones[0]");
    assertThat(phone.reason()).contains("11 digits").doesNotContain("1381234");

    assertThat(onlyError(rows.get(2))).isEqualTo(new RowError(3, "holderId", "missing"));

    RowError enumError = onlyError(rows.get(3));
    assertThat(enumError.field()).isEqualTo("caseType");
    assertThat(enumError.reason()).contains("URGENT").contains("VERIFICATION");

    RowError date = onlyError(rows.get(4));
    assertThat(date.field()).isEqualTo("receiptAt");
    assertThat(date.reason()).contains("ISO-8601");

    RowError json = onlyError(rows.get(5));
    assertThat(json.line()).isEqualTo(6);
    assertThat(json.field()).isEqualTo("json");
    assertThat(json.reason()).startsWith("not valid JSON");

    assertThat(onlyError(rows.get(6)).field()).isEqualTo("issuedMonth");
  }

  @Test
  void every_error_of_a_row_is_reported_at_once() {
    List<RowResult> rows = read("{\"policyNo\":\"P1\",\"phones\":[\"123\",\"13812341017\"]}");

    assertThat(rows.getFirst()).isInstanceOf(RowResult.Rejected.class);
    assertThat(((RowResult.Rejected) rows.getFirst()).errors())
        .extracting(RowError::field)
        .containsExactlyInAnyOrder(
            "holderName", "holderId", "caseType", "productType", "phones[0]");
  }

  @Test
  void more_than_four_numbers_or_none_are_refused_but_an_opt_out_needs_none() {
    String five =
        GOOD.replace(
            "\"13812341017\",", "\"13800000001\",\"13800000002\",\"13800000003\",\"13800000004\",");
    String none = GOOD.replaceAll("\"phones\":\\[[^]]*]", "\"phones\":[]");
    String optOut = none.replace("\"optOut\":false", "\"optOut\":true");

    List<RowResult> rows = read(String.join("\n", five, none, optOut));

    assertThat(onlyError(rows.get(0)).reason()).contains("at most 4");
    assertThat(onlyError(rows.get(1)))
        .isEqualTo(new RowError(2, "phones", "missing: at least one number is required"));
    assertThat(rows.get(2)).isInstanceOf(RowResult.Accepted.class);
    assertThat(((RowResult.Accepted) rows.get(2)).task().optOut()).isTrue();
  }

  @Test
  void a_line_that_is_not_an_object_or_has_trailing_content_is_rejected() {
    List<RowResult> rows = read("[1,2]\n" + GOOD + " {}\n\"text\"");

    assertThat(rows).allSatisfy(r -> assertThat(onlyError(r).field()).isEqualTo("json"));
    assertThat(rows).hasSize(3);
  }
}
