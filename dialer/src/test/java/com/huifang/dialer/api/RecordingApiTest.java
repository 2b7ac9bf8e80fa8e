package com.huifang.dialer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.recording.RecordingFiles;
import com.huifang.dialer.recording.RetentionPurge;
import com.huifang.postgres.PgUrl;
import com.huifang.recording.audit.AccessAudit;
import com.huifang.recording.store.Recording;
import com.huifang.recording.store.RecordingStore;
import com.huifang.scheduler.store.StorePool;
import com.huifang.testkit.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FreshDatabase.class)
@Timeout(60)
class RecordingApiTest {

  private static final Instant CALL = Instant.parse("2026-11-23T03:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path recordings;

  private static ApiServer api;
  private static Vertx vertx;
  private static Pool pool;
  private static RecordingStore store;

  @BeforeAll
  static void start(PgUrl db) {
    api = new ApiServer(db, recordings);
    vertx = Vertx.vertx();
    pool = StorePool.create(vertx, db, 2, "test");
    store = new RecordingStore(pool);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
    api.close();
  }

  private static byte[] wav(int samples) {
    byte[] b = new byte[44 + samples * 2];
    byte[] head = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, b, 0, head.length);
    for (int i = 44; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  private static Recording recorded(
      List<String> policies, String file, byte[] audio, Instant retain) throws Exception {
    Path path = recordings.resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, audio);
    Recording r =
        store
            .open(UUID.randomUUID(), policies, 1, "2001", "pbx1", file, "TRADITIONAL", CALL, retain)
            .await();
    RecordingFiles.Fingerprint f = RecordingFiles.fingerprint(path);
    store.complete(r.id(), "2001", CALL.plusSeconds(60), 60_000, f.bytes(), f.sha256()).await();
    return store.get(r.id()).await().orElseThrow();
  }

  private static HttpResponse<byte[]> audio(UUID id, String token, String range) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + api.service.httpPort()
                        + "/api/recordings/"
                        + id
                        + "/audio?purpose=QA%20sample"))
            .header("Authorization", "Bearer " + token);
    if (range != null) {
      b.header("Range", range);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void qa_finds_a_merged_call_by_either_policy_and_plays_byte_ranges_under_audit()
      throws Exception {
    byte[] bytes = wav(500);
    Recording r =
        recorded(
            List.of("R-1", "R-2"), "2026/11/23/c1-a.wav", bytes, CALL.plusSeconds(1_000_000_000));

    for (String policy : List.of("R-1", "R-2")) {
      HttpResponse<String> list = api.get("/api/recordings?policyNo=" + policy, ApiServer.QA);
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(new JsonArray(list.body()).getJsonObject(0).getString("id"))
          .isEqualTo(r.id().toString());
      assertThat(new JsonArray(list.body()).getJsonObject(0).getString("duration"))
          .isEqualTo("PT1M");
    }
    HttpResponse<byte[]> whole = audio(r.id(), ApiServer.QA, null);
    HttpResponse<byte[]> middle = audio(r.id(), ApiServer.SUPERVISOR, "bytes=10-19");
    HttpResponse<byte[]> tail = audio(r.id(), ApiServer.ADMIN, "bytes=-5");
    HttpResponse<byte[]> past = audio(r.id(), ApiServer.QA, "bytes=" + bytes.length + "-");
    HttpResponse<byte[]> huge = audio(r.id(), ApiServer.QA, "bytes=0-" + "9".repeat(30));

    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(bytes);
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
    assertThat(middle.headers().firstValue("content-range"))
        .hasValue("bytes 10-19/" + bytes.length);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length));
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(huge.statusCode()).isEqualTo(416);

    JsonArray trail =
        new JsonArray(api.get("/api/audit?recordingId=" + r.id(), ApiServer.ADMIN).body());
    assertThat(trail.stream().map(e -> ((JsonObject) e).getString("action")))
        .contains("LIST", "PLAY");
    assertThat(
            trail.stream()
                .map(e -> (JsonObject) e)
                .filter(e -> e.getString("action").equals("PLAY"))
                .map(
                    e ->
                        e.getString("principal")
                            + "/"
                            + e.getString("role")
                            + "/"
                            + e.getString("purpose")))
        .contains("wang/qa/QA sample");
  }

  @Test
  void agents_and_importers_may_not_list_or_play_and_only_admins_hold() throws Exception {
    Recording r =
        recorded(List.of("R-3"), "2026/11/23/c1-b.wav", wav(50), CALL.plusSeconds(1_000_000_000));

    assertThat(api.get("/api/recordings?policyNo=R-3", ApiServer.AGENT).statusCode())
        .isEqualTo(403);
    assertThat(api.get("/api/recordings?policyNo=R-3", ApiServer.IMPORTER).statusCode())
        .isEqualTo(403);
    assertThat(audio(r.id(), ApiServer.AGENT, null).statusCode()).isEqualTo(403);
    assertThat(
            api.send("POST", "/api/recordings/" + r.id() + "/hold", ApiServer.QA, null, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            api.send("POST", "/api/recordings/" + r.id() + "/hold", ApiServer.ADMIN, null, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(store.get(r.id()).await().orElseThrow().legalHold()).isTrue();
  }

  @Test
  void a_bad_search_names_each_bad_parameter() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + api.service.httpPort()
                            + "/api/recordings?from=yesterday&to=2026-11-24T00:00:00Z&limit=-5"))
                .header("Authorization", "Bearer " + ApiServer.QA)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(
            new JsonObject(r.body())
                .getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
        .containsExactly("from", "limit");
  }

  @Test
  void audio_that_no_longer_matches_its_sha256_is_refused() throws Exception {
    Recording r =
        recorded(List.of("R-4"), "2026/11/23/c1-c.wav", wav(50), CALL.plusSeconds(1_000_000_000));
    byte[] tampered = wav(50);
    tampered[60] ^= 1;
    Files.write(recordings.resolve(r.path()), tampered);

    assertThat(audio(r.id(), ApiServer.QA, null).statusCode()).isEqualTo(409);
  }

  @Test
  void the_purge_deletes_expired_audio_keeps_held_audio_and_audits_it() throws Exception {
    Recording expired =
        recorded(List.of("R-5"), "2026/11/23/c1-d.wav", wav(20), CALL.plusSeconds(10));
    Recording held = recorded(List.of("R-6"), "2026/11/23/c1-e.wav", wav(20), CALL.plusSeconds(10));
    store.hold(held.id(), true).await();
    AccessAudit audit = new AccessAudit(pool);
    RetentionPurge purge =
        new RetentionPurge(vertx, store, audit, new RecordingFiles(Map.of("pbx1", recordings)));

    int purged = purge.runOnce(CALL.plusSeconds(60)).await();

    assertThat(purged).isEqualTo(1);
    assertThat(recordings.resolve(expired.path())).doesNotExist();
    assertThat(recordings.resolve(held.path())).exists();
    assertThat(store.get(expired.id()).await().orElseThrow().state())
        .isEqualTo(Recording.State.PURGED);
    assertThat(audio(expired.id(), ApiServer.QA, null).statusCode()).isEqualTo(410);
    assertThat(audit.trail(expired.id(), 10).await().getJsonObject(0).getString("action"))
        .isEqualTo("PURGE");
    assertThat(audit.verify().await()).isInstanceOf(AccessAudit.Verdict.Intact.class);
  }
}
