package com.huifang.dialer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.ami.AmiPbx;
import com.huifang.dialer.call.AgentLegs;
import com.huifang.dialer.config.AmiEndpoint;
import com.huifang.dialer.config.PbxSettings;
import com.huifang.dialer.engine.AgentRing;
import com.huifang.dialer.engine.CallEnd;
import com.huifang.dialer.engine.DialRequest;
import com.huifang.dialer.pbx.Backoff;
import com.huifang.scheduler.outcome.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulated PBX through the real client stack: asterisk-java's ManagerConnection, our event
 * translation, call tracker and classifier. Each number family of the test plan must give the
 * outcome the real Asterisk transcripts give.
 */
@Timeout(30)
class PbxContractTest {

  @TempDir static Path recordings;

  private static Vertx vertx;
  private static SimPbx sim;
  private static AmiPbx pbx;
  private static AmiPbx asterisk;
  private static final CallRecorder calls = new CallRecorder();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    sim = SimPbx.start(vertx, SimPbx.Settings.forTests(recordings)).await();
    pbx = connect("sim", new AmiEndpoint("127.0.0.1", sim.port(), "dialer", "change-me"));
    String real = System.getenv("ASTERISK_AMI");
    if (real != null && !real.isBlank()) {
      String[] p = real.split(":", 4);
      asterisk = connect("asterisk", new AmiEndpoint(p[0], Integer.parseInt(p[1]), p[2], p[3]));
    }
    assertThat(pbx.available()).as("logged in to the simulated PBX").isTrue();
  }

  /** Connects an AMI PBX port that reports into this test's maps; waits for the login. */
  private static AmiPbx connect(String name, AmiEndpoint endpoint) throws Exception {
    PbxSettings settings =
        new PbxSettings(
            name,
            Optional.of(endpoint),
            Optional.empty(),
            "Local/{number}@outcomes",
            "Local/{extension}@agents",
            50,
            recordings);
    CompletableFuture<AmiPbx> created = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          AmiPbx p =
              new AmiPbx(
                  vertx,
                  settings,
                  new AmiConnection.Settings(
                      new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0),
                      Duration.ofSeconds(2),
                      1000,
                      RandomGenerator.getDefault(),
                      Clock.systemUTC()),
                  new SimpleMeterRegistry(),
                  Clock.systemUTC());
          p.listen(calls);
          p.start();
          created.complete(p);
        });
    AmiPbx connected = created.get(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!connected.available() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return connected;
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static CallEnd call(String number) throws Exception {
    return call(pbx, number, Duration.ofSeconds(10));
  }

  private static CallEnd call(AmiPbx target, String number, Duration wait) throws Exception {
    UUID id = UUID.randomUUID();
    CompletableFuture<CallEnd> end = calls.end(id);
    vertx.runOnContext(
        v ->
            target.dial(
                new DialRequest(
                    id, number, Duration.ofSeconds(40), Map.of("ATTEMPT_ID", id.toString()))));
    return end.get(wait.toSeconds(), TimeUnit.SECONDS);
  }

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of("13800001017", Outcome.BUSY, 17),
        Arguments.of("13800001034", Outcome.LINE_FAULT, 34),
        Arguments.of("13800001001", Outcome.EMPTY_NUMBER, 1),
        Arguments.of("13800001020", Outcome.POWERED_OFF, 20),
        Arguments.of("13800001021", Outcome.REJECTED, 21),
        Arguments.of("13800001019", Outcome.NO_ANSWER, 19),
        Arguments.of("13800001205", Outcome.NO_ANSWER, 19),
        Arguments.of("13800001302", Outcome.ANSWERED, 16),
        Arguments.of("13800001101", Outcome.ANSWERED, 16));
  }

  @ParameterizedTest(name = "simulated PBX: {0} gives {1}")
  @MethodSource("families")
  void each_number_family_ends_as_the_transcripts_say(String number, Outcome outcome, int cause)
      throws Exception {
    expect(call(number), outcome, cause);
  }

  /**
   * The same contract against a real Asterisk loaded with the test dialplan of {@code
   * src/test/captures/asterisk/conf/extensions.conf} (context {@code outcomes}); the test number is
   * dialled as its last four digits.
   */
  @ParameterizedTest(name = "real Asterisk: {0} gives {1}")
  @MethodSource("families")
  @Timeout(90)
  void a_real_asterisk_gives_the_same_outcomes(String number, Outcome outcome, int cause)
      throws Exception {
    assumeTrue(
        asterisk != null,
        "set ASTERISK_AMI=host:port:user:secret to run the PBX contract against a real Asterisk"
            + " (see README, Testing against a real Asterisk)");
    assertThat(asterisk.available())
        .as("logged in to " + System.getenv("ASTERISK_AMI").split(":")[0])
        .isTrue();
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
  void an_answered_customer_is_put_through_to_an_agent_and_recorded_into_a_valid_wav()
      throws Exception {
    UUID id = UUID.randomUUID();
    CompletableFuture<CallEnd> end = calls.end(id);
    CompletableFuture<Instant> answered = calls.answer(id);
    vertx.runOnContext(
        v -> pbx.dial(new DialRequest(id, "13800001399", Duration.ofSeconds(30), Map.of())));
    answered.get(5, TimeUnit.SECONDS);
    CompletableFuture<Void> connected = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            pbx.record(id, "2026/11/23/c1-" + id + ".wav")
                .compose(x -> pbx.connect(id, "2001"))
                .onComplete(
                    r -> {
                      if (r.succeeded()) {
                        connected.complete(null);
                      } else {
                        connected.completeExceptionally(r.cause());
                      }
                    }));
    connected.get(5, TimeUnit.SECONDS);

    assertThat(end.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.ANSWERED);
    Path wav = recordings.resolve("2026/11/23/c1-" + id + ".wav");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(wav) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    byte[] bytes = Files.readAllBytes(wav);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("RIFF");
    assertThat(new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("WAVE");
    assertThat(b.getInt(4)).isEqualTo(bytes.length - 8);
    assertThat(b.getInt(24)).isEqualTo(8000);
    assertThat(b.getInt(40)).isEqualTo(bytes.length - 44);
  }

  private static void await(java.util.function.Supplier<io.vertx.core.Future<Void>> action)
      throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            action
                .get()
                .onComplete(
                    r -> {
                      if (r.succeeded()) {
                        done.complete(null);
                      } else {
                        done.completeExceptionally(r.cause());
                      }
                    }));
    done.get(5, TimeUnit.SECONDS);
  }

  private static AgentRing ring(UUID id, String extension) {
    return new AgentRing(
        id, extension, Duration.ofSeconds(20), Map.of("ATTEMPT_ID", id.toString()));
  }

  @Test
  void preview_rings_the_agent_first_then_bridges_the_customer_dialled_after_the_answer()
      throws Exception {
    UUID id = UUID.randomUUID();

    await(() -> pbx.ringAgent(ring(id, "2001")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    await(() -> pbx.dial(new DialRequest(id, "13800001399", Duration.ofSeconds(30), Map.of())));
    calls.answer(id).get(5, TimeUnit.SECONDS);
    await(() -> pbx.connect(id, "2001"));

    assertThat(calls.end(id).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(sim.originateOrder(AgentLegs.channelId(id)))
        .isPositive()
        .isLessThan(sim.originateOrder(id.toString()));
    assertThat(calls.agentMissed(id)).isNotDone();
  }

  @Test
  void preview_an_agent_whose_customer_does_not_answer_is_hung_up_with_the_customer_call()
      throws Exception {
    UUID id = UUID.randomUUID();
    await(() -> pbx.ringAgent(ring(id, "2002")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    int before = sim.liveChannels();

    await(() -> pbx.dial(new DialRequest(id, "13800001017", Duration.ofSeconds(30), Map.of())));

    assertThat(calls.end(id).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.BUSY);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sim.liveChannels() >= before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sim.liveChannels()).as("the agent's leg was hung up").isLessThan(before);
  }

  @Test
  void preview_an_agent_whose_customer_will_not_be_dialled_is_hung_up() throws Exception {
    UUID id = UUID.randomUUID();
    await(() -> pbx.ringAgent(ring(id, "2003")));
    calls.agentAnswer(id).get(5, TimeUnit.SECONDS);
    String agent = AgentLegs.channelId(id);
    Thread.sleep(200);
    assertThat(sim.isUp(agent).await()).as("the answered agent waits").isTrue();

    await(() -> pbx.dropAgent(id));

    // at once, well before the call's own expiry would end the leg (a few seconds)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (sim.isUp(agent).await() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sim.isUp(agent).await()).as("the agent's leg was hung up").isFalse();
    assertThat(calls.agentMissed(id)).as("a dropped leg is not reported as missed").isNotDone();
    assertThat(sim.originateOrder(id.toString())).as("no customer was dialled").isEqualTo(-1);
  }

  @ParameterizedTest(name = "preview: agent {0} is unreachable with {1}")
  @CsvSource({"2091, NOANSWER", "2099, BUSY"})
  void preview_an_absent_or_busy_agent_is_reported_and_no_customer_is_dialled(
      String extension, String status) throws Exception {
    UUID id = UUID.randomUUID();

    await(() -> pbx.ringAgent(ring(id, extension)));

    assertThat(calls.agentMissed(id).get(5, TimeUnit.SECONDS)).isEqualTo(status);
    assertThat(calls.agentAnswer(id)).isNotDone();
    assertThat(sim.originateOrder(id.toString())).isEqualTo(-1);
  }

  @Test
  void an_agent_phone_that_does_not_answer_leaves_the_customer_up_for_another_agent()
      throws Exception {
    UUID id = UUID.randomUUID();
    vertx.runOnContext(
        v -> pbx.dial(new DialRequest(id, "13800001399", Duration.ofSeconds(30), Map.of())));
    calls.answer(id).get(5, TimeUnit.SECONDS);

    await(() -> pbx.connect(id, "2093"));
    assertThat(calls.agentMissed(id).get(5, TimeUnit.SECONDS)).isEqualTo("NOANSWER");
    assertThat(calls.end(id)).as("the customer is still up").isNotDone();
    await(() -> pbx.connect(id, "2003"));

    assertThat(calls.end(id).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.ANSWERED);
  }

  @Test
  void events_reordered_inside_a_millisecond_give_the_same_outcome() throws Exception {
    sim.reorderSameMillisecond(true);
    try {
      assertThat(call("13800001017").outcome()).isEqualTo(Outcome.BUSY);
      assertThat(call("13800001001").outcome()).isEqualTo(Outcome.EMPTY_NUMBER);
    } finally {
      sim.reorderSameMillisecond(false);
    }
  }

  @Test
  void a_refusal_naming_a_customer_channel_keeps_the_number_masked() {
    String channel = "Local/13800001017@outcomes-0000002a;1";

    assertThatThrownBy(() -> await(() -> pbx.connection().redirect(channel, "agents", "2001")))
        .hasRootCauseMessage(
            "PBX sim refused Redirect: Channel does not exist: Local/138****1017@outcomes-0000002a;1");
  }

  @Test
  void a_garbled_frame_is_skipped_and_the_connection_lives_on() throws Exception {
    sim.garbleNext(1);

    assertThat(call("13800001021").outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(call("13800001017").outcome()).isEqualTo(Outcome.BUSY);
  }
}
