package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static com.huifang.scheduler.store.StoreFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outcomes of calls the store leased itself are written in one statement from the tasks the lease
 * returned; whatever moved a task or its campaign meanwhile sends the outcome the long way, and the
 * two ways write the same rows.
 */
@Timeout(60)
class HeldOutcomesTest {

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void a_held_calls_outcome_writes_the_same_rows_as_the_long_way() {
    Campaign c = fx.campaign("held same rows");
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("S-1", "H-S1", "13500000001", "13600000001"),
                newTask("S-2", "H-S2", "13500000002", "13600000002"),
                newTask("S-3", "H-S3", "13500000003", "13600000003")),
            MONDAY_11)
        .await();
    List<LeasedCall> calls = fx.lease(c, 3, "n1", MONDAY_11);
    assertThat(calls).hasSize(3);
    calls.forEach(fx::mark);
    AttemptStore otherNode = new AttemptStore(fx.pool, HolidayCalendar.NONE);
    long held = fx.attempts.outcomesFromHeldCalls();
    long longWay = fx.attempts.outcomesTheLongWay();

    // the first outcome reads the campaign; the second is decided from what the lease returned
    AttemptStore.Result first = busy(fx.attempts, calls.get(0));
    assertThat(fx.attempts.outcomesFromHeldCalls()).isEqualTo(held);
    assertThat(fx.attempts.outcomesTheLongWay()).isEqualTo(longWay + 1);
    AttemptStore.Result second = busy(fx.attempts, calls.get(1));
    assertThat(fx.attempts.outcomesFromHeldCalls()).isEqualTo(held + 1);
    assertThat(fx.attempts.outcomesTheLongWay()).isEqualTo(longWay + 1);
    // a store that did not lease the call records it the long way
    AttemptStore.Result third = busy(otherNode, calls.get(2));
    assertThat(otherNode.outcomesFromHeldCalls()).isZero();

    for (int i = 0; i < 3; i++) {
      LeasedCall call = calls.get(i);
      assertThat(List.of(first, second, third).get(i))
          .isEqualTo(
              new AttemptStore.Result.Applied(
                  List.of(
                      new Transition(
                          taskId(call),
                          TaskState.DIALING,
                          TaskState.PENDING,
                          "OUTCOME_BUSY",
                          call.attemptId()))));
    }
    List<List<Object>> written = new ArrayList<>();
    for (LeasedCall call : calls) {
      written.add(rowsOf(call));
    }
    assertThat(written.get(1)).isEqualTo(written.get(0)).isEqualTo(written.get(2));
    assertThat(written.getFirst().getFirst())
        .as("the task's row: next number of the same pass, no attempt")
        .isEqualTo(
            List.of("PENDING", 1, 1, "BUSY", "2026-11-23 03:00:00", "2026-11-23 03:00:30", "true"));
  }

  @Test
  void a_task_re_imported_while_its_call_is_up_is_recorded_from_the_database() {
    Campaign c = fx.campaign("held re-import");
    YearMonth october = YearMonth.of(2026, 10);
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("R-1", "H-R1", "13500000011", "13600000011"),
                newTask("R-2", "H-R2", "13500000012", "13600000012")),
            MONDAY_11)
        .await();
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    calls.forEach(fx::mark);
    busy(fx.attempts, calls.get(0));
    long held = fx.attempts.outcomesFromHeldCalls();
    LeasedCall up = calls.get(1);
    // the branch re-sends the policy as a verification case while it is being dialled
    fx.tasks
        .importRows(
            c,
            List.of(
                task(
                    up.policyNos().getFirst(),
                    up.holderId(),
                    CaseType.VERIFICATION,
                    october,
                    ProductType.TRADITIONAL,
                    "13500000012",
                    "13600000012")),
            MONDAY_11.plusSeconds(10))
        .await();

    assertThat(busy(fx.attempts, up)).isInstanceOf(AttemptStore.Result.Applied.class);

    assertThat(fx.attempts.outcomesFromHeldCalls()).isEqualTo(held);
    StoredTask after = fx.tasks.get(taskId(up)).await().orElseThrow();
    assertThat(after.tier()).as("the re-import's tier is kept").isEqualTo(Tier.VERIFICATION);
    assertThat(after.caseType()).isEqualTo(CaseType.VERIFICATION);
    assertThat(after.state()).isEqualTo(TaskState.PENDING);
    assertThat(after.phoneIndex()).isEqualTo(1);
  }

  @Test
  void a_campaign_changed_while_a_call_is_up_decides_its_outcome_by_the_new_settings() {
    Campaign c = fx.campaign("held settings");
    importTwo(c, "P", 13500000021L);
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    calls.forEach(fx::mark);
    assertThat(transitionTo(noAnswer(calls.get(0)))).isEqualTo(TaskState.PENDING);
    long held = fx.attempts.outcomesFromHeldCalls();
    CampaignSettings s = c.settings();
    CampaignSettings onePass =
        new CampaignSettings(
            s.name(),
            s.kind(),
            s.timezone(),
            s.callingHours(),
            1,
            s.passInterval(),
            s.ringTimeout(),
            s.dailyCap(),
            s.pacing(),
            s.maxChannels(),
            s.agentGroup());
    fx.campaigns.update(c.id(), onePass, "sup", "SUPERVISOR", MONDAY_11.plusSeconds(5)).await();

    assertThat(transitionTo(noAnswer(calls.get(1))))
        .as("one pass only now: the task goes to the branch")
        .isEqualTo(TaskState.AT_BRANCH);

    assertThat(fx.attempts.outcomesFromHeldCalls()).isEqualTo(held);
    assertThat(fx.tasks.get(taskId(calls.get(1))).await().orElseThrow().branchReason())
        .isEqualTo(BranchReason.UNREACHABLE);
  }

  @Test
  void a_held_call_whose_lease_ran_out_is_reconciled_by_its_late_outcome() {
    Campaign c = fx.campaign("held expired");
    importTwo(c, "E", 13500000031L);
    List<LeasedCall> calls =
        fx.attempts.lease(c.id(), 2, "n1", MONDAY_11, Duration.ofSeconds(10)).await();
    calls.forEach(fx::mark);
    busy(fx.attempts, calls.get(0));
    long held = fx.attempts.outcomesFromHeldCalls();
    fx.attempts.expire(MONDAY_11.plusSeconds(301)).await();

    AttemptStore.Result late = noAnswer(calls.get(1));

    assertThat(fx.attempts.outcomesFromHeldCalls()).isEqualTo(held);
    assertThat(late)
        .isEqualTo(
            new AttemptStore.Result.Applied(
                List.of(
                    new Transition(
                        taskId(calls.get(1)),
                        TaskState.UNRESOLVED,
                        TaskState.PENDING,
                        "OUTCOME_NO_ANSWER",
                        calls.get(1).attemptId()))));
  }

  @Test
  void a_call_marked_through_another_store_keeps_the_dial_time_the_database_has() {
    Campaign c = fx.campaign("held marked elsewhere");
    importTwo(c, "D", 13500000041L);
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    fx.mark(calls.get(0));
    busy(fx.attempts, calls.get(0));
    long held = fx.attempts.outcomesFromHeldCalls();
    Instant dialled = MONDAY_11.plusSeconds(7);
    // the same node restarted its store between the lease and the dial
    AttemptStore restarted = new AttemptStore(fx.pool, HolidayCalendar.NONE);
    assertThat(
            restarted
                .markDialing(
                    calls.get(1).attemptId(), "n1", "pbx1", dialled, dialled.plusSeconds(60))
                .await())
        .isTrue();

    busy(fx.attempts, calls.get(1));

    assertThat(fx.attempts.outcomesFromHeldCalls()).isEqualTo(held);
    assertThat(fx.tasks.get(taskId(calls.get(1))).await().orElseThrow().passStarts())
        .containsExactly(dialled);
  }

  @Test
  void the_held_outcome_and_the_dial_mark_read_attempts_tasks_and_campaigns_by_their_keys() {
    SqlConnection conn = fx.pool.getConnection().await();
    try {
      conn.query(StorePool.BEGIN_HOT_PATH).execute().await();
      conn.query(
              "PREPARE close_held (jsonb, bigint[], timestamptz[], text[], text[], text[], uuid[],"
                  + " text[], uuid[], text[], int[], text[], text[], text[], timestamptz[],"
                  + " timestamptz[], timestamptz[], timestamptz[], bigint[], bigint, bigint) AS "
                  + Completions.CLOSE_HELD)
          .execute()
          .await();
      String one = "'{00000000-0000-0000-0000-000000000001}'";
      String none = "'{NULL}'";
      String execute =
          "EXECUTE close_held('[{\"id\": 1, \"read_state\": \"DIALING\", \"read_version\": 1}]',"
              + " '{1}', "
              + String.join(", ", java.util.Collections.nCopies(4, none))
              + ", "
              + one
              + ", "
              + none
              + ", "
              + one
              + ", '{NO_ANSWER}', "
              + String.join(", ", java.util.Collections.nCopies(8, none))
              + ", '{1}', 1, 1)";
      JsonObject plan = Plans.plan(conn, execute);
      assertThat(plan.encode()).as("one plan kept for every execution").contains("$1");
      List<JsonObject> nodes = Plans.nodes(plan);
      conn.query(
              "PREPARE mark (uuid[], text[], text[], timestamptz[], timestamptz[], text[]) AS "
                  + AttemptStore.MARK_DIALING)
          .execute()
          .await();
      JsonObject markPlan =
          Plans.plan(
              conn,
              "EXECUTE mark("
                  + one
                  + ", '{n1}', '{pbx1}', "
                  + none
                  + ", "
                  + none
                  + ", '{LEASED}')");
      assertThat(Plans.nodes(markPlan))
          .as("the dial mark reads the attempts it names, not every open one")
          .extracting(n -> n.getString("Index Name"))
          .filteredOn(Objects::nonNull)
          .containsOnly("attempt_pkey");
      assertThat(nodes).extracting(n -> n.getString("Node Type")).doesNotContain("Seq Scan");
      assertThat(nodes.stream().map(n -> n.getString("Index Name")).filter(Objects::nonNull))
          .as("an outcome reads only the rows it names")
          .containsOnly("attempt_pkey", "task_pkey", "campaign_pkey");
    } finally {
      conn.query("ROLLBACK").execute().await();
      conn.query("DEALLOCATE close_held").execute().await();
      conn.query("DEALLOCATE mark").execute().await();
      conn.close().await();
    }
  }

  /**
   * Imports {@code prefix}-1 and {@code prefix}-2 of two holders, dialling {@code firstPhone} and
   * the number after it.
   */
  private static void importTwo(Campaign c, String prefix, long firstPhone) {
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask(prefix + "-1", "H-" + prefix + "1", Long.toString(firstPhone)),
                newTask(prefix + "-2", "H-" + prefix + "2", Long.toString(firstPhone + 1))),
            MONDAY_11)
        .await();
  }

  private static AttemptStore.Result busy(AttemptStore store, LeasedCall call) {
    return store
        .complete(
            call.attemptId(),
            CallReport.of(Outcome.BUSY, MONDAY_11, MONDAY_11.plusSeconds(30)),
            MONDAY_11.plusSeconds(30))
        .await();
  }

  private static AttemptStore.Result noAnswer(LeasedCall call) {
    return fx.attempts
        .complete(
            call.attemptId(),
            CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(30)),
            MONDAY_11.plusSeconds(30))
        .await();
  }

  private static TaskState transitionTo(AttemptStore.Result r) {
    assertThat(r).isInstanceOf(AttemptStore.Result.Applied.class);
    return ((AttemptStore.Result.Applied) r).transitions().getFirst().to();
  }

  private static long taskId(LeasedCall call) {
    return call.policies().getFirst().taskId();
  }

  /** The task's scheduling columns, its history and its attempt, without ids and names. */
  private static List<Object> rowsOf(LeasedCall call) {
    Row task =
        fx.pool
            .preparedQuery(
                "SELECT state, pass_no, phone_index, last_outcome, array_to_string(ARRAY("
                    + "SELECT to_char(s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                    + " FROM unnest(pass_starts) s), ','),"
                    + " to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),"
                    + " (attempt_id IS NULL)::text FROM task WHERE id = $1")
            .execute(Tuple.of(taskId(call)))
            .await()
            .iterator()
            .next();
    List<Object> taskColumns = new ArrayList<>();
    for (int i = 0; i < task.size(); i++) {
      taskColumns.add(task.getValue(i));
    }
    List<String> history = new ArrayList<>();
    fx.pool
        .preparedQuery(
            "SELECT concat_ws(' ', at, old_state, new_state, cause, actor,"
                + " attempt_id = $2) FROM task_history WHERE task_id = $1 ORDER BY id")
        .execute(Tuple.of(taskId(call), call.attemptId()))
        .await()
        .forEach(r -> history.add(r.getString(0)));
    Row attempt =
        fx.pool
            .preparedQuery(
                "SELECT concat_ws(' ', state, outcome, pbx, dialed_at, ended_at, lease_owner)"
                    + " FROM attempt WHERE id = $1")
            .execute(Tuple.of(call.attemptId()))
            .await()
            .iterator()
            .next();
    return List.of(taskColumns, history, attempt.getString(0));
  }
}
