package com.huifang.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  /** A writer whose transactions are completed by the test, oldest first. */
  private static final class Writer {
    record Open(List<Integer> items, Promise<List<String>> promise) {}

    final List<List<Integer>> batches = new ArrayList<>();
    final List<Open> open = new ArrayList<>();

    Future<List<String>> writeAll(List<Integer> items) {
      batches.add(List.copyOf(items));
      Promise<List<String>> p = Promise.promise();
      open.add(new Open(List.copyOf(items), p));
      return p.future();
    }

    void commitOldest() {
      Open o = open.removeFirst();
      o.promise().complete(o.items().stream().map(i -> "ok " + i).toList());
    }

    void failOldest() {
      open.removeFirst().promise().fail(new IllegalStateException("a task changed"));
    }
  }

  @Test
  void the_first_write_goes_at_once_and_those_arriving_meanwhile_share_the_next_transaction() {
    Writer w = new Writer();
    GroupCommit<Integer, String> commits = new GroupCommit<>(w::writeAll, 10, 1);

    Future<String> first = commits.submit(1);
    assertThat(w.batches).containsExactly(List.of(1));

    Future<String> second = commits.submit(2);
    Future<String> third = commits.submit(3);
    assertThat(w.batches).as("nothing else is written while one is in flight").hasSize(1);

    w.commitOldest();
    assertThat(first.result()).isEqualTo("ok 1");
    assertThat(w.batches).containsExactly(List.of(1), List.of(2, 3));

    w.commitOldest();
    assertThat(second.result()).isEqualTo("ok 2");
    assertThat(third.result()).isEqualTo("ok 3");
  }

  @Test
  void writes_one_task_of_a_context_submits_go_in_one_transaction() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Writer w = new Writer();
      GroupCommit<Integer, String> commits = new GroupCommit<>(w::writeAll, 10, 2);
      Context context = vertx.getOrCreateContext();
      CompletableFuture<List<List<Integer>>> written = new CompletableFuture<>();
      CompletableFuture<Integer> duringTheTask = new CompletableFuture<>();

      context.runOnContext(
          v -> {
            commits.submit(1);
            commits.submit(2);
            commits.submit(3);
            duringTheTask.complete(w.batches.size());
            context.runOnContext(after -> written.complete(List.copyOf(w.batches)));
          });

      assertThat(duringTheTask.get(5, TimeUnit.SECONDS)).isZero();
      assertThat(written.get(5, TimeUnit.SECONDS)).containsExactly(List.of(1, 2, 3));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_batch_never_holds_more_than_the_maximum() {
    Writer w = new Writer();
    GroupCommit<Integer, String> commits = new GroupCommit<>(w::writeAll, 2, 1);
    commits.submit(0);
    for (int i = 1; i <= 5; i++) {
      commits.submit(i);
    }
    while (!w.open.isEmpty()) {
      w.commitOldest();
    }
    assertThat(w.batches).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
  }

  @Test
  void a_failed_batch_is_retried_one_by_one_so_only_the_bad_item_fails() {
    Writer w = new Writer();
    GroupCommit<Integer, String> commits = new GroupCommit<>(w::writeAll, 10, 1);
    Future<String> first = commits.submit(1);
    Future<String> good = commits.submit(2);
    Future<String> bad = commits.submit(3);
    w.commitOldest();

    w.failOldest(); // the batch [2, 3] as a whole
    assertThat(w.batches.getLast()).containsExactly(2);
    w.commitOldest();
    assertThat(w.batches.getLast()).containsExactly(3);
    w.failOldest();

    assertThat(first.result()).isEqualTo("ok 1");
    assertThat(good.result()).isEqualTo("ok 2");
    assertThat(bad.failed()).isTrue();
    assertThat(bad.cause()).hasMessage("a task changed");
    assertThat(w.open).isEmpty();
  }

  @Test
  void a_writer_that_throws_fails_the_item_and_the_queue_goes_on() {
    List<List<Integer>> seen = new ArrayList<>();
    GroupCommit<Integer, String> commits =
        new GroupCommit<>(
            items -> {
              seen.add(items);
              if (items.contains(1)) {
                throw new IllegalArgumentException("cannot encode 1");
              }
              return Future.succeededFuture(items.stream().map(i -> "ok " + i).toList());
            },
            10,
            1);
    assertThat(commits.submit(1).cause()).hasMessage("cannot encode 1");
    assertThat(commits.submit(2).result()).isEqualTo("ok 2");
  }

  @Test
  void with_two_in_flight_the_second_write_goes_at_once_and_the_rest_wait_for_either() {
    Writer w = new Writer();
    GroupCommit<Integer, String> commits = new GroupCommit<>(w::writeAll, 10, 2);
    commits.submit(1);
    commits.submit(2);
    commits.submit(3);
    commits.submit(4);
    assertThat(w.batches).containsExactly(List.of(1), List.of(2));

    w.commitOldest();
    assertThat(w.batches).containsExactly(List.of(1), List.of(2), List.of(3, 4));
    assertThat(w.open).hasSize(2);
  }
}
