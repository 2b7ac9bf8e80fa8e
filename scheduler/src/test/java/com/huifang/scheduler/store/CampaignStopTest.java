package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.ControlAction;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.SummaryReason;
import com.huifang.scheduler.task.SummaryResult;
import com.huifang.scheduler.task.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A supervisor's stop cancels the campaign's unsettled tasks, and the history says from what. */
@Timeout(60)
class CampaignStopTest {

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void a_stop_cancels_tasks_in_the_pool_and_at_the_branch_and_records_where_each_was() {
    Campaign c = fx.campaign("stopped");
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("S-1", "H-S1", "13900000501"),
                // three holders of one number: all at the branch
                newTask("S-2", "H-S2", "13900000502"),
                newTask("S-3", "H-S3", "13900000502"),
                newTask("S-4", "H-S4", "13900000502")),
            MONDAY_11)
        .await();

    fx.campaigns.control(c.id(), ControlAction.STOP, "lin", "supervisor", MONDAY_11).await();

    List<String> moves =
        fx
            .pool
            .query(
                "SELECT t.policy_no || ' ' || h.old_state || '>' || h.new_state || ' ' || h.actor"
                    + " FROM task_history h JOIN task t ON t.id = h.task_id"
                    + " WHERE h.cause = 'CAMPAIGN_STOPPED' AND t.campaign_id = "
                    + c.id()
                    + " ORDER BY t.policy_no")
            .execute()
            .await()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(moves)
        .containsExactly(
            "S-1 PENDING>CANCELLED lin",
            "S-2 AT_BRANCH>CANCELLED lin",
            "S-3 AT_BRANCH>CANCELLED lin",
            "S-4 AT_BRANCH>CANCELLED lin");
    assertThat(
            fx.count(
                "SELECT count(*) FROM task WHERE state <> 'CANCELLED' AND campaign_id = " + c.id()))
        .isZero();
  }

  @Test
  void tasks_whose_calls_were_in_flight_at_the_stop_are_cancelled_when_the_calls_end() {
    Campaign c = fx.campaign("stopped mid-call");
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("F-1", "H-F1", "13900000511", "13900000512"),
                newTask("F-2", "H-F2", "13900000513")),
            MONDAY_11)
        .await();
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    LeasedCall busy = calls.get(0);
    LeasedCall answered = calls.get(1);
    fx.attempts
        .markDialing(busy.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(600))
        .await();
    fx.answeredByAgent2001(answered);

    fx.campaigns.control(c.id(), ControlAction.STOP, "lin", "supervisor", MONDAY_11).await();
    fx.attempts
        .complete(
            busy.attemptId(),
            new CallReport(
                Outcome.BUSY, 17, "BUSY", "pbx1", null, MONDAY_11, null, MONDAY_11.plusSeconds(9)),
            MONDAY_11.plusSeconds(130))
        .await();
    fx.attempts
        .summary(
            answered.attemptId(),
            new AgentSummary(
                SummaryResult.RETRY,
                SummaryReason.INCONVENIENT,
                List.of(),
                null,
                false,
                false,
                null),
            "2001",
            MONDAY_11.plusSeconds(200))
        .await();

    for (LeasedCall call : calls) {
      long task = call.policies().getFirst().taskId();
      assertThat(fx.tasks.get(task).await().orElseThrow().state())
          .as(call.policyNos().toString())
          .isEqualTo(TaskState.CANCELLED);
      assertThat(
              fx.count(
                  "SELECT count(*) FROM task_history WHERE cause = 'CAMPAIGN_STOPPED'"
                      + " AND new_state = 'CANCELLED' AND task_id = "
                      + task))
          .isEqualTo(1);
    }
  }
}
