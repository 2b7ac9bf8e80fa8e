package com.huifang.dialer.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.call.CallUpdate.Answered;
import com.huifang.dialer.call.CallUpdate.CallResult;
import com.huifang.dialer.config.AmiEndpoint;
import com.huifang.dialer.pbx.OriginateRequest;
import com.huifang.dialer.pbx.PbxConnectionState;
import com.huifang.scheduler.outcome.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.asteriskjava.manager.event.ManagerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real AMI transcript of shared/asterisk/ami, replayed byte for byte by {@link
 * TranscriptAmiServer} to a real {@link AmiConnection} (asterisk-java), then translated, tracked
 * and classified: the outcome must be the one the capture shows.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AmiReplayTest {

  /** Outcome and far-leg cause per transcript, as each capture's own summary shows them. */
  private static final Map<String, Expected> EXPECTED =
      Map.ofEntries(
          Map.entry("1000_answer", new Expected(Outcome.ANSWERED, 16, "ANSWER")),
          Map.entry("1000_to_agent2001", new Expected(Outcome.ANSWERED, 16, "ANSWER")),
          Map.entry("rec_1000_agent2002", new Expected(Outcome.ANSWERED, 16, "ANSWER")),
          Map.entry("1001_unallocated", new Expected(Outcome.EMPTY_NUMBER, 1, "NOANSWER")),
          Map.entry("1017_busy", new Expected(Outcome.BUSY, 17, "BUSY")),
          Map.entry("channelid_1017", new Expected(Outcome.BUSY, 17, "BUSY")),
          Map.entry("1019_noanswer_t40", new Expected(Outcome.NO_ANSWER, 19, "NOANSWER")),
          Map.entry("1020_absent", new Expected(Outcome.POWERED_OFF, 20, "CHANUNAVAIL")),
          Map.entry("1021_rejected", new Expected(Outcome.REJECTED, 21, "NOANSWER")),
          Map.entry("1034_congestion", new Expected(Outcome.LINE_FAULT, 34, "CONGESTION")),
          Map.entry("pjsip_404", new Expected(Outcome.EMPTY_NUMBER, 1, "NOANSWER")),
          Map.entry("pjsip_486", new Expected(Outcome.BUSY, 17, "BUSY")),
          Map.entry("sip_486", new Expected(Outcome.BUSY, 17, "BUSY")));

  private record Expected(Outcome outcome, int farCause, String dialStatus) {}

  private static Vertx vertx;
  private static TranscriptAmiServer server;
  private static Context context;
  private static final Map<String, AmiTranscript> TRANSCRIPTS = new HashMap<>();
  private static final Map<UUID, CompletableFuture<CallResult>> RESULTS = new ConcurrentHashMap<>();
  private static final Map<UUID, Answered> ANSWERED = new ConcurrentHashMap<>();

  /** The dialer's client, which asks the PBX for the events it reads only. */
  private static Client filtered;

  /** A client that takes every event, to show the filters change no outcome. */
  private static Client unfiltered;

  /** One AMI connection with its own translator and tracker, on {@link #context}. */
  private record Client(
      AmiConnection connection, AmiEventTranslator translator, CallTracker tracker) {

    static Client start(List<String> eventNames) {
      AmiEventTranslator translator = new AmiEventTranslator("replay", Clock.systemUTC());
      CallTracker tracker = CallTracker.withDefaults(OutcomeClassifier.withDefaults());
      AmiConnection connection =
          new AmiConnection(
              vertx,
              "replay",
              new AmiEndpoint("127.0.0.1", server.port(), "dialer", "secret"),
              AmiConnection.Settings.defaults(),
              new SimpleMeterRegistry(),
              eventNames,
              event -> onEvent(translator, tracker, event),
              r -> {});
      connection.start();
      return new Client(connection, translator, tracker);
    }
  }

  static Stream<Path> transcripts() {
    return SharedAsterisk.files("ami", ".txt").stream();
  }

  static Stream<Arguments> shuffled() {
    return transcripts().flatMap(f -> Stream.of(1L, 2L, 3L, 4L).map(s -> Arguments.of(f, s)));
  }

  @BeforeAll
  static void startPbx() throws Exception {
    for (Path file : SharedAsterisk.files("ami", ".txt")) {
      AmiTranscript t = AmiTranscript.read(file);
      TRANSCRIPTS.put(t.name(), t);
    }
    server = new TranscriptAmiServer(List.copyOf(TRANSCRIPTS.values()));
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    CompletableFuture<Void> created = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          filtered = Client.start(AmiEventTranslator.EVENTS);
          unfiltered = Client.start(List.of());
          created.complete(null);
        });
    created.get(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (filtered.connection().state() != PbxConnectionState.CONNECTED
        || unfiltered.connection().state() != PbxConnectionState.CONNECTED) {
      assertThat(System.nanoTime()).as("AMI login to the replay server").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stopPbx() throws Exception {
    for (Client c : new Client[] {filtered, unfiltered}) {
      if (c != null) {
        c.connection().stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  /** On the connection's context, like the dialer's own handler. */
  private static void onEvent(
      AmiEventTranslator translator, CallTracker tracker, ManagerEvent event) {
    translator
        .translate(event)
        .ifPresent(
            e -> {
              for (CallUpdate update : tracker.accept(e)) {
                switch (update) {
                  case Answered a -> ANSWERED.put(a.attemptId(), a);
                  case CallResult r ->
                      RESULTS
                          .computeIfAbsent(r.attemptId(), id -> new CompletableFuture<>())
                          .complete(r);
                }
              }
            });
  }

  private static CallResult replay(String name, Long shuffleSeed) throws Exception {
    return replay(filtered, name, shuffleSeed);
  }

  private static CallResult replay(Client client, String name, Long shuffleSeed) throws Exception {
    AmiTranscript transcript = TRANSCRIPTS.get(name);
    JsonObject originate = transcript.originate();
    UUID attempt = UUID.randomUUID();
    Duration ringTimeout = Duration.ofMillis(Long.parseLong(originate.getString("Timeout")));
    Map<String, String> variables = new HashMap<>();
    variables.put("TRANSCRIPT", name);
    if (shuffleSeed != null) {
      variables.put("SHUFFLE", shuffleSeed.toString());
    }
    OriginateRequest request =
        new OriginateRequest(
            attempt,
            originate.getString("Channel"),
            originate.getString("Context", "park"),
            originate.getString("Exten", "s"),
            ringTimeout,
            variables);
    CompletableFuture<CallResult> result =
        RESULTS.computeIfAbsent(attempt, id -> new CompletableFuture<>());
    context.runOnContext(
        v -> {
          client.tracker().expect(attempt, attempt.toString(), Instant.now(), ringTimeout);
          client.connection().originate(request).onFailure(result::completeExceptionally);
        });
    return result.get(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void everyTranscriptGivesTheCapturedOutcome(Path file) throws Exception {
    String name = SharedAsterisk.name(file);
    Expected expected = EXPECTED.get(name);
    assertThat(expected).as("an expected outcome for " + file).isNotNull();

    CallResult result = replay(name, null);

    assertThat(result.outcome()).as(name).isEqualTo(expected.outcome());
    assertThat(result.farCause()).as(name + " far-leg cause").isEqualTo(expected.farCause());
    assertThat(result.dialStatus()).as(name + " dial status").isEqualTo(expected.dialStatus());
    boolean answered = expected.outcome() == Outcome.ANSWERED;
    assertThat(result.answeredAt().isPresent()).as(name + " answered").isEqualTo(answered);
    assertThat(ANSWERED.containsKey(result.attemptId())).as(name + " Answered").isEqualTo(answered);
    if (answered) {
      assertThat(ANSWERED.get(result.attemptId()).channel()).startsWith("Local/1000@outcomes-");
    }
    assertThat(result.recordingStartedAt().isPresent())
        .as(name + " recorded")
        .isEqualTo(name.startsWith("rec_"));
    assertThat(filtered.translator().malformed()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void asking_for_the_events_read_only_changes_no_outcome(Path file) throws Exception {
    String name = SharedAsterisk.name(file);

    CallResult asked = replay(filtered, name, null);
    CallResult all = replay(unfiltered, name, null);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (server.withheldEvents(asked.attemptId().toString()) == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.withheldEvents(asked.attemptId().toString()))
        .as(name + ": events the dialer's filters kept back")
        .isPositive();
    assertThat(server.withheldEvents(all.attemptId().toString())).isZero();
    assertThat(asked.outcome()).as(name).isEqualTo(all.outcome());
    assertThat(asked.farCause()).as(name).isEqualTo(all.farCause());
    assertThat(asked.dialStatus()).as(name).isEqualTo(all.dialStatus());
    assertThat(asked.answeredAt()).as(name).isEqualTo(all.answeredAt());
    assertThat(asked.recordingStartedAt()).as(name).isEqualTo(all.recordingStartedAt());
    assertThat(asked.endedAt()).as(name).isEqualTo(all.endedAt());
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("shuffled")
  void eventsOfOneMillisecondInAnyOrderGiveTheSameOutcome(Path file, long seed) throws Exception {
    String name = SharedAsterisk.name(file);

    CallResult result = replay(name, seed);

    assertThat(result.outcome()).as(name + " seed " + seed).isEqualTo(EXPECTED.get(name).outcome());
  }

  @Test
  void completedCallsLeaveNoState() throws Exception {
    replay("1017_busy", null);
    CompletableFuture<Integer> inFlight = new CompletableFuture<>();
    context.runOnContext(v -> inFlight.complete(filtered.tracker().inFlight()));
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).isZero();
  }
}
