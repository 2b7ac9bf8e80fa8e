package com.huifang.dialer.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.recording.audit.AccessAudit;
import com.huifang.recording.store.RecordingSchema;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code dialer.jar verify-audit}: exit 0 on an intact chain, 5 naming the first broken row. */
@ExtendWith(FreshDatabase.class)
@Timeout(120)
class VerifyAuditIT {

  private record Run(int status, String output) {}

  private static Run verify(PgUrl db) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    DialerProcess.JAR.toString(),
                    "verify-audit"))
            .redirectErrorStream(true);
    pb.environment().put("DIALER_PG_URL", db.uri());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void an_intact_chain_passes_and_an_edited_row_is_named(PgUrl db) throws Exception {
    RecordingSchema.migrate(db);
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = StorePool.create(vertx, db, 1, "test");
      AccessAudit audit = new AccessAudit(pool);
      for (int i = 0; i < 3; i++) {
        audit
            .append(
                new AccessAudit.Entry(
                    Instant.parse("2026-11-23T03:00:00Z").plusSeconds(i),
                    "wang",
                    "qa",
                    "PLAY",
                    UUID.randomUUID(),
                    "抽检"))
            .await();
      }
      pool.close().await();
    } finally {
      vertx.close().await();
    }

    Run intact = verify(db);
    long second;
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT min(seq) + 1 FROM recording_access");
      rs.next();
      second = rs.getLong(1);
      s.execute("ALTER TABLE recording_access DISABLE TRIGGER recording_access_append_only");
      s.executeUpdate("UPDATE recording_access SET principal = 'someone' WHERE seq = " + second);
    }
    Run broken = verify(db);

    assertThat(intact.status()).as(intact.output()).isZero();
    assertThat(intact.output()).contains("intact: 3 rows");
    assertThat(broken.status()).as(broken.output()).isEqualTo(5);
    assertThat(broken.output()).contains("BROKEN at row " + second);
  }
}
