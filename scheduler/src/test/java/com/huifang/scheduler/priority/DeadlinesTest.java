package com.huifang.scheduler.priority;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  @Test
  void new_contract_deadline_is_ten_days_after_the_receipt_write_off() {
    Instant receipt = at("2026-11-02T09:00", SHANGHAI);

    assertThat(Deadlines.newContract(receipt, null, SHANGHAI))
        .isEqualTo(at("2026-11-12T09:00", SHANGHAI));
  }

  @Test
  void a_cooling_off_end_before_the_ten_days_is_the_deadline() {
    Instant receipt = at("2026-11-02T09:00", SHANGHAI);
    Instant coolingOff = at("2026-11-08T00:00", SHANGHAI);

    assertThat(Deadlines.newContract(receipt, coolingOff, SHANGHAI)).isEqualTo(coolingOff);
    assertThat(Deadlines.newContract(receipt, at("2026-11-20T00:00", SHANGHAI), SHANGHAI))
        .isEqualTo(at("2026-11-12T09:00", SHANGHAI));
  }

  @Test
  void ten_days_are_local_calendar_days_across_a_dst_change() {
    Instant receipt = at("2026-03-01T12:00", NEW_YORK);

    assertThat(Deadlines.newContract(receipt, null, NEW_YORK))
        .isEqualTo(at("2026-03-11T12:00", NEW_YORK));
  }

  @Test
  void past_its_deadline_a_task_is_overdue_but_not_before() {
    Instant deadline = at("2026-11-12T09:00", SHANGHAI);

    assertThat(Deadlines.isOverdue(deadline, deadline)).isFalse();
    assertThat(Deadlines.isOverdue(deadline, deadline.plusSeconds(1))).isTrue();
    assertThat(Deadlines.isOverdue(null, deadline)).isFalse();
  }

  @Test
  void branch_limits_count_natural_or_working_days_skipping_weekends_and_holidays() {
    // given handed over on Friday 2026-11-20, with Wednesday 11-25 a holiday
    HolidayCalendar h = HolidayCalendar.of(LocalDate.parse("2026-11-25"));
    Instant handed = at("2026-11-20T15:00", SHANGHAI);

    assertThat(BranchLimit.VERIFICATION.deadline(handed, SHANGHAI, h))
        .isEqualTo(at("2026-11-27T15:00", SHANGHAI));
    // working days: 23, 24, 26, 27, 30, 12-01, 12-02
    assertThat(BranchLimit.IN_PERSON_VISIT.deadline(handed, SHANGHAI, h))
        .isEqualTo(at("2026-12-02T15:00", SHANGHAI));
    assertThat(BranchLimit.FIRST_EXPLANATION.deadline(handed, SHANGHAI, h))
        .isEqualTo(at("2026-12-02T15:00", SHANGHAI));
    // 15 working days: ... 12-03, 04, 07, 08, 09, 10, 11, 14
    assertThat(BranchLimit.FIRST_EXPLANATION_PROXY_SIGNATURE.deadline(handed, SHANGHAI, h))
        .isEqualTo(at("2026-12-14T15:00", SHANGHAI));
  }

  @Test
  void a_branch_case_gets_the_limit_of_its_kind() {
    assertThat(BranchLimit.of(BranchReason.PROBLEM, List.of("MISLEADING")))
        .isEqualTo(BranchLimit.FIRST_EXPLANATION);
    assertThat(BranchLimit.of(BranchReason.PROBLEM, List.of("MISLEADING", "PROXY_SIGNATURE")))
        .isEqualTo(BranchLimit.FIRST_EXPLANATION_PROXY_SIGNATURE);
    assertThat(BranchLimit.of(BranchReason.IN_PERSON_VISIT, List.of()))
        .isEqualTo(BranchLimit.IN_PERSON_VISIT);
    for (BranchReason r :
        List.of(BranchReason.UNREACHABLE, BranchReason.DUPLICATE_NUMBER, BranchReason.REFUSED)) {
      assertThat(BranchLimit.of(r, List.of())).as(r.name()).isEqualTo(BranchLimit.VERIFICATION);
    }
  }
}
