package com.huifang.dialer.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.recording.retention.RetentionPolicy;
import com.huifang.recording.store.Recording;
import com.huifang.recording.store.RecordingSchema;
import com.huifang.recording.store.RecordingStore;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.CampaignState;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.store.LeasedCall;
import com.huifang.scheduler.store.StorePool;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.ProductType;
import com.huifang.testkit.FreshDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * At hang-up a recording's file is looked for until the grace runs out: found, it completes the
 * reference; never found, the reference is {@code MISSING} and alarmed, unless the PBX had not
 * begun recording the call (the customer hung up first), which is {@code NOT_STARTED}.
 */
@ExtendWith(FreshDatabase.class)
@Timeout(60)
class RecordingReferencesTest {

  private static final Instant CALL = Instant.parse("2026-11-23T03:00:00Z");
  private static final Duration GRACE = Duration.ofMillis(300);
  private static final Campaign CAMPAIGN =
      new Campaign(
          1,
          CampaignState.RUNNING,
          CampaignSettings.defaults("recorded", CampaignKind.NEW_CONTRACT),
          1,
          CALL);

  @TempDir static Path dir;

  private static Vertx vertx;
  private static Pool pool;
  private static RecordingStore store;
  private static SimpleMeterRegistry registry;
  private static RecordingReferences references;

  @BeforeAll
  static void start(PgUrl db) {
    RecordingSchema.migrate(db);
    vertx = Vertx.vertx();
    pool = StorePool.create(vertx, db, 2, "references-test");
    store = new RecordingStore(pool);
    registry = new SimpleMeterRegistry();
    references =
        new RecordingReferences(
            vertx,
            store,
            RetentionPolicy.DEFAULT,
            new RecordingFiles(Map.of("pbx1", dir)),
            GRACE,
            Clock.fixed(CALL, ZoneOffset.UTC),
            registry);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static LeasedCall call(String policyNo) {
    return new LeasedCall(
        UUID.randomUUID(),
        CAMPAIGN.id(),
        "H-" + policyNo,
        "王芳",
        PhoneNumber.of("13812341017"),
        0,
        1,
        List.of(new LeasedCall.Policy(1, policyNo, ProductType.TRADITIONAL, null)),
        CALL.plusSeconds(300),
        false);
  }

  /** Opens the call's reference and returns the file its PBX records into. */
  private static Path open(LeasedCall call) {
    return dir.resolve(references.open(call, CAMPAIGN, "pbx1", CALL).await());
  }

  private static void write(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, "RIFF\0\0\0\0WAVEfmt audio".getBytes(StandardCharsets.US_ASCII));
  }

  private static Recording.State settled(LeasedCall call) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Recording r = store.byAttempt(call.attemptId()).await().orElseThrow();
      if (r.state() != Recording.State.RECORDING) {
        return r.state();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the reference of " + call.policyNos() + " was never settled");
  }

  private static double count(String counter) {
    return registry.counter(counter).count();
  }

  @Test
  void each_hang_up_settles_its_reference_by_what_the_pbx_did() throws Exception {
    LeasedCall recorded = call("P-REC");
    write(open(recorded));
    LeasedCall lost = call("P-LOST");
    open(lost);
    LeasedCall hungUpFirst = call("P-EARLY");
    open(hungUpFirst);
    LeasedCall refusedButWritten = call("P-LATE");
    Path late = open(refusedButWritten);

    references.close(recorded.attemptId(), "2001", CALL.plusSeconds(60));
    references.close(lost.attemptId(), "2001", CALL.plusSeconds(60));
    // the answer to the recording's start comes after the hang-up, as over AMI
    references.close(hungUpFirst.attemptId(), null, CALL.plusSeconds(1));
    references.notStarted(hungUpFirst.attemptId());
    // its answer was lost, yet the PBX did record
    references.notStarted(refusedButWritten.attemptId());
    references.close(refusedButWritten.attemptId(), "2001", CALL.plusSeconds(60));
    write(late);

    assertThat(settled(recorded)).isEqualTo(Recording.State.COMPLETE);
    assertThat(settled(lost)).isEqualTo(Recording.State.MISSING);
    assertThat(settled(hungUpFirst)).isEqualTo(Recording.State.NOT_STARTED);
    assertThat(settled(refusedButWritten)).isEqualTo(Recording.State.COMPLETE);
    assertThat(count("recordings_missing_total")).isEqualTo(1);
    assertThat(count("recordings_not_started_total")).isEqualTo(1);
    // counted once the completion's write has answered
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count("recordings_completed_total") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(count("recordings_completed_total")).isEqualTo(2);
  }
}
