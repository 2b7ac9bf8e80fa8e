package com.huifang.scheduler.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

  @ParameterizedTest
  @CsvSource({
    "13812341017, MOBILE, 13812341017,",
    "+86 138 1234 1017, MOBILE, 13812341017,",
    "+86-13812341017, MOBILE, 13812341017,",
    "010-62345678, LANDLINE, 01062345678,",
    "0755-2345678, LANDLINE, 07552345678,",
    "(021) 8765 4321, LANDLINE, 02187654321,",
    "+86 010-62345678-801, LANDLINE, 01062345678, 801",
    "01062345678-801, LANDLINE, 01062345678, 801",
    "075512345678, LANDLINE, 075512345678,",
    "+86 10 6234 5678, LANDLINE, 01062345678,",
    "+86-755-2345678, LANDLINE, 07552345678,",
    "+86-10-62345678-801, LANDLINE, 01062345678, 801",
  })
  void good_numbers_are_normalised(String text, PhoneNumber.Kind kind, String digits, String ext) {
    // when
    PhoneParse parsed = PhoneNumbers.parse(text);

    // then
    assertThat(parsed).isInstanceOf(PhoneParse.Valid.class);
    PhoneNumber n = ((PhoneParse.Valid) parsed).number();
    assertThat(n.kind()).isEqualTo(kind);
    assertThat(n.digits()).isEqualTo(digits);
    assertThat(n.extension()).isEqualTo(ext);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| empty",
        "1381234101| a mobile number has 11 digits, found 10",
        "138123410170| a mobile number has 11 digits, found 12",
        "62345678| a landline needs its area code",
        "+1 212 555 0100| country code is not +86",
        "138-1234-1017| area code must be 0 followed by 2-3 digits",
        "010-12345678| local number must not start with 0 or 1",
        "0101234567890| a landline has 0 + area code + 7-8 digits (10-12 digits), found 13",
        "010-623456| local number must have 7-8 digits, found 6",
        "010-62345678-1234567| extension must have 1-6 digits",
        "13812341017-12| a mobile number has no extension",
        "138x2341017| contains characters other than digits",
        "010--12345678| misplaced '-'",
        "+86| no digits after +86",
      })
  void bad_numbers_are_rejected_with_a_reason_naming_what_is_wrong(String text, String reason) {
    // when
    PhoneParse parsed = PhoneNumbers.parse(text);

    // then
    assertThat(parsed).isInstanceOf(PhoneParse.Invalid.class);
    assertThat(((PhoneParse.Invalid) parsed).reason()).contains(reason);
  }

  @Test
  void masking_keeps_the_first_three_and_last_four_digits() {
    assertThat(PhoneNumber.of("13812341017").masked()).isEqualTo("138****1017");
    assertThat(PhoneNumber.of("010-62345678-801").masked()).isEqualTo("010****5678-***");
    assertThat(PhoneNumbers.maskRaw("+86 138 1234 1017")).isEqualTo("861******1017");
  }

  @Test
  void every_number_in_a_text_is_masked_and_nothing_else() {
    assertThat(
            PhoneNumbers.maskIn(
                "channel='PJSIP/13800001017@carrier-00000001',calleridnum='13800001017',"
                    + "connectedlinenum='+8613912345678',exten='1017',uniqueid='1764000000.12'"))
        .isEqualTo(
            "channel='PJSIP/138****1017@carrier-000*0001',calleridnum='138****1017',"
                + "connectedlinenum='+861******5678',exten='1017',uniqueid='176***0000.12'");
    String none = "policy P20261100001 extension 2001 port 5038 PJSIP/abc id 52ea2cfb-232c";
    assertThat(PhoneNumbers.maskIn(none)).isEqualTo(none);
    assertThat(PhoneNumbers.maskIn("Channel does not exist: Local/13636281302@outcomes-000000ed;1"))
        .isEqualTo("Channel does not exist: Local/136****1302@outcomes-000000ed;1");
  }

  @Test
  void to_string_never_shows_the_whole_number() {
    assertThat(PhoneNumber.of("13812341017").toString())
        .doesNotContain("13812341017")
        .isEqualTo("138****1017");
  }

  @Test
  void of_throws_with_the_reason_for_a_bad_number() {
    assertThatThrownBy(() -> PhoneNumber.of("12345"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11 digits");
  }
}
