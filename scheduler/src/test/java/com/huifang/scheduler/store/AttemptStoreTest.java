package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static com.huifang.scheduler.store.StoreFixture.newTasks;
import static com.huifang.scheduler.store.StoreFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.ControlAction;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.AgentSummary;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.SummaryResult;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class AttemptStoreTest {

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void concurrent_leasers_never_get_the_same_task() {
    Campaign c = fx.campaign("concurrent");
    fx.tasks.importRows(c, newTasks("C-", "139", 300), MONDAY_11).await();

    List<Long> seen = new ArrayList<>();
    for (int round = 0; round < 20 && seen.size() < 300; round++) {
      List<Future<List<LeasedCall>>> batch = new ArrayList<>();
      for (int node = 0; node < 8; node++) {
        // small batches read the front only; larger ones read a slice when the front is taken
        int n = node % 2 == 0 ? 7 : HandOut.SLICED_FROM + 2;
        batch.add(fx.attempts.lease(c.id(), n, "node-" + node, MONDAY_11, Duration.ofMinutes(5)));
      }
      Future.all(batch).await();
      for (Future<List<LeasedCall>> f : batch) {
        f.result().forEach(call -> call.policies().forEach(p -> seen.add(p.taskId())));
      }
    }

    assertThat(seen).hasSize(300).doesNotHaveDuplicates();
    assertThat(fx.count("SELECT count(*) FROM attempt WHERE campaign_id = " + c.id()))
        .isEqualTo(300);
    assertThat(
            fx.count(
                "SELECT count(*) FROM task_history h JOIN task t ON t.id = h.task_id"
                    + " WHERE t.campaign_id = "
                    + c.id()
                    + " AND h.cause = 'LEASED'"))
        .isEqualTo(300);
  }

  @Test
  void hand_out_follows_tiers_then_deadline_and_appointments_come_first() {
    Campaign c = fx.campaign("order");
    YearMonth last = YearMonth.of(2026, 10);
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("O-NEW", "H-O1", "13900000001"),
                task(
                    "O-OLD",
                    "H-O2",
                    CaseType.PROBLEM,
                    YearMonth.of(2026, 3),
                    ProductType.TRADITIONAL,
                    "13900000002"),
                task(
                    "O-LAST",
                    "H-O3",
                    CaseType.PROBLEM,
                    last,
                    ProductType.TRADITIONAL,
                    "13900000003"),
                task(
                    "O-VER",
                    "H-O4",
                    CaseType.VERIFICATION,
                    last,
                    ProductType.TRADITIONAL,
                    "13900000004"),
                task(
                    "O-BEFORE",
                    "H-O5",
                    CaseType.SUB_STANDARD,
                    YearMonth.of(2026, 9),
                    ProductType.TRADITIONAL,
                    "13900000005")),
            MONDAY_11)
        .await();

    List<String> order = new ArrayList<>();
    fx.lease(c, 10, "n1", MONDAY_11).forEach(call -> order.addAll(call.policyNos()));

    assertThat(order).containsExactly("O-VER", "O-LAST", "O-BEFORE", "O-OLD", "O-NEW");
  }

  @Test
  void a_paused_campaign_hands_out_nothing_until_resumed() {
    Campaign c = fx.campaign("paused");
    fx.tasks.importRows(c, List.of(newTask("P-1", "H-P1", "13900000011")), MONDAY_11).await();
    fx.campaigns.control(c.id(), ControlAction.PAUSE, "lin", "supervisor", MONDAY_11).await();

    assertThat(fx.lease(c, 5, "n1", MONDAY_11)).isEmpty();

    fx.campaigns.control(c.id(), ControlAction.RESUME, "lin", "supervisor", MONDAY_11).await();
    assertThat(fx.lease(c, 5, "n1", MONDAY_11)).hasSize(1);
    assertThat(fx.campaigns.auditTrail(c.id()).await())
        .extracting(j -> j.getString("action"))
        .containsExactly("PAUSE", "RESUME");
  }

  @Test
  void one_call_per_policyholder_in_questionnaire_order() {
    Campaign c = fx.campaign("merged");
    fx.tasks
        .importRows(
            c,
            List.of(
                task("M-U", "H-M", CaseType.NEW, null, ProductType.UNIVERSAL, "13900000021"),
                task("M-T", "H-M", CaseType.NEW, null, ProductType.TRADITIONAL, "13900000021"),
                task("M-P", "H-M", CaseType.NEW, null, ProductType.PARTICIPATING, "13900000021")),
            MONDAY_11)
        .await();

    List<LeasedCall> calls = fx.lease(c, 1, "n1", MONDAY_11);

    assertThat(calls)
        .singleElement()
        .satisfies(call -> assertThat(call.policyNos()).containsExactly("M-T", "M-P", "M-U"));
  }

  @Test
  void a_holders_policy_imported_later_joins_the_call_of_the_one_imported_first() {
    Campaign c = fx.campaign("merged later");
    fx.tasks
        .importRows(
            c,
            List.of(task("L-U", "H-L", CaseType.NEW, null, ProductType.UNIVERSAL, "13977700041")),
            MONDAY_11)
        .await();
    fx.tasks
        .importRows(
            c,
            List.of(
                task("L-T", "H-L", CaseType.NEW, null, ProductType.TRADITIONAL, "13977700041"),
                newTask("L-X", "H-LX", "13977700042")),
            MONDAY_11)
        .await();

    // one task a lease: the holder's second policy comes only through the sibling lookup
    List<LeasedCall> calls = new ArrayList<>(fx.lease(c, 1, "n1", MONDAY_11));
    calls.addAll(fx.lease(c, 1, "n1", MONDAY_11));

    assertThat(calls)
        .extracting(LeasedCall::policyNos)
        .containsExactlyInAnyOrder(List.of("L-T", "L-U"), List.of("L-X"));
    assertThat(
            fx.count("SELECT count(*) FROM task WHERE holder_shared AND campaign_id = " + c.id()))
        .as("only the holder with two policies is looked up for siblings")
        .isEqualTo(2);
  }

  @Test
  void busy_moves_to_the_next_number_and_an_empty_number_is_struck() {
    Campaign c = fx.campaign("outcomes");
    fx.tasks
        .importRows(c, List.of(newTask("X-1", "H-X1", "13900000031", "13900000032")), MONDAY_11)
        .await();
    LeasedCall first = fx.lease(c, 1, "n1", MONDAY_11).getFirst();
    assertThat(first.phoneIndex()).isZero();
    assertThat(
            fx.attempts
                .markDialing(first.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300))
                .await())
        .isTrue();

    fx.attempts
        .complete(first.attemptId(), CallReport.of(Outcome.BUSY, MONDAY_11, MONDAY_11), MONDAY_11)
        .await();
    LeasedCall second = fx.lease(c, 1, "n1", MONDAY_11.plusSeconds(1)).getFirst();
    assertThat(second.phoneIndex()).isEqualTo(1);

    fx.attempts
        .complete(
            second.attemptId(),
            CallReport.of(Outcome.EMPTY_NUMBER, MONDAY_11, MONDAY_11.plusSeconds(2)),
            MONDAY_11.plusSeconds(2))
        .await();
    StoredTask after = fx.tasks.get(first.policies().getFirst().taskId()).await().orElseThrow();

    assertThat(after.struck()).containsExactly(1);
    assertThat(after.state()).isEqualTo(TaskState.PENDING);
    assertThat(after.passNo()).isEqualTo(2);
    assertThat(after.phoneIndex()).isZero();
    assertThat(after.nextDueAt()).isAfter(MONDAY_11.plusSeconds(2));
  }

  @Test
  void a_task_waiting_for_its_next_pass_is_out_of_the_hand_out_until_its_time_comes() {
    Campaign c = fx.campaign("waiting");
    fx.tasks.importRows(c, List.of(newTask("W-1", "H-W1", "13700000041")), MONDAY_11).await();
    LeasedCall call = fx.lease(c, 1, "n1", MONDAY_11).getFirst();
    long taskId = call.policies().getFirst().taskId();
    assertThat(ready(taskId)).as("a new task is ready at once").isTrue();
    fx.attempts
        .markDialing(call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300))
        .await();

    fx.attempts
        .complete(call.attemptId(), CallReport.of(Outcome.BUSY, MONDAY_11, MONDAY_11), MONDAY_11)
        .await();
    Instant due = fx.tasks.get(taskId).await().orElseThrow().nextDueAt();

    assertThat(due).isAfter(MONDAY_11.plusSeconds(60));
    assertThat(ready(taskId))
        .as("waiting for the next pass, outside the hand-out's index")
        .isFalse();
    assertThat(fx.lease(c, 1, "n1", due.minusSeconds(1))).isEmpty();
    LeasedCall next = fx.lease(c, 1, "n1", due).getFirst();
    assertThat(next.policies().getFirst().taskId()).isEqualTo(taskId);
    assertThat(next.passNo()).isEqualTo(2);
    assertThat(ready(taskId)).isTrue();
  }

  private static boolean ready(long taskId) {
    return fx.pool
        .preparedQuery("SELECT ready FROM task WHERE id = $1")
        .execute(Tuple.of(taskId))
        .await()
        .iterator()
        .next()
        .getBoolean(0);
  }

  @Test
  void outside_calling_hours_only_booked_appointments_are_handed_out() {
    Campaign c = fx.campaign("appointments only");
    // Tuesday 09:00 in Shanghai, booked on the customer's request before calling hours open
    Instant nineTuesday = Instant.parse("2026-11-24T01:00:00Z");
    TaskImport booked =
        new TaskImport(
            "AP-1",
            "客户",
            "H-AP1",
            List.of(PhoneNumber.of("13900000991")),
            CaseType.NEW,
            null,
            MONDAY_11.minusSeconds(86_400),
            null,
            ProductType.TRADITIONAL,
            "A001",
            null,
            "b",
            nineTuesday,
            false,
            false,
            null);
    fx.tasks
        .importRows(c, List.of(booked, newTask("AP-2", "H-AP2", "13900000992")), MONDAY_11)
        .await();

    List<LeasedCall> calls =
        fx.attempts
            .leaseAppointments(
                c.id(), 16, "n1", nineTuesday.plusSeconds(60), java.time.Duration.ofMinutes(5))
            .await();

    // AP-2 has been due since Monday, but outside calling hours only the booked time is called
    assertThat(calls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.policyNos()).containsExactly("AP-1");
              assertThat(call.appointment()).isTrue();
            });
    assertThat(fx.lease(c, 5, "n1", nineTuesday.plusSeconds(60)))
        .extracting(LeasedCall::policyNos)
        .containsExactly(List.of("AP-2"));
  }

  @Test
  void answered_waits_for_the_summary_and_a_standard_summary_closes() {
    Campaign c = fx.campaign("answered");
    fx.tasks.importRows(c, List.of(newTask("A-1", "H-A1", "13900000041")), MONDAY_11).await();
    LeasedCall call = fx.lease(c, 1, "n1", MONDAY_11).getFirst();
    // who sold the policy comes with the call: that agent may not take it
    assertThat(call.sellers()).containsExactly("A001");
    fx.answeredByAgent2001(call);
    long taskId = call.policies().getFirst().taskId();
    assertThat(fx.tasks.get(taskId).await().orElseThrow().state())
        .isEqualTo(TaskState.AWAITING_SUMMARY);

    AttemptStore.Result result =
        fx.attempts
            .summary(
                call.attemptId(),
                new AgentSummary(
                    SummaryResult.STANDARD, null, List.of(), null, false, true, "客户想退保，已提示"),
                "2001",
                MONDAY_11.plusSeconds(200))
            .await();

    assertThat(result).isInstanceOf(AttemptStore.Result.Applied.class);
    StoredTask done = fx.tasks.get(taskId).await().orElseThrow();
    assertThat(done.state()).isEqualTo(TaskState.DONE);
    assertThat(done.surrenderWarning()).isTrue();
    JsonObject viewed =
        fx.tasks.byPolicy("A-1").await().getJsonObject(0).getJsonArray("attempts").getJsonObject(0);
    assertThat(viewed.getString("summary")).isEqualTo("STANDARD");
    assertThat(viewed.getString("note")).isEqualTo("客户想退保，已提示");
    assertThat(
            fx.attempts
                .summary(
                    call.attemptId(),
                    new AgentSummary(SummaryResult.STANDARD, null, List.of(), null, false, false),
                    "2001",
                    MONDAY_11.plusSeconds(201))
                .await())
        .isInstanceOf(AttemptStore.Result.Stale.class);
    assertThat(
            fx.count(
                "SELECT count(*) FROM task_history WHERE task_id = "
                    + taskId
                    + " AND new_state IN ('DIALING', 'AWAITING_SUMMARY', 'DONE')"))
        .isEqualTo(3);
  }

  @Test
  void a_problem_summary_without_categories_is_refused_and_changes_nothing() {
    Campaign c = fx.campaign("problem");
    fx.tasks.importRows(c, List.of(newTask("Q-1", "H-Q1", "13900000051")), MONDAY_11).await();
    LeasedCall call = fx.lease(c, 1, "n1", MONDAY_11).getFirst();
    fx.attempts
        .complete(
            call.attemptId(),
            CallReport.of(Outcome.ANSWERED, MONDAY_11, MONDAY_11.plusSeconds(60)),
            MONDAY_11)
        .await();

    AttemptStore.Result refused =
        fx.attempts
            .summary(
                call.attemptId(),
                new AgentSummary(SummaryResult.PROBLEM, null, List.of(), null, false, false),
                "2001",
                MONDAY_11)
            .await();
    AttemptStore.Result taken =
        fx.attempts
            .summary(
                call.attemptId(),
                new AgentSummary(
                    SummaryResult.PROBLEM, null, List.of("MIS_SELLING"), null, false, false),
                "2001",
                MONDAY_11)
            .await();

    assertThat(refused)
        .isEqualTo(
            new AttemptStore.Result.Invalid(
                "categories", "a problem case needs at least one category"));
    assertThat(taken).isInstanceOf(AttemptStore.Result.Applied.class);
    StoredTask t = fx.tasks.get(call.policies().getFirst().taskId()).await().orElseThrow();
    assertThat(t.state()).isEqualTo(TaskState.AT_BRANCH);
    assertThat(t.branchReason()).isEqualTo(BranchReason.PROBLEM);
    assertThat(t.categories()).containsExactly("MIS_SELLING");
  }

  @Test
  void a_crash_between_lease_and_dial_never_dials_the_dialled_task_again_before_reconciling() {
    Campaign c = fx.campaign("crash");
    fx.tasks
        .importRows(
            c,
            List.of(newTask("K-1", "H-K1", "13900000061"), newTask("K-2", "H-K2", "13900000062")),
            MONDAY_11)
        .await();
    List<LeasedCall> leased =
        fx.attempts.lease(c.id(), 2, "dead-node", MONDAY_11, Duration.ofSeconds(30)).await();
    assertThat(leased).hasSize(2);
    UUID dialled = leased.getFirst().attemptId();
    fx.attempts
        .markDialing(dialled, "dead-node", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(30))
        .await();
    assertThat(
            fx.attempts
                .markDialing(
                    leased.get(1).attemptId(),
                    "other-node",
                    "pbx1",
                    MONDAY_11,
                    MONDAY_11.plusSeconds(30))
                .await())
        .isFalse();

    Instant later = MONDAY_11.plusSeconds(31);
    assertThat(fx.attempts.expire(later).await()).isEqualTo(2);
    List<LeasedCall> again = fx.lease(c, 5, "live-node", later);

    assertThat(again)
        .singleElement()
        .satisfies(call -> assertThat(call.policyNos()).isEqualTo(leased.get(1).policyNos()));
    assertThat(fx.attempts.unknownAttempts(10).await())
        .extracting(AttemptStore.OpenAttempt::attemptId)
        .containsExactly(dialled);

    fx.attempts.reconcileNotFound(dialled, later).await();
    StoredTask t =
        fx.tasks.get(leased.getFirst().policies().getFirst().taskId()).await().orElseThrow();
    assertThat(t.state()).isEqualTo(TaskState.PENDING);
    assertThat(t.passNo()).isEqualTo(2);
    assertThat(fx.attempts.unknownAttempts(10).await()).isEmpty();
  }

  @Test
  void a_late_outcome_for_an_unknown_attempt_reconciles_it() {
    Campaign c = fx.campaign("late");
    fx.tasks.importRows(c, List.of(newTask("L-1", "H-L1", "13900000071")), MONDAY_11).await();
    LeasedCall call =
        fx.attempts.lease(c.id(), 1, "n1", MONDAY_11, Duration.ofSeconds(10)).await().getFirst();
    fx.attempts
        .markDialing(call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(10))
        .await();
    fx.attempts.expire(MONDAY_11.plusSeconds(11)).await();

    AttemptStore.Result r =
        fx.attempts
            .complete(
                call.attemptId(),
                CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(40)),
                MONDAY_11.plusSeconds(41))
            .await();

    assertThat(r).isInstanceOf(AttemptStore.Result.Applied.class);
    assertThat(((AttemptStore.Result.Applied) r).transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.from()).isEqualTo(TaskState.UNRESOLVED);
              assertThat(t.to()).isEqualTo(TaskState.PENDING);
            });
    assertThat(
            fx.attempts
                .complete(
                    call.attemptId(),
                    CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(40)),
                    MONDAY_11.plusSeconds(42))
                .await())
        .isInstanceOf(AttemptStore.Result.Stale.class);
  }

  @Test
  void renewing_leases_locks_them_in_id_order_as_outcomes_do_so_the_two_never_deadlock()
      throws Exception {
    Campaign c = fx.campaign("renew-order");
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("RO-1", "H-RO1", "13900000095"), newTask("RO-2", "H-RO2", "13900000096")),
            MONDAY_11)
        .await();
    assertThat(fx.lease(c, 2, "ro", MONDAY_11)).hasSize(2);
    List<UUID> ids = new ArrayList<>();
    fx.pool
        .preparedQuery("SELECT id FROM attempt WHERE lease_owner = $1 ORDER BY id")
        .execute(Tuple.of("ro"))
        .await()
        .forEach(r -> ids.add(r.getUUID("id")));
    UUID low = ids.get(0);
    UUID high = ids.get(1);
    // the higher id runs out first, so a walk of the open leases by expiry meets it first
    fx.pool
        .preparedQuery(
            "UPDATE attempt SET lease_until = lease_until - interval '1 s' WHERE id = $1")
        .execute(Tuple.of(high))
        .await();
    SqlConnection outcome = fx.pool.getConnection().await();
    try {
      // an outcome batch holding the lower attempt, as it does when it locks both in id order
      outcome.query("BEGIN").execute().await();
      lockAttempt(outcome, low, "");
      Future<Integer> renewed = fx.attempts.renew("ro", MONDAY_11.plus(Duration.ofMinutes(10)));
      Thread.sleep(300);
      lockAttempt(outcome, high, " NOWAIT");
      outcome.query("COMMIT").execute().await();
      assertThat(renewed.await()).isEqualTo(2);
    } finally {
      outcome.close().await();
    }
  }

  private static void lockAttempt(SqlConnection conn, UUID id, String wait) {
    conn.preparedQuery("SELECT id FROM attempt WHERE id = $1 FOR UPDATE" + wait)
        .execute(Tuple.of(id))
        .await();
  }

  @Test
  void released_attempts_go_back_to_the_pool_at_once() {
    Campaign c = fx.campaign("release");
    fx.tasks.importRows(c, List.of(newTask("R-1", "H-R1", "13900000081")), MONDAY_11).await();
    LeasedCall call = fx.lease(c, 1, "n1", MONDAY_11).getFirst();

    assertThat(fx.attempts.release(call.attemptId(), "n1", MONDAY_11).await()).isTrue();
    Set<Long> again = new HashSet<>();
    fx.lease(c, 1, "n2", MONDAY_11).forEach(x -> again.add(x.policies().getFirst().taskId()));

    assertThat(again).containsExactly(call.policies().getFirst().taskId());
  }

  @Test
  void outcomes_ending_together_are_committed_together_and_a_stale_one_fails_alone() {
    Campaign c = fx.campaign("group-commit");
    List<TaskImport> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(
          newTask("G-" + i, "H-G-" + i, String.format("137%08d", i), String.format("136%08d", i)));
    }
    fx.tasks.importRows(c, rows, MONDAY_11).await();
    List<LeasedCall> calls = fx.lease(c, 120, "n1", MONDAY_11);
    assertThat(calls).hasSize(120);
    List<Future<Boolean>> marked = new ArrayList<>();
    for (LeasedCall call : calls) {
      marked.add(
          fx.attempts.markDialing(
              call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300)));
    }
    assertThat(Future.all(marked).await().list()).containsOnly(true);
    assertThat(
            fx.attempts
                .markDialing(
                    calls.getFirst().attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(1))
                .await())
        .as("an attempt already being dialled is not marked again")
        .isFalse();
    LeasedCall settled = calls.getFirst();
    fx.attempts
        .complete(settled.attemptId(), CallReport.of(Outcome.BUSY, MONDAY_11, MONDAY_11), MONDAY_11)
        .await();
    long historyBefore = fx.count("SELECT count(*) FROM task_history");

    List<Future<AttemptStore.Result>> results = new ArrayList<>();
    for (LeasedCall call : calls) {
      results.add(
          fx.attempts.complete(
              call.attemptId(),
              CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(30)),
              MONDAY_11.plusSeconds(30)));
    }
    UUID nobody = UUID.randomUUID();
    results.add(
        fx.attempts.complete(
            nobody, CallReport.of(Outcome.BUSY, MONDAY_11, MONDAY_11), MONDAY_11.plusSeconds(30)));
    List<AttemptStore.Result> out = new ArrayList<>();
    for (Future<AttemptStore.Result> f : results) {
      out.add(f.await());
    }

    assertThat(out.getFirst()).isEqualTo(new AttemptStore.Result.Stale("the attempt is DONE"));
    assertThat(out.getLast()).isEqualTo(new AttemptStore.Result.NotFound());
    for (int i = 1; i < calls.size(); i++) {
      LeasedCall call = calls.get(i);
      assertThat(out.get(i))
          .isEqualTo(
              new AttemptStore.Result.Applied(
                  List.of(
                      new Transition(
                          call.policies().getFirst().taskId(),
                          TaskState.DIALING,
                          TaskState.PENDING,
                          "OUTCOME_NO_ANSWER",
                          call.attemptId()))));
      StoredTask t = fx.tasks.get(call.policies().getFirst().taskId()).await().orElseThrow();
      assertThat(t.phoneIndex()).as("next number of the same pass").isEqualTo(1);
    }
    assertThat(fx.count("SELECT count(*) FROM task_history") - historyBefore).isEqualTo(119);
    assertThat(
            fx.count(
                "SELECT count(*) FROM attempt WHERE state = 'DONE' AND outcome = 'NO_ANSWER'"
                    + " AND ended_at IS NOT NULL AND pbx = 'pbx1' AND campaign_id = "
                    + c.id()))
        .isEqualTo(119);
  }

  @Test
  void a_hand_out_planned_while_its_campaign_was_empty_walks_the_due_index_once_it_is_full() {
    Campaign c = fx.campaign("planned empty");
    String args =
        "("
            + c.id()
            + ", '2026-11-23T03:00:00Z', 'n1', '{TRADITIONAL}', '2026-11-23T03:05:00Z', 50, 0)";
    SqlConnection conn = fx.pool.getConnection().await();
    try {
      conn.query(
              "PREPARE hand_out (bigint, timestamptz, text, text[], timestamptz, bigint, int) AS "
                  + HandOut.leaseStatement(50))
          .execute()
          .await();
      // past the five executions after which PostgreSQL may keep one plan for all
      for (int i = 0; i < 8; i++) {
        conn.query("EXECUTE hand_out" + args).execute().await();
      }
      fx.pool
          .preparedQuery(
              "INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones, case_type,"
                  + " product_type, state, tier, rank, deadline, next_due_at)"
                  + " SELECT $1, 'PE' || g, 'holder', 'PE' || g, ARRAY['138' || lpad(g::text, 8,"
                  + " '0')], 'NEW', 'TRADITIONAL', 'PENDING', 4, 5, $2::timestamptz + g *"
                  + " interval '1 second', $2::timestamptz - interval '1 hour'"
                  + " FROM generate_series(1, 20000) g")
          .execute(Tuple.of(c.id(), Sql.ts(MONDAY_11)))
          .await();
      fx.tasks.analyzeAfter(new TaskStore.Imported(20_000, 0, 0, 0, 0, 0)).await();
      // the one plan for all executions, whatever the server would choose next
      conn.query("SET plan_cache_mode = force_generic_plan").execute().await();
      JsonObject plan = Plans.plan(conn, "EXECUTE hand_out" + args);
      List<JsonObject> taskScans =
          Plans.nodes(plan).stream()
              .filter(n -> "task".equals(n.getString("Relation Name")))
              .filter(n -> n.getString("Node Type").contains("Scan"))
              .toList();
      assertThat(taskScans)
          .as("every read of the task table goes through an index")
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n.getString("Node Type")).isEqualTo("Index Scan"));
      assertThat(taskScans)
          .extracting(n -> n.getString("Index Name"))
          .as("due tasks are read in hand-out order from the due index and its slices")
          .contains("task_due", "task_due_slice");
    } finally {
      conn.query("RESET plan_cache_mode").execute().await();
      conn.query("DEALLOCATE hand_out").execute().await();
      conn.close().await();
    }
  }

  @Test
  void the_hand_out_stays_prepared_on_its_connection_one_statement_per_read_cap() {
    Campaign c = fx.campaign("kept prepared");
    fx.tasks.importRows(c, newTasks("KP-", "135", 80), MONDAY_11).await();
    Pool one = StorePool.create(fx.vertx, fx.db, 1, "one connection");
    try {
      AttemptStore store = new AttemptStore(one, HolidayCalendar.NONE);
      // 41 to 48 share one read cap, and so one statement
      int[] sizes = {1, HandOut.SLICED_FROM, 41, 48, AttemptStore.MAX_LEASE};
      List<Integer> leased = new ArrayList<>();
      for (int max : sizes) {
        leased.add(store.lease(c.id(), max, "n1", MONDAY_11, Duration.ofMinutes(5)).await().size());
      }
      assertThat(leased)
          .as("each lease takes what it asked for, up to what is due")
          .containsExactly(1, 10, 41, 28, 0);
      long kept =
          one.query(
                  "SELECT count(*) FROM pg_prepared_statements"
                      + " WHERE statement LIKE '%INSERT INTO attempt%'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertThat(kept)
          .as("one hand-out statement kept per read cap, none prepared again on each lease")
          .isEqualTo(4);
    } finally {
      one.close().await();
    }
  }

  @Test
  void the_outcome_statements_kept_plans_read_attempts_tasks_and_campaigns_by_their_keys() {
    String one = "'{00000000-0000-0000-0000-000000000001}'";
    String none = "'{NULL}'";
    SqlConnection conn = fx.pool.getConnection().await();
    try {
      conn.query(StorePool.BEGIN_HOT_PATH).execute().await();
      conn.query(
              "PREPARE close_outcomes (uuid[], text[], int[], text[], text[], text[],"
                  + " timestamptz[], timestamptz[], timestamptz[]) AS "
                  + Completions.CLOSE)
          .execute()
          .await();
      conn.query("PREPARE load_tasks (uuid[]) AS " + TaskChanges.LOAD).execute().await();
      List<JsonObject> nodes = new ArrayList<>();
      String close =
          "EXECUTE close_outcomes("
              + one
              + ", '{NO_ANSWER}', "
              + String.join(", ", Collections.nCopies(7, none))
              + ")";
      for (String execute : List.of(close, "EXECUTE load_tasks(" + one + ")")) {
        JsonObject plan = Plans.plan(conn, execute);
        assertThat(plan.encode())
            .as("the plan kept for every execution, made without the values (%s)", execute)
            .contains("$1");
        nodes.addAll(Plans.nodes(plan));
      }
      assertThat(nodes)
          .extracting(n -> n.getString("Node Type"))
          .as("no table is read whole")
          .doesNotContain("Seq Scan");
      assertThat(nodes.stream().map(n -> n.getString("Index Name")).filter(Objects::nonNull))
          .as("a batch of outcomes reads only the rows it names")
          .containsOnly("attempt_pkey", "task_pkey", "campaign_pkey");
    } finally {
      conn.query("ROLLBACK").execute().await();
      conn.query("DEALLOCATE close_outcomes").execute().await();
      conn.query("DEALLOCATE load_tasks").execute().await();
      conn.close().await();
    }
  }

  @Test
  void an_outcome_whose_task_was_moved_meanwhile_leaves_it_and_its_neighbours_still_land() {
    Campaign c = fx.campaign("moved meanwhile");
    fx.tasks
        .importRows(
            c,
            List.of(newTask("M-1", "H-M1", "13400000001"), newTask("M-2", "H-M2", "13400000002")),
            MONDAY_11)
        .await();
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    assertThat(calls).hasSize(2);
    for (LeasedCall call : calls) {
      fx.attempts
          .markDialing(call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300))
          .await();
    }
    LeasedCall moved = calls.get(0);
    LeasedCall kept = calls.get(1);
    long movedTask = moved.policies().getFirst().taskId();
    // another writer sends the first task to the branch while its call is up
    fx.pool.query("UPDATE task SET state = 'AT_BRANCH' WHERE id = " + movedTask).execute().await();

    Future<AttemptStore.Result> first =
        fx.attempts.complete(
            moved.attemptId(),
            CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(30)),
            MONDAY_11.plusSeconds(30));
    Future<AttemptStore.Result> second =
        fx.attempts.complete(
            kept.attemptId(),
            CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(30)),
            MONDAY_11.plusSeconds(30));

    assertThat(first.await())
        .isEqualTo(new AttemptStore.Result.Stale("no task of the attempt is being dialled"));
    assertThat(second.await()).isInstanceOf(AttemptStore.Result.Applied.class);
    assertThat(fx.tasks.get(movedTask).await().orElseThrow().state())
        .isEqualTo(TaskState.AT_BRANCH);
    assertThat(fx.tasks.get(kept.policies().getFirst().taskId()).await().orElseThrow().state())
        .isEqualTo(TaskState.PENDING);
  }
}
