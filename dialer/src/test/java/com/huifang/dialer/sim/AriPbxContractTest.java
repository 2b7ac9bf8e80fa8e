package com.huifang.dialer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.huifang.dialer.ari.AriConnection;
import com.huifang.dialer.ari.AriPbx;
import com.huifang.dialer.config.AriEndpoint;
import com.huifang.dialer.config.PbxSettings;
import com.huifang.dialer.engine.AgentRing;
import com.huifang.dialer.engine.CallEnd;
import com.huifang.dialer.engine.DialRequest;
import com.huifang.dialer.pbx.Backoff;
import com.huifang.dialer.pbx.PbxConnectionState;
import com.huifang.scheduler.outcome.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PBX contract over ARI: the simulated PBX's ARI side through the real client stack (Vert.x
 * WebClient and WebSocket, {@link AriPbx}, the event translator, call tracker and classifier). Each
 * number family of the test plan must end as over AMI ({@link PbxContractTest#families}); the same
 * cases run against a real Asterisk when {@code ASTERISK_ARI=url:user:password} is set.
 */
@Timeout(30)
class AriPbxContractTest {

  @TempDir static Path recordings;
  @TempDir static Path elsewhere;

  private static Vertx vertx;
  private static SimAri sim;
  private static AriPbx pbx;
  private static AriPbx asterisk;
  private static final CallRecorder calls = new CallRecorder();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // a hundredfold compressed time: long enough calls for the tests that act on them mid-call
    sim =
        SimAri.start(
                vertx,
                new SimPbx.Settings(
                    "127.0.0.1",
                    0,
                    "dialer",
                    "change-me",
                    0.01,
                    recordings,
                    1000,
                    new SimClock(Instant.now(), 100)))
            .await();
    pbx = connect("sim", endpoint("change-me"));
    String real = System.getenv("ASTERISK_ARI");
    if (real != null && !real.isBlank()) {
      int password = real.lastIndexOf(':');
      int user = real.lastIndexOf(':', password - 1);
      asterisk =
          connect(
              "asterisk",
              new AriEndpoint(
                  URI.create(real.substring(0, user)),
                  real.substring(user + 1, password),
                  real.substring(password + 1)));
    }
    assertThat(pbx.available()).as("events WebSocket of the simulated PBX open").isTrue();
  }

  private static AriEndpoint endpoint(String password) {
    return new AriEndpoint(URI.create("http://127.0.0.1:" + sim.port()), "dialer", password);
  }

  /** Connects an ARI PBX port that reports into this test's maps; waits for the events socket. */
  private static AriPbx connect(String name, AriEndpoint endpoint) throws Exception {
    PbxSettings settings =
        new PbxSettings(
            name,
            Optional.empty(),
            Optional.of(endpoint),
            "Local/{number}@outcomes",
            "Local/{extension}@agents",
            50,
            recordings);
    CompletableFuture<AriPbx> created = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          AriPbx p =
              new AriPbx(
                  vertx,
                  settings,
                  new AriConnection.Settings(
                      new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0),
                      Duration.ofSeconds(2),
                      RandomGenerator.getDefault(),
                      Clock.systemUTC()),
                  new SimpleMeterRegistry(),
                  Clock.systemUTC());
          p.listen(calls);
          p.start();
          created.complete(p);
        });
    AriPbx connected = created.get(5, TimeUnit.SECONDS);
    await(() -> connected.connection().state() != PbxConnectionState.CONNECTING, 10);
    return connected;
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static void await(Supplier<Boolean> condition, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.get() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Runs {@code action} on the PBX's context and waits for its future. */
  private static <T> T on(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            action
                .get()
                .onComplete(
                    r -> {
                      if (r.succeeded()) {
                        done.complete(r.result());
                      } else {
                        done.completeExceptionally(r.cause());
                      }
                    }));
    return done.get(10, TimeUnit.SECONDS);
  }

  private static UUID dial(AriPbx target, String number) throws Exception {
    UUID id = UUID.randomUUID();
    on(
        () ->
            target.dial(
                new DialRequest(
                    id, number, Duration.ofSeconds(40), Map.of("ATTEMPT_ID", id.toString()))));
    return id;
  }

  private static CallEnd call(AriPbx target, String number, Duration wait) throws Exception {
    return calls.end(dial(target, number)).get(wait.toSeconds(), TimeUnit.SECONDS);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> families() {
    return PbxContractTest.families();
  }

  @ParameterizedTest(name = "simulated PBX over ARI: {0} gives {1}")
  @MethodSource("families")
  void each_number_family_ends_as_the_transcripts_say(String number, Outcome outcome, int cause)
      throws Exception {
    expect(call(pbx, number, Duration.ofSeconds(10)), outcome, cause);
  }

  /**
   * The same contract against a real Asterisk with the test dialplan of {@code
   * src/test/captures/asterisk/conf/extensions.conf} and an ARI user; the test number is dialled as
   * its last four digits.
   */
  @ParameterizedTest(name = "real Asterisk over ARI: {0} gives {1}")
  @MethodSource("families")
  @Timeout(90)
  void a_real_asterisk_gives_the_same_outcomes(String number, Outcome outcome, int cause)
      throws Exception {
    assumeTrue(
        asterisk != null,
        "set ASTERISK_ARI=http://host:8088:user:password to run the ARI PBX contract against a"
            + " real Asterisk (see README, Testing against a real Asterisk)");
    assertThat(asterisk.available()).as("events WebSocket of the real Asterisk open").isTrue();
    expect(
        call(asterisk, number.substring(number.length() - 4), Duration.ofSeconds(60)),
        outcome,
        cause);
  }

  private static void expect(CallEnd end, Outcome outcome, int cause) {
    assertThat(end.outcome()).isEqualTo(outcome);
    assertThat(end.cause()).isEqualTo(cause);
    assertThat(end.answeredAt() != null).isEqualTo(outcome == Outcome.ANSWERED);
  }

  @Test
  void an_answered_customer_is_bridged_to_the_agent_recorded_and_both_legs_end_together()
      throws Exception {
    UUID id = dial(pbx, "13800001399");
    calls.answer(id).get(5, TimeUnit.SECONDS);
    String file = "2026/11/23/c1-" + id + ".wav";

    on(() -> pbx.record(id, file).compose(x -> pbx.connect(id, "2001")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    assertThat(sim.bridgeChannels("bridge-" + id).orElseThrow())
        .as("the bridge while they talk")
        .containsExactlyInAnyOrder(id.toString(), agentLeg(id).getKey());
    assertThat(on(pbx::liveAttempts)).contains(id);

    // the customer hangs up after 99 simulated seconds; the agent's phone would stay up for an hour
    CallEnd end = calls.end(id).get(10, TimeUnit.SECONDS);
    assertThat(end.outcome()).isEqualTo(Outcome.ANSWERED);
    await(() -> sim.liveChannels() == 0 && sim.bridgeChannels("bridge-" + id).isEmpty(), 5);
    assertThat(sim.liveChannels()).as("the agent's leg is hung up with the customer").isZero();
    assertThat(sim.bridgeChannels("bridge-" + id)).as("the bridge is destroyed").isEmpty();
    assertThat(on(pbx::liveAttempts)).doesNotContain(id);
    Path wav = recordings.resolve(file);
    await(() -> Files.exists(wav), 5);
    assertValidWav(Files.readAllBytes(wav));
  }

  @Test
  void a_recording_not_in_the_directory_is_fetched_from_the_pbx() throws Exception {
    UUID id = dial(pbx, "13800001330");
    calls.answer(id).get(5, TimeUnit.SECONDS);
    String file = "2026/11/24/c2-" + id + ".wav";
    on(() -> pbx.record(id, file));
    calls.end(id).get(10, TimeUnit.SECONDS);
    Path target = elsewhere.resolve(file);

    await(
        () -> {
          try {
            on(() -> pbx.fetchRecording(file, target));
            return true;
          } catch (Exception e) {
            return false;
          }
        },
        5);

    assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(recordings.resolve(file)));
    assertValidWav(Files.readAllBytes(target));
  }

  @Test
  void a_recording_that_does_not_exist_is_refused_with_404() {
    CompletableFuture<Void> fetched = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            pbx.fetchRecording("2026/01/01/none.wav", elsewhere.resolve("none.wav"))
                .onComplete(
                    r -> {
                      if (r.succeeded()) {
                        fetched.complete(null);
                      } else {
                        fetched.completeExceptionally(r.cause());
                      }
                    }));
    assertThat(fetched)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOfSatisfying(
            AriConnection.Refused.class, r -> assertThat(r.status()).isEqualTo(404));
  }

  @Test
  void an_abandoned_customer_hears_the_apology_and_the_call_ends() throws Exception {
    UUID id = dial(pbx, "13800001101");
    calls.answer(id).get(5, TimeUnit.SECONDS);

    on(() -> pbx.abandon(id));

    CallEnd end = calls.end(id).get(5, TimeUnit.SECONDS);
    assertThat(end.answeredAt()).isNotNull();
    // 3 simulated seconds of apology, not the 90 s the customer would have stayed
    assertThat(Duration.between(end.answeredAt(), end.endedAt()))
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void an_agent_phone_that_does_not_answer_leaves_the_customer_up_for_another_agent()
      throws Exception {
    UUID id = dial(pbx, "13800001399");
    calls.answer(id).get(5, TimeUnit.SECONDS);

    on(() -> pbx.connect(id, "2093"));
    assertThat(calls.agentMissed(id).get(5, TimeUnit.SECONDS)).isEqualTo("NOANSWER");
    assertThat(calls.end(id)).as("the customer is still up").isNotDone();
    assertThat(calls.agentAnswer(id)).isNotDone();
    on(() -> pbx.connect(id, "2003"));

    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    assertThat(sim.bridgeChannels("bridge-" + id).orElseThrow())
        .as("the customer and the second agent talk")
        .containsExactlyInAnyOrder(id.toString(), agentLeg(id, 2).getKey());
    assertThat(calls.end(id).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.ANSWERED);
  }

  @ParameterizedTest(name = "a busy or unknown agent phone {0} is told as {1}, the customer kept")
  @CsvSource({"2099, BUSY", "1020, CHANUNAVAIL"})
  void an_agent_phone_that_cannot_be_reached_is_told_with_its_dial_status(
      String extension, String status) throws Exception {
    UUID id = dial(pbx, "13800001399");
    calls.answer(id).get(5, TimeUnit.SECONDS);

    on(() -> pbx.connect(id, extension));

    assertThat(calls.agentMissed(id).get(5, TimeUnit.SECONDS)).isEqualTo(status);
    assertThat(calls.end(id)).as("the customer is still up").isNotDone();
  }

  private static AgentRing ring(UUID id, String extension) {
    return new AgentRing(
        id, extension, Duration.ofSeconds(20), Map.of("ATTEMPT_ID", id.toString()));
  }

  /**
   * The channel id of the first agent's leg rung for {@code id}, and the place of its originate.
   */
  private static Map.Entry<String, Long> agentLeg(UUID id) {
    return agentLeg(id, 1);
  }

  /**
   * The {@code n}-th agent's leg rung for {@code id} (1 for the first), and its originate's place.
   */
  private static Map.Entry<String, Long> agentLeg(UUID id, int n) {
    return sim.originateOrders().entrySet().stream()
        .filter(e -> e.getKey().startsWith(id + "-agent-"))
        .sorted(Map.Entry.comparingByValue())
        .skip(n - 1L)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no agent leg " + n + " originated for " + id));
  }

  private static boolean channelGone(String channelId) {
    return send("GET", "http://127.0.0.1:" + sim.port() + "/ari/channels/" + channelId).statusCode()
        == 404;
  }

  @Test
  void preview_rings_the_agent_first_then_bridges_the_customer_dialled_after_the_answer()
      throws Exception {
    UUID id = UUID.randomUUID();

    on(() -> pbx.ringAgent(ring(id, "2001")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    assertThat(sim.originateOrders()).doesNotContainKey(id.toString());
    on(
        () ->
            pbx.dial(
                new DialRequest(
                    id,
                    "13800001399",
                    Duration.ofSeconds(30),
                    Map.of("ATTEMPT_ID", id.toString()))));
    calls.answer(id).get(5, TimeUnit.SECONDS);
    on(() -> pbx.connect(id, "2001"));
    assertThat(on(pbx::liveAttempts)).contains(id);
    assertThat(sim.bridgeChannels("bridge-" + id).orElseThrow())
        .as("the customer joined the agent")
        .containsExactlyInAnyOrder(agentLeg(id).getKey(), id.toString());

    CallEnd end = calls.end(id).get(10, TimeUnit.SECONDS);
    assertThat(end.outcome()).isEqualTo(Outcome.ANSWERED);
    Map.Entry<String, Long> agent = agentLeg(id);
    assertThat(agent.getValue()).isLessThan(sim.originateOrders().get(id.toString()));
    assertThat(calls.agentMissed(id)).isNotDone();
    await(() -> channelGone(agent.getKey()), 5);
    assertThat(channelGone(agent.getKey())).as("the agent's leg ends with the call").isTrue();
  }

  @Test
  void preview_an_agent_whose_customer_does_not_answer_is_hung_up_with_the_customer_call()
      throws Exception {
    UUID id = UUID.randomUUID();
    on(() -> pbx.ringAgent(ring(id, "2002")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    String agent = agentLeg(id).getKey();
    assertThat(channelGone(agent)).as("the answered agent waits").isFalse();

    on(() -> pbx.dial(new DialRequest(id, "13800001017", Duration.ofSeconds(30), Map.of())));

    assertThat(calls.end(id).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.BUSY);
    await(() -> channelGone(agent), 5);
    assertThat(channelGone(agent)).as("the agent's leg was hung up").isTrue();
  }

  @Test
  void preview_an_agent_whose_customer_will_not_be_dialled_is_hung_up() throws Exception {
    UUID id = UUID.randomUUID();
    on(() -> pbx.ringAgent(ring(id, "2003")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    String agent = agentLeg(id).getKey();
    Thread.sleep(200);
    assertThat(channelGone(agent)).as("the answered agent waits").isFalse();

    on(() -> pbx.dropAgent(id));

    await(() -> channelGone(agent), 5);
    assertThat(channelGone(agent)).as("the agent's leg was hung up").isTrue();
    assertThat(calls.agentMissed(id)).as("a dropped leg is not reported as missed").isNotDone();
  }

  @ParameterizedTest(name = "preview: agent {0} is unreachable with {1}")
  @CsvSource({"2091, NOANSWER", "2099, BUSY"})
  void preview_an_absent_or_busy_agent_is_reported_and_no_customer_is_dialled(
      String extension, String status) throws Exception {
    UUID id = UUID.randomUUID();

    on(() -> pbx.ringAgent(ring(id, extension)));

    assertThat(calls.agentMissed(id).get(5, TimeUnit.SECONDS)).isEqualTo(status);
    assertThat(calls.agentAnswer(id)).isNotDone();
    assertThat(sim.originateOrders()).doesNotContainKey(id.toString());
    assertThat(channelGone(agentLeg(id).getKey())).isTrue();
  }

  @Test
  void a_channel_id_dialled_twice_is_refused_and_counted_and_a_wrong_password_gets_401()
      throws Exception {
    long before = sim.duplicateOriginates();
    String channelId = UUID.randomUUID().toString();
    String uri =
        "http://127.0.0.1:"
            + sim.port()
            + "/ari/channels?endpoint=Local/13800001399@outcomes&app=other&channelId="
            + channelId;

    assertThat(post(uri, "dialer:change-me").statusCode()).isEqualTo(200);
    assertThat(post(uri, "dialer:change-me").statusCode()).isEqualTo(409);
    assertThat(post(uri, "dialer:wrong").statusCode()).isEqualTo(401);

    assertThat(sim.duplicateOriginates()).isEqualTo(before + 1);
    String base = "http://127.0.0.1:" + sim.port() + "/ari";
    await(() -> send("GET", base + "/channels/" + channelId).body().contains("\"Up\""), 5);
    assertThat(
            send("POST", base + "/channels/" + channelId + "/record?name=raw-" + channelId)
                .statusCode())
        .as("a channel in Stasis is recorded")
        .isEqualTo(201);
    assertThat(send("DELETE", base + "/channels/" + channelId).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", base + "/channels/" + channelId).statusCode()).isEqualTo(404);
    await(
        () ->
            send("GET", base + "/recordings/stored/raw-" + channelId + "/file").statusCode() == 200,
        5);
    assertThat(send("GET", base + "/recordings/stored/raw-" + channelId + "/file").body())
        .startsWith("RIFF");
  }

  private static HttpResponse<String> send(String method, String uri) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(uri))
              .header("Authorization", basic("dialer:change-me"))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> post(String uri, String credentials) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", basic(credentials))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void a_call_whose_originate_reply_is_lost_is_still_followed_to_its_end() throws Exception {
    sim.loseOriginateReplies(true);
    try {
      // the request times out after 2 s; the call was placed and its events settle it
      CallEnd end = call(pbx, "13800001017", Duration.ofSeconds(10));

      assertThat(end.outcome()).isEqualTo(Outcome.BUSY);
      assertThat(end.cause()).isEqualTo(17);
    } finally {
      sim.loseOriginateReplies(false);
    }
  }

  @Test
  void a_wrong_password_is_told_as_authentication_failed() throws Exception {
    AriPbx wrong = connect("wrong", endpoint("not-the-password"));

    assertThat(wrong.available()).isFalse();
    assertThat(wrong.connection().state()).isEqualTo(PbxConnectionState.AUTH_FAILED);
    assertThat(wrong.connection().lastError()).contains("authentication failed");
    on(wrong::stop);
  }

  @Test
  void after_the_events_socket_drops_the_pbx_reconnects_and_asks_for_reconciliation()
      throws Exception {
    sim.dropConnections();

    calls.reconnected().get(10, TimeUnit.SECONDS);
    await(pbx::available, 5);
    assertThat(pbx.available()).isTrue();
    assertThat(call(pbx, "13800001017", Duration.ofSeconds(10)).outcome()).isEqualTo(Outcome.BUSY);
  }

  private static void assertValidWav(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("RIFF");
    assertThat(new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("WAVE");
    assertThat(b.getInt(4)).isEqualTo(bytes.length - 8);
    assertThat(b.getInt(40)).isEqualTo(bytes.length - 44);
  }
}
