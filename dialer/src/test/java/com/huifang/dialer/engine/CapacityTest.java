package com.huifang.dialer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.store.SchedulerSchema;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class CapacityTest {

  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start(PgUrl db) {
    SchedulerSchema.migrate(db);
    vertx = Vertx.vertx();
    pool = StorePool.create(vertx, db, 2, "capacity-test");
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void other_nodes_counted_calls_and_this_nodes_own_as_they_are_now_add_up() {
    // counted: 8 calls of other nodes on pbx1 and 2 leased not yet placed (campaign 7, 6 ringing)
    Capacity.InFlight others =
        new Capacity.InFlight(Map.of("pbx1", 8, "", 2), Map.of(7L, 10), Map.of(7L, 6));
    Capacity.Own now = new Capacity.Own(Map.of("pbx1", 3, "pbx2", 2), Map.of(7L, 5), Map.of(7L, 4));

    Capacity.InFlight seen = others.plus(now);

    assertThat(seen.perPbx())
        .containsEntry("pbx1", 11)
        .containsEntry("pbx2", 2)
        .containsEntry("", 2);
    assertThat(seen.inUse(7)).isEqualTo(15);
    assertThat(seen.ringing(7)).isEqualTo(10);
    assertThat(seen.inUse(8)).as("a campaign with nothing in flight").isZero();
  }

  @Test
  void this_nodes_open_attempts_are_not_counted_from_the_database_but_from_its_own_calls() {
    long campaign =
        pool.query(
                "INSERT INTO campaign (name, kind) VALUES ('capacity', 'NEW_CONTRACT') RETURNING id")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    // this node's call that ended a moment ago: its outcome is not in the database yet
    attempt(campaign, "node-a", "DIALING", "pbx1");
    attempt(campaign, "node-b", "DIALING", "pbx1");
    attempt(campaign, "node-b", "DIALING", "pbx2");
    attempt(campaign, "node-b", "LEASED", null);
    attempt(campaign, "node-b", "DONE", "pbx1");
    pool.query(
            "INSERT INTO agent (extension, name, agent_group, state, attempt_id) SELECT '2001',"
                + " 'A', 'g', 'ON_CALL', id FROM attempt WHERE lease_owner = 'node-b' AND pbx = 'pbx2'")
        .execute()
        .await();
    Capacity capacity = new Capacity(pool, "node-a", Duration.ofSeconds(1));
    Capacity.Own own =
        new Capacity.Own(Map.of("pbx2", 1), Map.of(campaign, 1), Map.of(campaign, 1));

    Capacity.InFlight seen = capacity.inFlight(own).await();

    assertThat(seen.perPbx())
        .containsEntry("pbx1", 1)
        .containsEntry("pbx2", 2)
        .containsEntry("", 1);
    assertThat(seen.inUse(campaign)).isEqualTo(4);
    assertThat(seen.ringing(campaign)).as("node-b's pbx2 call has an agent").isEqualTo(3);
  }

  private static void attempt(long campaign, String owner, String state, String pbx) {
    pool.preparedQuery(
            "INSERT INTO attempt (id, campaign_id, task_ids, policy_nos, phone_index, pass_no,"
                + " state, lease_owner, pbx) VALUES (gen_random_uuid(), $1, '{}', '{}', 0, 1, $2,"
                + " $3, $4)")
        .execute(Tuple.of(campaign, state, owner, pbx))
        .await();
  }
}
