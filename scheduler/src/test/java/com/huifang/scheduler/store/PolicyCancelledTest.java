package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.cancelled;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.task.TaskState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A policy withdrawn or surrendered (撤单/退保) before its callback: the import says so, and the task
 * is never called again, whether it waits in the pool, is at the branch or is being dialled.
 */
@Timeout(60)
class PolicyCancelledTest {

  private static final Instant WITHDRAWN = MONDAY_11.minusSeconds(3_600);

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  private static StoredTask only(Campaign c, String policy) {
    long id =
        fx.count(
            "SELECT id FROM task WHERE campaign_id = "
                + c.id()
                + " AND policy_no = '"
                + policy
                + "'");
    return fx.tasks.get(id).await().orElseThrow();
  }

  private static List<String> causes(StoredTask t) {
    return fx
        .pool
        .query("SELECT cause FROM task_history WHERE task_id = " + t.id() + " ORDER BY id")
        .execute()
        .await()
        .stream()
        .map(r -> r.getString("cause"))
        .toList();
  }

  @Test
  void a_policy_imported_as_cancelled_is_kept_and_never_dialled() {
    Campaign c = fx.campaign("cancelled on import");

    TaskStore.Imported r =
        fx.tasks
            .importRows(
                c,
                List.of(
                    cancelled(newTask("X-1", "H-X1", "13900000401"), WITHDRAWN),
                    newTask("X-2", "H-X2", "13900000402")),
                MONDAY_11)
            .await();

    assertThat(r.cancelled()).isEqualTo(1);
    StoredTask gone = only(c, "X-1");
    assertThat(gone.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(gone.cancelledAt()).isEqualTo(WITHDRAWN);
    assertThat(gone.nextDueAt()).isNull();
    assertThat(causes(gone)).containsExactly("POLICY_CANCELLED");
    assertThat(fx.lease(c, 10, "n1", MONDAY_11))
        .flatExtracting(LeasedCall::policyNos)
        .containsExactly("X-2");
  }

  @Test
  void a_cancellation_ends_a_task_in_the_pool_and_a_case_at_the_branch_and_stands() {
    Campaign c = fx.campaign("cancelled later");
    TaskImport waiting = newTask("Y-1", "H-Y1", "13900000411");
    // three holders share a number: all three go to the branch
    TaskImport shared = newTask("Y-2", "H-Y2", "13900000412");
    fx.tasks
        .importRows(
            c,
            List.of(
                waiting,
                shared,
                newTask("Y-3", "H-Y3", "13900000412"),
                newTask("Y-4", "H-Y4", "13900000412")),
            MONDAY_11)
        .await();
    assertThat(only(c, "Y-2").state()).isEqualTo(TaskState.AT_BRANCH);

    TaskStore.Imported r =
        fx.tasks
            .importRows(
                c,
                List.of(cancelled(waiting, WITHDRAWN), cancelled(shared, WITHDRAWN)),
                MONDAY_11.plusSeconds(60))
            .await();
    // the insurer's next file no longer says so: a cancellation is not undone by omission
    fx.tasks.importRows(c, List.of(waiting), MONDAY_11.plusSeconds(120)).await();

    assertThat(r).isEqualTo(new TaskStore.Imported(0, 2, 0, 0, 2, 0));
    for (String policy : List.of("Y-1", "Y-2")) {
      StoredTask t = only(c, policy);
      assertThat(t.state()).as(policy).isEqualTo(TaskState.CANCELLED);
      assertThat(t.cancelledAt()).as(policy).isEqualTo(WITHDRAWN);
      assertThat(t.nextDueAt()).as(policy).isNull();
      assertThat(t.branchReason()).as(policy).isNull();
      assertThat(causes(t)).as(policy).endsWith("POLICY_CANCELLED");
    }
    assertThat(only(c, "Y-3").state()).isEqualTo(TaskState.AT_BRANCH);
    assertThat(fx.lease(c, 10, "n1", MONDAY_11.plusSeconds(7 * 3_600))).isEmpty();
  }

  @Test
  void a_call_in_flight_when_the_policy_is_cancelled_ends_the_task_with_its_outcome() {
    Campaign c = fx.campaign("cancelled mid-call");
    TaskImport row = newTask("Z-1", "H-Z1", "13900000421", "13900000422");
    fx.tasks.importRows(c, List.of(row), MONDAY_11).await();
    LeasedCall call = fx.lease(c, 1, "n1", MONDAY_11).getFirst();
    fx.attempts
        .markDialing(call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(600))
        .await();

    fx.tasks.importRows(c, List.of(cancelled(row, WITHDRAWN)), MONDAY_11.plusSeconds(5)).await();
    assertThat(only(c, "Z-1").state()).isEqualTo(TaskState.DIALING);
    fx.attempts
        .complete(
            call.attemptId(),
            new CallReport(
                Outcome.BUSY, 17, "BUSY", "pbx1", null, MONDAY_11, null, MONDAY_11.plusSeconds(10)),
            MONDAY_11.plusSeconds(10))
        .await();

    StoredTask t = only(c, "Z-1");
    assertThat(t.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(t.nextDueAt()).isNull();
    assertThat(causes(t)).endsWith("LEASED", "POLICY_CANCELLED");
    assertThat(
            fx.count(
                "SELECT count(*) FROM attempt WHERE id = '"
                    + call.attemptId()
                    + "' AND outcome = 'BUSY'"))
        .isEqualTo(1);
    assertThat(fx.lease(c, 10, "n1", MONDAY_11.plusSeconds(7 * 3_600))).isEmpty();
  }
}
