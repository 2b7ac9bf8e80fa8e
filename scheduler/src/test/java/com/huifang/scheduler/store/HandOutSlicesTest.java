package com.huifang.scheduler.store;

import static com.huifang.scheduler.store.StoreFixture.MONDAY_11;
import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.ControlAction;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a hand-out reads: the front of the pool when it is alone there, the best of a free slice
 * when another hand-out holds the front, topped up from the front when the slice runs short.
 */
@Timeout(60)
class HandOutSlicesTest {

  /**
   * Read through a slice, and smaller than its read cap (20): every test here also holds that a
   * hand-out takes exactly its batch.
   */
  private static final int BATCH = 17;

  @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();

  @Test
  void a_lone_hand_out_takes_the_front_of_the_pool() {
    Campaign c = fx.campaign("alone");
    List<Long> order = seed(c, 100);
    assertThat(BATCH).isGreaterThanOrEqualTo(HandOut.SLICED_FROM);
    assertThat(HandOut.readCap(BATCH)).isGreaterThan(BATCH);

    assertThat(leasedIds(c)).containsExactlyElementsOf(order.subList(0, BATCH));
  }

  @Test
  void a_hand_out_that_finds_the_front_taken_takes_the_best_of_one_slice() {
    Campaign c = fx.campaign("front taken");
    List<Long> order = seed(c, 320);
    Map<Long, Integer> slices = slices(c);

    List<Long> leased = holding(lanes(c, -1), () -> leasedIds(c));

    assertThat(leased).hasSize(BATCH);
    int slice = slices.get(leased.getFirst());
    assertThat(leased).allSatisfy(id -> assertThat(slices.get(id)).isEqualTo(slice));
    assertThat(leased)
        .as("the slice's best, in hand-out order")
        .containsExactlyElementsOf(
            order.stream().filter(id -> slices.get(id) == slice).limit(BATCH).toList());
  }

  @Test
  void a_slice_that_runs_short_is_topped_up_from_the_front() {
    Campaign c = fx.campaign("short slice");
    List<Long> order = seed(c, 20);
    Map<Long, Integer> slices = slices(c);

    Set<Long> leased = new HashSet<>(holding(lanes(c, -1), () -> leasedIds(c)));

    assertThat(leased).hasSize(BATCH);
    assertThat(IntStream.range(0, HandOut.SLICES))
        .as("every due task of one slice, then the best of the others")
        .anySatisfy(
            s -> {
              List<Long> mine = order.stream().filter(id -> slices.get(id) == s).toList();
              Set<Long> expected = new HashSet<>(mine);
              order.stream()
                  .filter(id -> slices.get(id) != s)
                  .limit(BATCH - mine.size())
                  .forEach(expected::add);
              assertThat(leased).isEqualTo(expected);
            });
  }

  @Test
  void with_every_lane_taken_a_hand_out_takes_the_front() {
    Campaign c = fx.campaign("all lanes");
    List<Long> order = seed(c, 100);

    List<Long> leased =
        holding(lanes(c, IntStream.range(-1, HandOut.SLICES).toArray()), () -> leasedIds(c));

    assertThat(leased).containsExactlyElementsOf(order.subList(0, BATCH));
  }

  @Test
  void a_paused_campaign_hands_out_nothing_from_a_slice_either() {
    Campaign c = fx.campaign("paused slices");
    seed(c, 100);
    fx.campaigns.control(c.id(), ControlAction.PAUSE, "lin", "supervisor", MONDAY_11).await();

    assertThat(holding(lanes(c, -1), () -> leasedIds(c))).isEmpty();
    assertThat(leasedIds(c)).isEmpty();
  }

  /** Due tasks with distinct deadlines, returned in hand-out order. */
  private static List<Long> seed(Campaign c, int n) {
    List<Long> ids = new ArrayList<>();
    fx.pool
        .preparedQuery(
            "INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones, case_type,"
                + " product_type, state, tier, rank, deadline, next_due_at)"
                + " SELECT $1, 'S' || $1 || '-' || g, 'holder', 'S' || $1 || '-' || g,"
                + " ARRAY['138' || lpad(g::text, 8, '0')], 'NEW', 'TRADITIONAL', 'PENDING', 4, 5,"
                + " $2::timestamptz + ((g * 7919) % $3) * interval '1 minute',"
                + " $2::timestamptz - interval '1 hour'"
                + " FROM generate_series(1, $3) g RETURNING id")
        .execute(Tuple.of(c.id(), Sql.ts(MONDAY_11), n))
        .await()
        .forEach(r -> ids.add(r.getLong("id")));
    List<Long> order = new ArrayList<>();
    fx.pool
        .preparedQuery("SELECT id FROM task WHERE campaign_id = $1 ORDER BY deadline")
        .execute(Tuple.of(c.id()))
        .await()
        .forEach(r -> order.add(r.getLong("id")));
    assertThat(order).containsExactlyInAnyOrderElementsOf(ids);
    return order;
  }

  private static Map<Long, Integer> slices(Campaign c) {
    Map<Long, Integer> out = new LinkedHashMap<>();
    fx.pool
        .preparedQuery("SELECT id, slice FROM task WHERE campaign_id = $1")
        .execute(Tuple.of(c.id()))
        .await()
        .forEach((Row r) -> out.put(r.getLong("id"), (int) r.getShort("slice")));
    return out;
  }

  private static List<Long> leasedIds(Campaign c) {
    return fx.lease(c, BATCH, "n1", MONDAY_11).stream()
        .flatMap(call -> call.policies().stream())
        .map(LeasedCall.Policy::taskId)
        .toList();
  }

  /** The transaction lock keys of the campaign's lanes: -1 the front, 0 to 15 the slices. */
  private static long[] lanes(Campaign c, int... lanes) {
    return IntStream.of(lanes).mapToLong(l -> HandOut.LANE_LOCKS + c.id() * 32 + l + 1).toArray();
  }

  /** Runs {@code body} while another transaction holds the lane locks {@code keys}. */
  private static <T> T holding(long[] keys, Supplier<T> body) {
    SqlConnection other = fx.pool.getConnection().await();
    try {
      other.query("BEGIN").execute().await();
      for (long key : keys) {
        other.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(key)).await();
      }
      return body.get();
    } finally {
      other.query("ROLLBACK").execute().await();
      other.close().await();
    }
  }
}
