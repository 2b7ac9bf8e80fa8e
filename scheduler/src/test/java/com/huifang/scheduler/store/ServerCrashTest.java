package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static com.huifang.scheduler.store.StoreFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.task.TaskState;
import com.huifang.testkit.OwnPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-out commits without waiting for the disk; the dial mark waits. A server that crashes may
 * lose a lease, never a lease whose call may have been placed.
 */
@Timeout(120)
class ServerCrashTest {

  @TempDir Path dir;

  @Test
  void a_dial_mark_that_returned_survives_a_crash_and_so_does_its_lease() throws IOException {
    try (OwnPostgres pg = OwnPostgres.start(dir)) {
      LeasedCall call;
      long taskId;
      try (StoreFixture fx = new StoreFixture(pg.url())) {
        Campaign c = fx.campaign("crash-after-mark");
        fx.tasks.importRows(c, List.of(newTask("M-1", "H-M1", "13900000081")), MONDAY_11).await();
        call = fx.lease(c, 1, "node-a", MONDAY_11).getFirst();
        taskId = call.policies().getFirst().taskId();
        assertThat(
                fx.attempts
                    .markDialing(
                        call.attemptId(), "node-a", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(60))
                    .await())
            .isTrue();
        pg.crash();
      }
      pg.restart();
      try (StoreFixture fx = new StoreFixture(pg.url())) {
        assertThat(fx.attempts.openAttempts("node-a").await())
            .singleElement()
            .satisfies(
                a -> {
                  assertThat(a.attemptId()).isEqualTo(call.attemptId());
                  assertThat(a.state()).isEqualTo("DIALING");
                  assertThat(a.pbx()).isEqualTo("pbx1");
                });
        StoredTask t = fx.tasks.get(taskId).await().orElseThrow();
        assertThat(t.state()).isEqualTo(TaskState.DIALING);
        assertThat(t.attemptId()).isEqualTo(call.attemptId());
        assertThat(fx.count("SELECT count(*) FROM task_history WHERE cause = 'LEASED'"))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void a_lease_lost_in_a_crash_leaves_its_task_in_the_pool_and_is_never_dialled()
      throws IOException {
    try (OwnPostgres pg = OwnPostgres.start(dir)) {
      Campaign c;
      UUID attempt;
      try (StoreFixture fx = new StoreFixture(pg.url())) {
        c = fx.campaign("crash-after-lease");
        fx.tasks.importRows(c, List.of(newTask("L-1", "H-L1", "13900000082")), MONDAY_11).await();
        attempt = fx.lease(c, 1, "node-a", MONDAY_11).getFirst().attemptId();
        pg.crash();
      }
      pg.restart();
      try (StoreFixture fx = new StoreFixture(pg.url())) {
        long kept = fx.count("SELECT count(*) FROM attempt WHERE id = '" + attempt + "'");
        // the crash came right after the commit; the WAL writer may or may not have written it
        assertThat(kept).isBetween(0L, 1L);
        assertThat(
                fx.attempts
                    .markDialing(attempt, "node-a", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(60))
                    .await())
            .as("the call may be placed only on a lease the database still has")
            .isEqualTo(kept == 1);
        List<LeasedCall> again = fx.lease(c, 1, "node-b", MONDAY_11);
        assertThat(again).hasSize(kept == 1 ? 0 : 1);
        assertThat(fx.count("SELECT count(*) FROM task_history WHERE cause = 'LEASED'"))
            .isEqualTo(1);
      }
    }
  }
}
