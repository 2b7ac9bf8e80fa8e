package com.huifang.recording.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.recording.audit.AccessAudit;
import com.huifang.recording.retention.RetentionPolicy;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
@Timeout(60)
class RecordingStoreTest {

  private static final Instant CALL = Instant.parse("2026-11-23T03:00:00Z");
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static Vertx vertx;
  private static Pool pool;
  private static RecordingStore store;
  private static AccessAudit audit;
  private static PgUrl url;

  @BeforeAll
  static void start(PgUrl db) {
    url = db;
    RecordingSchema.migrate(db);
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.uri())).using(vertx).build();
    store = new RecordingStore(pool);
    audit = new AccessAudit(pool);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static Recording open(List<String> policies, String product) {
    Instant retain = RetentionPolicy.DEFAULT.retainUntil(CALL, product, SHANGHAI);
    return store
        .open(
            UUID.randomUUID(),
            policies,
            1,
            null,
            "pbx1",
            "2026/11/23/c1-x.wav",
            product,
            CALL,
            retain)
        .await();
  }

  @Test
  void a_merged_call_is_found_by_either_policy_number_and_completed_with_its_fingerprint() {
    Recording r = open(List.of("P-A1", "P-A2"), "TRADITIONAL");

    store
        .complete(r.id(), "2001", CALL.plusSeconds(90), 90_000, 1_440_044, "ab".repeat(32))
        .await();

    for (String policy : List.of("P-A1", "P-A2")) {
      assertThat(store.search(new RecordingStore.Query(policy, null, null, null, 10)).await())
          .singleElement()
          .satisfies(
              found -> {
                assertThat(found.id()).isEqualTo(r.id());
                assertThat(found.state()).isEqualTo(Recording.State.COMPLETE);
                assertThat(found.agent()).isEqualTo("2001");
                assertThat(found.bytes()).isEqualTo(1_440_044);
              });
    }
    assertThat(r.retainUntil()).isEqualTo(Instant.parse("2029-11-23T03:00:00Z"));
  }

  @Test
  void held_recordings_are_never_purgeable_and_purged_ones_keep_their_reference() {
    Recording held = open(List.of("P-H1"), "TRADITIONAL");
    Recording expired = open(List.of("P-H2"), "TRADITIONAL");
    store.complete(held.id(), null, CALL, 1, 1, "00".repeat(32)).await();
    store.complete(expired.id(), null, CALL, 1, 1, "00".repeat(32)).await();
    store.hold(held.id(), true).await();
    Instant fourYearsOn = CALL.plusSeconds(4L * 366 * 86_400);

    List<UUID> purgeable =
        store.purgeable(fourYearsOn, 100).await().stream().map(Recording::id).toList();
    boolean purged = store.markPurged(expired.id(), fourYearsOn).await();
    boolean heldPurged = store.markPurged(held.id(), fourYearsOn).await();

    assertThat(purgeable).contains(expired.id()).doesNotContain(held.id());
    assertThat(purged).isTrue();
    assertThat(heldPurged).isFalse();
    assertThat(store.get(expired.id()).await().orElseThrow().state())
        .isEqualTo(Recording.State.PURGED);
  }

  @Test
  void a_file_that_never_appears_is_marked_missing() {
    Recording r = open(List.of("P-M1"), null);

    assertThat(store.missing(r.id(), CALL.plusSeconds(60)).await()).isTrue();
    assertThat(store.get(r.id()).await().orElseThrow().state()).isEqualTo(Recording.State.MISSING);
  }

  @Test
  void a_call_the_pbx_never_recorded_says_so_and_is_not_missing() {
    Recording r = open(List.of("P-N1"), null);

    assertThat(store.notStarted(r.id(), CALL.plusSeconds(1)).await()).isTrue();
    Recording read = store.get(r.id()).await().orElseThrow();
    assertThat(read.state()).isEqualTo(Recording.State.NOT_STARTED);
    assertThat(read.endedAt()).isEqualTo(CALL.plusSeconds(1));
    assertThat(store.missing(r.id(), CALL.plusSeconds(60)).await()).isFalse();
    // a file that turns up after all completes it
    assertThat(store.complete(r.id(), "2001", CALL.plusSeconds(1), 900, 44, "ab").await()).isTrue();
  }

  @Test
  void the_verifier_names_the_first_edited_or_deleted_audit_row() throws SQLException {
    UUID rec = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      audit
          .append(
              new AccessAudit.Entry(
                  CALL.plusSeconds(i), "wang", "qa", i % 2 == 0 ? "LIST" : "PLAY", rec, "抽检"))
          .await();
    }
    assertThat(audit.verify().await()).isEqualTo(new AccessAudit.Verdict.Intact(5));

    try (Connection c = PgServer.connect(url);
        Statement s = c.createStatement()) {
      long third = firstSeq(s) + 2;
      try {
        s.executeUpdate("UPDATE recording_access SET principal = 'x' WHERE seq = " + third);
        throw new AssertionError("the append-only trigger let an update through");
      } catch (SQLException refused) {
        assertThat(refused.getMessage()).contains("append-only");
      }
      s.execute("ALTER TABLE recording_access DISABLE TRIGGER recording_access_append_only");
      s.executeUpdate("UPDATE recording_access SET purpose = 'nothing' WHERE seq = " + third);
      assertThat(audit.verify().await())
          .isInstanceOfSatisfying(
              AccessAudit.Verdict.Broken.class, b -> assertThat(b.seq()).isEqualTo(third));
      s.executeUpdate("UPDATE recording_access SET purpose = '抽检' WHERE seq = " + third);
      s.executeUpdate("DELETE FROM recording_access WHERE seq = " + (third + 1));
      s.execute("ALTER TABLE recording_access ENABLE TRIGGER recording_access_append_only");
      assertThat(audit.verify().await())
          .isInstanceOfSatisfying(
              AccessAudit.Verdict.Broken.class, b -> assertThat(b.seq()).isEqualTo(third + 2));
    }
  }

  private static long firstSeq(Statement s) throws SQLException {
    try (var rs = s.executeQuery("SELECT min(seq) FROM recording_access")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
