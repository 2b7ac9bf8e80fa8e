package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.report.MonthlyReport;
import com.huifang.scheduler.report.Rate;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.SummaryResult;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The monthly report's problem-case figures, from what the stores recorded on real PostgreSQL. */
@Timeout(60)
class ReportStoreTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void a_problem_case_counts_by_the_agents_words_and_is_resolved_when_the_branch_returns_it() {
    Campaign c = fx.campaign("report problems");
    fx.tasks.importRows(c, List.of(newTask("Q-1", "H-Q1", "13900000901")), MONDAY_11).await();
    LeasedCall call = fx.lease(c, 1, "n1", MONDAY_11).getFirst();
    fx.answeredByAgent2001(call);
    fx.attempts
        .summary(
            call.attemptId(),
            new AgentSummary(
                SummaryResult.PROBLEM,
                null,
                List.of("MISLEADING"),
                null,
                false,
                false,
                "客户不知道所购为保险产品"),
            "2001",
            MONDAY_11.plusSeconds(200))
        .await();
    Instant beforeReturn = MONDAY_11.plusSeconds(3_600);
    Instant returned = MONDAY_11.plusSeconds(7_200);
    assertThat(
            fx.tasks
                .returnFromBranch(
                    call.policies().getFirst().taskId(),
                    List.of(PhoneNumber.of("13900000902")),
                    null,
                    "branch",
                    returned)
                .await())
        .isInstanceOf(TaskStore.BranchResult.Done.class);

    MonthlyReport open = report(c, beforeReturn);
    MonthlyReport resolved = report(c, returned.plusSeconds(60));

    assertThat(open.problemsByCause()).containsOnlyKeys("客户不知道所购为保险产品");
    assertThat(open.problemsByCategory()).containsOnlyKeys("MISLEADING");
    assertThat(open.openProblems())
        .extracting(Rate::numerator, Rate::denominator)
        .containsExactly(1L, 1L);
    assertThat(resolved.openProblems().numerator()).isZero();
    assertThat(resolved.problemCompletionRate())
        .extracting(Rate::numerator, Rate::denominator)
        .containsExactly(1L, 1L);
    // the return cleared the task's categories; the report keeps the ones the agent gave
    assertThat(resolved.problemsByCategory()).containsOnlyKeys("MISLEADING");
  }

  @Test
  void a_policy_withdrawn_before_its_callback_is_taken_out_of_the_callbacks_due() {
    Campaign c = fx.campaign("report cancellations");
    var reached = newTask("R-1", "H-R1", "13900000911");
    var withdrawn = newTask("R-2", "H-R2", "13900000912");
    var unreached = newTask("R-3", "H-R3", "13900000913");
    fx.tasks.importRows(c, List.of(reached, withdrawn, unreached), MONDAY_11).await();
    LeasedCall call =
        fx.lease(c, 3, "n1", MONDAY_11).stream()
            .filter(l -> l.policyNos().equals(List.of("R-1")))
            .findFirst()
            .orElseThrow();
    fx.answeredByAgent2001(call);
    fx.attempts
        .summary(
            call.attemptId(),
            new AgentSummary(SummaryResult.STANDARD, null, List.of(), null, false, false, null),
            "2001",
            MONDAY_11.plusSeconds(200))
        .await();
    Instant cancelledAt = MONDAY_11.plusSeconds(1_800);
    fx.tasks
        .importRows(
            c,
            List.of(StoreFixture.cancelled(withdrawn, cancelledAt)),
            MONDAY_11.plusSeconds(3_600))
        .await();

    MonthlyReport before = report(c, cancelledAt.minusSeconds(1));
    MonthlyReport after = report(c, MONDAY_11.plusSeconds(7_200));

    assertThat(before.cancelledBeforeCallback()).isZero();
    assertThat(before.successRate())
        .extracting(Rate::numerator, Rate::denominator)
        .containsExactly(1L, 3L);
    assertThat(after.due()).isEqualTo(3);
    assertThat(after.cancelledBeforeCallback()).isEqualTo(1);
    assertThat(after.successRate())
        .extracting(Rate::numerator, Rate::denominator)
        .containsExactly(1L, 2L);
  }

  private static MonthlyReport report(Campaign c, Instant asOf) {
    return new ReportStore(fx.pool).monthly(NOVEMBER, SHANGHAI, asOf, c.id()).await();
  }
}
