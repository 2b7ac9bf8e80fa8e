package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static com.huifang.scheduler.store.StoreFixture.newTasks;
import static com.huifang.scheduler.store.StoreFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.priority.Tier;
import com.huifang.scheduler.task.BranchReason;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskState;
import com.huifang.scheduler.window.HolidayCalendar;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class TaskStoreTest {

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  private StoredTask only(Campaign c, String policy) {
    long id =
        fx.count(
            "SELECT id FROM task WHERE campaign_id = "
                + c.id()
                + " AND policy_no = '"
                + policy
                + "'");
    return fx.tasks.get(id).await().orElseThrow();
  }

  @Test
  void re_importing_a_policy_updates_it_and_never_duplicates() {
    Campaign c = fx.campaign("reimport");
    fx.tasks.importRows(c, List.of(newTask("I-1", "H-I1", "13900000101")), MONDAY_11).await();

    TaskStore.Imported again =
        fx.tasks.importRows(c, List.of(newTask("I-1", "H-I1", "13900000102")), MONDAY_11).await();

    assertThat(again).isEqualTo(new TaskStore.Imported(0, 1, 0, 0, 0, 0));
    assertThat(fx.count("SELECT count(*) FROM task WHERE campaign_id = " + c.id())).isEqualTo(1);
    assertThat(only(c, "I-1").phones()).containsExactly(PhoneNumber.of("13900000102"));
  }

  @Test
  void the_third_holder_of_a_number_sends_every_holder_to_the_branch() {
    Campaign c = fx.campaign("duplicates");
    String shared = "13900000201";
    fx.tasks
        .importRows(
            c, List.of(newTask("D-1", "H-D1", shared), newTask("D-2", "H-D2", shared)), MONDAY_11)
        .await();
    assertThat(only(c, "D-2").state()).isEqualTo(TaskState.PENDING);

    TaskStore.Imported third =
        fx.tasks.importRows(c, List.of(newTask("D-3", "H-D3", shared)), MONDAY_11).await();

    assertThat(third.toBranch()).isEqualTo(1);
    assertThat(third.othersToBranch()).as("the first two holders, pending till then").isEqualTo(2);
    for (String p : List.of("D-1", "D-2", "D-3")) {
      StoredTask t = only(c, p);
      assertThat(t.state()).as(p).isEqualTo(TaskState.AT_BRANCH);
      assertThat(t.branchReason()).as(p).isEqualTo(BranchReason.DUPLICATE_NUMBER);
    }
    assertThat(fx.lease(c, 10, "n1", MONDAY_11)).isEmpty();
  }

  @Test
  void the_selling_agents_own_number_is_not_dialled_and_opt_outs_are_exempt() {
    Campaign c = fx.campaign("agent-phone");
    TaskImport agentPhone =
        new TaskImport(
            "G-1",
            "客户",
            "H-G1",
            List.of(PhoneNumber.of("13900000301")),
            CaseType.NEW,
            null,
            MONDAY_11,
            null,
            ProductType.TRADITIONAL,
            "A9",
            PhoneNumber.of("13900000301"),
            "b",
            null,
            false,
            false,
            null);
    TaskImport optOut =
        new TaskImport(
            "G-2",
            "客户",
            "H-G2",
            List.of(),
            CaseType.NEW,
            null,
            MONDAY_11,
            null,
            ProductType.TRADITIONAL,
            "A9",
            null,
            "b",
            null,
            true,
            false,
            null);

    TaskStore.Imported r = fx.tasks.importRows(c, List.of(agentPhone, optOut), MONDAY_11).await();

    assertThat(r).isEqualTo(new TaskStore.Imported(2, 0, 1, 1, 0, 0));
    assertThat(only(c, "G-1").branchReason()).isEqualTo(BranchReason.DUPLICATE_NUMBER);
    assertThat(only(c, "G-2").state()).isEqualTo(TaskState.EXEMPT);
    // nor may the branch send the case back with the agent's number again
    assertThat(
            fx.tasks
                .returnFromBranch(
                    only(c, "G-1").id(),
                    List.of(PhoneNumber.of("13900000301")),
                    null,
                    "branch",
                    MONDAY_11)
                .await())
        .isEqualTo(
            new TaskStore.BranchResult.Refused(
                "phones[0]", "a duplicate number: the selling agent's own"));
  }

  @Test
  void a_duplicate_number_case_comes_back_only_with_a_number_that_may_be_dialled() {
    Campaign c = fx.campaign("return duplicates");
    String shared = "13900000801";
    String pair = "13900000802";
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("R-1", "H-R1", shared),
                newTask("R-2", "H-R2", shared),
                newTask("R-3", "H-R3", shared),
                newTask("R-4", "H-R4", pair),
                newTask("R-5", "H-R5", pair)),
            MONDAY_11)
        .await();
    long id = only(c, "R-1").id();
    Instant tomorrow11 = MONDAY_11.plusSeconds(86_400);

    TaskStore.BranchResult sameNumber =
        fx.tasks.returnFromBranch(id, List.of(), tomorrow11, "branch", MONDAY_11).await();
    TaskStore.BranchResult thirdHolder =
        fx.tasks
            .returnFromBranch(id, List.of(PhoneNumber.of(pair)), null, "branch", MONDAY_11)
            .await();

    assertThat(sameNumber)
        .isEqualTo(
            new TaskStore.BranchResult.Refused(
                "phones", "a duplicate-number case is resolved only by a new number"));
    assertThat(thirdHolder)
        .isEqualTo(
            new TaskStore.BranchResult.Refused(
                "phones[0]", "a duplicate number: already used by 2 other policyholders"));
    assertThat(only(c, "R-1").state()).isEqualTo(TaskState.AT_BRANCH);
    assertThat(only(c, "R-4").state()).isEqualTo(TaskState.PENDING);
    assertThat(
            fx.tasks
                .returnFromBranch(
                    id, List.of(PhoneNumber.of("13900000899")), null, "branch", MONDAY_11)
                .await())
        .isInstanceOf(TaskStore.BranchResult.Done.class);
  }

  @Test
  void a_branch_return_puts_the_case_back_in_the_pool_as_verification_with_history() {
    Campaign c = fx.campaign("return");
    String shared = "13900000401";
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("B-1", "H-B1", shared),
                newTask("B-2", "H-B2", shared),
                newTask("B-3", "H-B3", shared)),
            MONDAY_11)
        .await();
    StoredTask atBranch = only(c, "B-1");

    TaskStore.BranchResult refused =
        fx.tasks.returnFromBranch(atBranch.id(), List.of(), null, "branch", MONDAY_11).await();
    TaskStore.BranchResult back =
        fx.tasks
            .returnFromBranch(
                atBranch.id(), List.of(PhoneNumber.of("13900000499")), null, "branch", MONDAY_11)
            .await();

    assertThat(refused).isInstanceOf(TaskStore.BranchResult.Refused.class);
    StoredTask t = only(c, "B-1");
    assertThat(back).isInstanceOf(TaskStore.BranchResult.Done.class);
    assertThat(t.state()).isEqualTo(TaskState.PENDING);
    assertThat(t.tier()).isEqualTo(Tier.VERIFICATION);
    assertThat(fx.lease(c, 5, "n1", MONDAY_11))
        .singleElement()
        .satisfies(call -> assertThat(call.policyNos()).containsExactly("B-1"));
    assertThat(
            fx.count(
                "SELECT count(*) FROM task_history WHERE task_id = "
                    + t.id()
                    + " AND cause = 'BRANCH_RETURN'"))
        .isEqualTo(1);
  }

  @Test
  void a_problem_case_moves_down_a_tier_when_the_month_turns_in_the_campaign_zone() {
    Campaign c = fx.campaign("retier");
    // 2026-11-30 23:30 Shanghai: October is "last month"
    Instant endOfNovember = Instant.parse("2026-11-30T15:30:00Z");
    fx.tasks
        .importRows(
            c,
            List.of(
                task(
                    "T-1",
                    "H-T1",
                    CaseType.PROBLEM,
                    YearMonth.of(2026, 10),
                    ProductType.TRADITIONAL,
                    "13900000501")),
            endOfNovember)
        .await();
    assertThat(only(c, "T-1").tier()).isEqualTo(Tier.LAST_MONTH);

    // 2026-12-01 00:30 Shanghai, still 30 November in UTC and New York
    int changed = fx.tasks.retier(c, Instant.parse("2026-11-30T16:30:00Z")).await().moved();

    assertThat(changed).isEqualTo(1);
    assertThat(only(c, "T-1").tier()).isEqualTo(Tier.MONTH_BEFORE_LAST);
  }

  @Test
  void the_policy_view_says_by_when_the_branch_must_have_handled_its_case() {
    Campaign c = fx.campaign("branch limit");
    String shared = "13900000951";
    fx.tasks
        .importRows(
            c,
            List.of(
                newTask("L-1", "H-L1", shared),
                newTask("L-2", "H-L2", shared),
                newTask("L-3", "H-L3", shared)),
            MONDAY_11)
        .await();

    fx.tasks.importRows(c, List.of(newTask("L-4", "H-L4", "13900000952")), MONDAY_11).await();

    JsonObject atBranch = fx.tasks.byPolicy("L-1").await().getJsonObject(0);
    JsonObject pending = fx.tasks.byPolicy("L-4").await().getJsonObject(0);

    // a duplicate-number case is a verification case: 7 days
    assertThat(atBranch.getString("atBranchSince")).isEqualTo(MONDAY_11.toString());
    assertThat(atBranch.getString("branchDueAt"))
        .isEqualTo(MONDAY_11.plus(Duration.ofDays(7)).toString());
    assertThat(pending.containsKey("branchDueAt")).isFalse();
  }

  @Test
  void the_policy_view_lists_every_attempt_without_phone_numbers() {
    Campaign c = fx.campaign("view");
    fx.tasks.importRows(c, List.of(newTask("V-1", "H-V1", "13900000601")), MONDAY_11).await();
    fx.lease(c, 1, "n1", MONDAY_11);

    JsonArray view = fx.tasks.byPolicy("V-1").await();

    assertThat(view).hasSize(1);
    JsonObject t = view.getJsonObject(0);
    assertThat(t.getString("state")).isEqualTo("DIALING");
    assertThat(t.getJsonArray("attempts")).hasSize(1);
    assertThat(view.encode()).doesNotContain("13900000601");
  }

  @Test
  void a_large_import_refreshes_the_planners_statistics_before_hand_out() {
    Campaign c = fx.campaign("bulk");
    List<TaskImport> rows = newTasks("B-", "135", TaskStore.ANALYZE_AFTER_INSERTS);

    fx.tasks.importRows(c, rows, MONDAY_11).await();

    // the planner's estimate of the table (a plain INSERT leaves it as it was)
    assertThat(fx.count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'task'"))
        .isGreaterThanOrEqualTo(TaskStore.ANALYZE_AFTER_INSERTS);
  }

  @Test
  void small_imports_refresh_the_statistics_once_they_add_up() {
    Campaign c = fx.campaign("small imports");
    TaskStore store = new TaskStore(fx.pool, HolidayCalendar.NONE);
    int half = TaskStore.ANALYZE_AFTER_INSERTS / 2 + 1;
    for (int round = 0; round < 2; round++) {
      List<TaskImport> rows = new ArrayList<>();
      for (int i = 0; i < half; i++) {
        int n = round * half + i;
        rows.add(newTask("S-" + n, "H-S-" + n, String.format("136%08d", n)));
      }
      store.importRows(c, rows, MONDAY_11).await();
      long estimate = fx.count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'task'");
      long actual = fx.count("SELECT count(*) FROM task");
      if (round == 0) {
        assertThat(estimate).as("one small import leaves them").isLessThan(actual);
      } else {
        assertThat(estimate).as("the second one adds up past the threshold").isEqualTo(actual);
      }
    }
  }
}
