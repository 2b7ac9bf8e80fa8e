package com.huifang.dialer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.Migrations;
import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.store.SchedulerSchema;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Agents on real PostgreSQL: who is given an answered call. */
@ExtendWith(FreshDatabase.class)
@Timeout(60)
class AgentStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

  private static Vertx vertx;
  private static Pool pool;
  private static AgentStore agents;

  @BeforeAll
  static void start(PgUrl db) {
    SchedulerSchema.migrate(db);
    Migrations.apply(db, "dialer");
    vertx = Vertx.vertx();
    pool = StorePool.create(vertx, db, 2, "agent-store-test");
    agents = new AgentStore(pool);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void the_agent_who_sold_a_policy_never_gets_its_callback() {
    // the seller has been idle longest, so would be first in line
    idle("3001", "sellers", "A001", NOW.minusSeconds(600));
    idle("3002", "sellers", null, NOW.minusSeconds(60));

    Optional<Agent> sold = agents.assign("sellers", UUID.randomUUID(), Set.of("A001"), NOW).await();
    Optional<Agent> other = agents.assign("sellers", UUID.randomUUID(), Set.of("B7"), NOW).await();

    assertThat(sold).map(Agent::extension).contains("3002");
    assertThat(other).map(Agent::extension).contains("3001");
    assertThat(agents.get("3001").await().orElseThrow().salesCode()).isEqualTo("A001");
  }

  @Test
  void a_call_only_its_seller_could_take_waits_for_someone_else() {
    idle("3101", "alone", "A002", NOW.minusSeconds(600));

    assertThat(agents.assign("alone", UUID.randomUUID(), Set.of("A002"), NOW).await()).isEmpty();
    assertThat(agents.get("3101").await().orElseThrow().status().state())
        .isEqualTo(AgentState.IDLE);
  }

  private static void idle(String extension, String group, String salesCode, Instant since) {
    agents.put(extension, "坐席" + extension, group, salesCode, since).await();
    assertThat(agents.apply(extension, new AgentEvent.Requested(AgentState.IDLE), since).await())
        .isInstanceOf(AgentStore.Change.Done.class);
  }
}
