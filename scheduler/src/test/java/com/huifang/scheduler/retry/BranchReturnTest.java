package com.huifang.scheduler.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BranchReturnTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final CampaignRules RULES =
      CampaignRules.defaults(CampaignKind.NEW_CONTRACT, HolidayCalendar.NONE);
  private static final Instant NOW = at("2026-11-23T20:00");
  private static final List<PhoneNumber> OLD =
      List.of(PhoneNumber.of("13800000001"), PhoneNumber.of("13800000002"));

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  @Test
  void new_numbers_replace_the_old_and_clear_the_struck_list() {
    List<PhoneNumber> fresh = List.of(PhoneNumber.of("13900000009"));

    BranchReturn.Result r =
        BranchReturn.apply(
            BranchReason.UNREACHABLE, OLD, Set.of(0, 1), fresh, null, NOW, ZONE, RULES);

    assertThat(r).isInstanceOf(BranchReturn.Returned.class);
    BranchReturn.Returned back = (BranchReturn.Returned) r;
    assertThat(back.task().phones()).isEqualTo(fresh);
    assertThat(back.task().struck()).isEmpty();
    assertThat(back.task().passNo()).isEqualTo(1);
    assertThat(back.task().passStarts()).isEmpty();
    assertThat(back.caseType()).isEqualTo(CaseType.VERIFICATION);
    assertThat(back.dueAt()).isEqualTo(at("2026-11-24T10:00"));
    assertThat(back.appointmentAt()).isNull();
  }

  @Test
  void an_appointment_alone_keeps_the_numbers_and_is_due_at_its_time() {
    Instant appt = at("2026-11-24T19:45");

    BranchReturn.Result r =
        BranchReturn.apply(
            BranchReason.UNREACHABLE, OLD, Set.of(0), List.of(), appt, NOW, ZONE, RULES);

    assertThat(r).isInstanceOf(BranchReturn.Returned.class);
    BranchReturn.Returned back = (BranchReturn.Returned) r;
    assertThat(back.task().phones()).isEqualTo(OLD);
    assertThat(back.task().struck()).containsExactly(0);
    assertThat(back.task().phoneIndex()).isEqualTo(1);
    assertThat(back.dueAt()).isEqualTo(appt);
    assertThat(back.appointmentAt()).isEqualTo(appt);
  }

  @Test
  void a_return_without_anything_new_or_without_a_dialable_number_is_refused() {
    assertThat(
            BranchReturn.apply(
                BranchReason.UNREACHABLE, OLD, Set.of(), List.of(), null, NOW, ZONE, RULES))
        .isInstanceOf(BranchReturn.Invalid.class);
    assertThat(
            BranchReturn.apply(
                BranchReason.UNREACHABLE,
                OLD,
                Set.of(0, 1),
                List.of(),
                at("2026-11-24T11:00"),
                NOW,
                ZONE,
                RULES))
        .isEqualTo(new BranchReturn.Invalid("phones", "no dialable number left: give new phones"));
  }

  @Test
  void an_appointment_the_centre_cannot_call_is_refused() {
    assertThat(
            BranchReturn.apply(
                BranchReason.UNREACHABLE,
                OLD,
                Set.of(),
                List.of(),
                at("2026-11-24T22:00"),
                NOW,
                ZONE,
                RULES))
        .isInstanceOf(BranchReturn.Invalid.class)
        .extracting(r -> ((BranchReturn.Invalid) r).field())
        .isEqualTo("appointmentAt");
  }

  @Test
  void a_duplicate_number_case_comes_back_only_with_new_numbers() {
    Instant appt = at("2026-11-24T11:00");

    assertThat(
            BranchReturn.apply(
                BranchReason.DUPLICATE_NUMBER, OLD, Set.of(), List.of(), appt, NOW, ZONE, RULES))
        .isEqualTo(
            new BranchReturn.Invalid(
                "phones", "a duplicate-number case is resolved only by a new number"));
    assertThat(
            BranchReturn.apply(
                BranchReason.DUPLICATE_NUMBER,
                OLD,
                Set.of(),
                List.of(PhoneNumber.of("13900000009")),
                appt,
                NOW,
                ZONE,
                RULES))
        .isInstanceOf(BranchReturn.Returned.class);
  }
}
