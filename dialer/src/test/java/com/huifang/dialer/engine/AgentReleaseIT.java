package com.huifang.dialer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.agent.AgentState;
import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.pacing.AbandonWindow;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.window.HolidayCalendar;
import com.huifang.testkit.OwnPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent set free while PostgreSQL is away (its own server, stopped and started again) is set
 * free once it is back: nothing else would ever move an agent left {@code ON_CALL}.
 */
@Timeout(120)
class AgentReleaseIT {

  @TempDir Path dir;

  @Test
  void an_agent_freed_while_the_database_is_away_is_idle_once_it_is_back() throws Exception {
    UUID attempt = UUID.randomUUID();
    try (OutageDatabase outage = OutageDatabase.start(dir, "agent-release-test")) {
      OwnPostgres pg = outage.pg();
      Vertx vertx = outage.vertx();
      Pool pool = outage.pool();
      pool.preparedQuery(
              "INSERT INTO agent (extension, name, agent_group, state, attempt_id)"
                  + " VALUES ('2001', 'agent', 'default', 'ON_CALL', $1)")
          .execute(Tuple.of(attempt))
          .await();
      AtomicInteger wakes = new AtomicInteger();
      AgentConnector connector =
          new AgentConnector(
              vertx,
              Clock.systemUTC(),
              new AgentStore(pool),
              new LeaseReturns(
                  vertx,
                  Clock.systemUTC(),
                  "node-a",
                  new AttemptStore(pool, HolidayCalendar.NONE),
                  () -> true,
                  () -> {}),
              Duration.ofSeconds(2),
              new SimpleMeterRegistry().counter("abandoned"),
              campaign -> new AbandonWindow(Duration.ofMinutes(15)),
              new NoCallsHost(wakes));

      pg.stop();
      vertx.runOnContext(v -> connector.releaseAgent("2001", attempt));
      Thread.sleep(1500);
      assertThat(wakes).as("nothing settled while the database is away").hasValue(0);
      pg.restart();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (wakes.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(new AgentStore(pool).get("2001").await().orElseThrow().status().state())
          .isEqualTo(AgentState.IDLE);
    }
  }
}
