package com.huifang.scheduler.priority;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.phone.DuplicateNumberRule;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CampaignRules;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final CampaignRules RULES =
      CampaignRules.defaults(CampaignKind.NEW_CONTRACT, HolidayCalendar.NONE);
  private static final Instant NOW = at("2026-11-23T08:00");
  private static final PhoneNumber PHONE = PhoneNumber.of("13800000001");

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  private static TaskImport row(CaseType type, Instant appointment, boolean optOut) {
    return new TaskImport(
        "P1",
        "N",
        "H1",
        List.of(PHONE),
        type,
        type == CaseType.PROBLEM ? YearMonth.of(2026, 10) : null,
        at("2026-11-20T09:00"),
        at("2026-11-28T00:00"),
        ProductType.TRADITIONAL,
        "A1",
        null,
        "SZ",
        appointment,
        optOut,
        false,
        null);
  }

  @Test
  void a_new_callback_is_pending_from_the_next_calling_time_with_its_deadline() {
    Admission a = Admission.admit(row(CaseType.NEW, null, false), List.of(), NOW, ZONE, RULES);

    assertThat(a)
        .isEqualTo(
            new Admission(
                TaskState.PENDING,
                null,
                Tier.NEW,
                at("2026-11-28T00:00"),
                at("2026-11-23T10:00"),
                null));
  }

  @Test
  void a_problem_case_of_last_month_is_tier_one_without_a_callback_deadline() {
    Admission a = Admission.admit(row(CaseType.PROBLEM, null, false), List.of(), NOW, ZONE, RULES);

    assertThat(a.tier()).isEqualTo(Tier.LAST_MONTH);
    assertThat(a.deadline()).isNull();
  }

  @Test
  void an_opt_out_is_kept_as_exempt_and_never_due() {
    Admission a = Admission.admit(row(CaseType.NEW, null, true), List.of(), NOW, ZONE, RULES);

    assertThat(a.state()).isEqualTo(TaskState.EXEMPT);
    assertThat(a.dueAt()).isNull();
  }

  @Test
  void a_policy_already_withdrawn_is_kept_as_cancelled_and_never_due() {
    TaskImport r = row(CaseType.NEW, at("2026-11-24T11:00"), true);
    TaskImport withdrawn =
        new TaskImport(
            r.policyNo(),
            r.holderName(),
            r.holderId(),
            r.phones(),
            r.caseType(),
            r.issuedMonth(),
            r.receiptAt(),
            r.coolingOffEnd(),
            r.productType(),
            r.agentCode(),
            r.agentPhone(),
            r.branch(),
            r.appointmentAt(),
            r.optOut(),
            r.selfInsured(),
            at("2026-11-22T16:00"));

    Admission a = Admission.admit(withdrawn, List.of(), NOW, ZONE, RULES);

    assertThat(a)
        .isEqualTo(
            new Admission(TaskState.CANCELLED, null, Tier.NEW, at("2026-11-28T00:00"), null, null));
  }

  @Test
  void the_third_holder_of_a_number_is_sent_to_the_branch_on_import() {
    var findings =
        DuplicateNumberRule.check(
            List.of(PHONE), "H1", Map.of(PHONE.canonical(), Set.of("H7", "H8")), null, false);

    Admission a = Admission.admit(row(CaseType.NEW, null, false), findings, NOW, ZONE, RULES);

    assertThat(a.state()).isEqualTo(TaskState.AT_BRANCH);
    assertThat(a.branchReason()).isEqualTo(BranchReason.DUPLICATE_NUMBER);
  }

  @Test
  void an_imported_appointment_is_due_at_its_time_or_becomes_a_visit() {
    Instant ok = at("2026-11-24T19:45");
    Admission booked = Admission.admit(row(CaseType.NEW, ok, false), List.of(), NOW, ZONE, RULES);
    Admission visit =
        Admission.admit(
            row(CaseType.NEW, at("2026-11-24T22:00"), false), List.of(), NOW, ZONE, RULES);

    assertThat(booked.dueAt()).isEqualTo(ok);
    assertThat(booked.appointmentAt()).isEqualTo(ok);
    assertThat(visit.state()).isEqualTo(TaskState.AT_BRANCH);
    assertThat(visit.branchReason()).isEqualTo(BranchReason.IN_PERSON_VISIT);
  }
}
