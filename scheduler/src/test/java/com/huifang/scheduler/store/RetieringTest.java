package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static com.huifang.scheduler.store.StoreFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class RetieringTest {

  /** 2026-12-01 00:30 in Shanghai: December there, still November in UTC. */
  private static final Instant DECEMBER_IN_SHANGHAI = Instant.parse("2026-11-30T16:30:00Z");

  private static final YearMonth OCTOBER = YearMonth.of(2026, 10);

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void when_the_month_turns_waiting_and_dialled_cases_move_down_a_tier() {
    Campaign c = fx.campaign("month turn");
    fx.tasks
        .importRows(
            c,
            List.of(
                problem("M-CALL", "H-MC", "13900000702"),
                problem("M-EARLY", "H-ME", "13900000703"),
                newTask("M-NEW", "H-MN", "13900000704")),
            MONDAY_11)
        .await();
    List<LeasedCall> calls = fx.lease(c, 2, "n1", MONDAY_11);
    assertThat(calls).extracting(this::policy).containsExactlyInAnyOrder("M-CALL", "M-EARLY");
    fx.tasks.importRows(c, List.of(problem("M-WAIT", "H-MW", "13900000701")), MONDAY_11).await();
    calls.forEach(fx::mark);
    // the first outcome reads the campaign, so the next one could be written from the held lease
    noAnswer(calls.stream().filter(l -> policy(l).equals("M-EARLY")).findFirst().orElseThrow());
    Retiering retiering = new Retiering(fx.campaigns, fx.tasks);
    retiering.run(MONDAY_11).await();
    assertThat(stored("M-WAIT").tier()).isEqualTo(Tier.LAST_MONTH);

    retiering.run(DECEMBER_IN_SHANGHAI).await();

    assertThat(stored("M-WAIT").tier()).isEqualTo(Tier.MONTH_BEFORE_LAST);
    assertThat(stored("M-WAIT").rank()).isEqualTo(Tier.MONTH_BEFORE_LAST.code() + 1);
    assertThat(stored("M-NEW").tier()).isEqualTo(Tier.NEW);
    StoredTask dialled = stored("M-CALL");
    assertThat(dialled.state()).isEqualTo(TaskState.DIALING);
    assertThat(dialled.tier()).isEqualTo(Tier.MONTH_BEFORE_LAST);
    // its outcome, recorded after the turn, must not write back the tier the lease read
    noAnswer(calls.stream().filter(l -> policy(l).equals("M-CALL")).findFirst().orElseThrow());
    StoredTask back = stored("M-CALL");
    assertThat(back.state()).isEqualTo(TaskState.PENDING);
    assertThat(back.tier()).isEqualTo(Tier.MONTH_BEFORE_LAST);
    assertThat(back.rank()).isEqualTo(Tier.MONTH_BEFORE_LAST.code() + 1);
  }

  @Test
  void a_campaign_is_read_once_a_month_and_again_after_the_next_turn() {
    Campaign c = fx.campaign("once a month");
    fx.tasks
        .importRows(c, List.of(problem("O-1", "H-O1", "13900000711")), DECEMBER_IN_SHANGHAI)
        .await();
    Retiering retiering = new Retiering(fx.campaigns, fx.tasks);
    retiering.run(DECEMBER_IN_SHANGHAI).await();
    fx.pool.query("UPDATE task SET tier = 1, rank = 2 WHERE policy_no = 'O-1'").execute().await();

    // still December in Shanghai: the campaign was tiered this month, so it is not read again
    retiering.run(DECEMBER_IN_SHANGHAI.plusSeconds(3_600)).await();
    assertThat(stored("O-1").tier()).isEqualTo(Tier.LAST_MONTH);

    retiering.run(Instant.parse("2026-12-31T16:00:00Z")).await();
    assertThat(stored("O-1").tier()).isEqualTo(Tier.OLDER);
  }

  @Test
  void a_case_another_writer_holds_is_skipped_not_waited_for_and_moved_on_the_next_run()
      throws Exception {
    Campaign c = fx.campaign("held at the turn");
    fx.tasks
        .importRows(
            c,
            List.of(
                problem("K-HELD", "H-KH", "13900000721"), problem("K-FREE", "H-KF", "13900000722")),
            MONDAY_11)
        .await();
    Retiering retiering = new Retiering(fx.campaigns, fx.tasks);
    retiering.run(MONDAY_11).await();
    SqlConnection writer = fx.pool.getConnection().await();
    try {
      // an outcome batch holding the case while the month turns
      writer.query("BEGIN").execute().await();
      writer
          .preparedQuery("SELECT id FROM task WHERE policy_no = $1 FOR UPDATE")
          .execute(Tuple.of("K-HELD"))
          .await();

      TaskStore.Retiered r =
          fx.tasks
              .retier(c, DECEMBER_IN_SHANGHAI)
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);

      assertThat(r).isEqualTo(new TaskStore.Retiered(1, 1));
      assertThat(stored("K-FREE").tier()).isEqualTo(Tier.MONTH_BEFORE_LAST);
      writer.query("COMMIT").execute().await();
    } finally {
      writer.close().await();
    }
    assertThat(stored("K-HELD").tier()).isEqualTo(Tier.LAST_MONTH);

    retiering.run(DECEMBER_IN_SHANGHAI).await();
    assertThat(stored("K-HELD").tier()).isEqualTo(Tier.MONTH_BEFORE_LAST);
  }

  private static TaskImport problem(String policy, String holder, String phone) {
    return task(policy, holder, CaseType.PROBLEM, OCTOBER, ProductType.TRADITIONAL, phone);
  }

  private StoredTask stored(String policy) {
    long id = fx.count("SELECT id FROM task WHERE policy_no = '" + policy + "'");
    return fx.tasks.get(id).await().orElseThrow();
  }

  private String policy(LeasedCall call) {
    return call.policies().getFirst().policyNo();
  }

  private static void noAnswer(LeasedCall call) {
    assertThat(
            fx.attempts
                .complete(
                    call.attemptId(),
                    CallReport.of(Outcome.NO_ANSWER, MONDAY_11, MONDAY_11.plusSeconds(30)),
                    MONDAY_11.plusSeconds(30))
                .await())
        .isInstanceOf(AttemptStore.Result.Applied.class);
  }
}
