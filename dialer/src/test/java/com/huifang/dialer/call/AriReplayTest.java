package com.huifang.dialer.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.call.CallUpdate.Answered;
import com.huifang.dialer.call.CallUpdate.CallResult;
import com.huifang.scheduler.outcome.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real ARI event stream of shared/asterisk/ari through {@link AriEventTranslator} and {@link
 * CallTracker}. The created channel's id is replaced by the attempt id, as when {@code POST
 * /channels} passes {@code channelId}.
 */
class AriReplayTest {

  private static final Map<String, Outcome> EXPECTED =
      Map.of(
          "dial_1000", Outcome.ANSWERED,
          "originate_1000", Outcome.ANSWERED,
          "dial_1017", Outcome.BUSY,
          "dial_1020", Outcome.POWERED_OFF,
          "originate_1001", Outcome.EMPTY_NUMBER);

  static Stream<Path> streams() {
    return SharedAsterisk.files("ari", ".json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void everyStreamGivesTheCapturedOutcome(Path file) throws Exception {
    String name = SharedAsterisk.name(file);
    assertThat(EXPECTED).as("an expected outcome for " + file).containsKey(name);
    UUID attempt = UUID.randomUUID();
    JsonArray stream = new JsonArray(Files.readString(file));
    String createdId =
        stream.getJsonObject(0).getJsonObject("event").getJsonObject("body").getString("id");
    stream =
        new JsonArray(
            Files.readString(file).replace('"' + createdId + '"', '"' + attempt.toString() + '"'));

    AriEventTranslator translator = new AriEventTranslator("replay", Clock.systemUTC());
    CallTracker tracker = CallTracker.withDefaults(OutcomeClassifier.withDefaults());
    List<CallUpdate> updates = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      JsonObject event = stream.getJsonObject(i).getJsonObject("event");
      String type = event.getString("type");
      if (type.equals("HTTP 200")) {
        JsonObject channel = event.getJsonObject("body");
        Instant created =
            OffsetDateTime.parse(
                    channel.getString("creationtime"),
                    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"))
                .toInstant();
        tracker.expect(attempt, attempt.toString(), created, Duration.ofSeconds(30));
        updates.addAll(tracker.accept(translator.originated(attempt.toString(), channel, created)));
      } else if (!type.startsWith("HTTP")) {
        translator.translate(event).ifPresent(e -> updates.addAll(tracker.accept(e)));
      }
    }

    List<CallResult> results =
        updates.stream().filter(CallResult.class::isInstance).map(CallResult.class::cast).toList();
    assertThat(results).as(name).hasSize(1);
    assertThat(results.get(0).outcome()).as(name).isEqualTo(EXPECTED.get(name));
    assertThat(updates.stream().anyMatch(Answered.class::isInstance))
        .as(name + " Answered")
        .isEqualTo(EXPECTED.get(name) == Outcome.ANSWERED);
    assertThat(tracker.inFlight()).isZero();
    assertThat(translator.malformed()).isZero();
  }

  @Test
  void aChannelRecordingStartIsTheCallsRecordingStart() {
    AriEventTranslator translator = new AriEventTranslator("replay", Clock.systemUTC());
    JsonObject started =
        new JsonObject()
            .put("type", "RecordingStarted")
            .put("timestamp", "2026-11-22T06:01:36.001+0000")
            .put(
                "recording",
                new JsonObject()
                    .put("name", "2026/11/22/c1-x")
                    .put("state", "recording")
                    .put("target_uri", "channel:attempt-1"));

    assertThat(translator.translate(started))
        .contains(
            new CallEvent.MixMonitorStart(
                "", "attempt-1", "", Instant.parse("2026-11-22T06:01:36.001Z")));
    started.getJsonObject("recording").put("target_uri", "bridge:bridge-1");
    assertThat(translator.translate(started)).isEmpty();
    assertThat(translator.malformed()).isZero();
  }

  @Test
  void malformedEventsAreCountedAndSkipped() {
    AriEventTranslator translator = new AriEventTranslator("replay", Clock.systemUTC());

    assertThat(translator.translate(new JsonObject().put("type", "ChannelDestroyed"))).isEmpty();
    assertThat(
            translator.translate(
                new JsonObject().put("type", "ChannelStateChange").put("channel", "not an object")))
        .isEmpty();
    assertThat(translator.translate(new JsonObject().put("type", "ChannelVarset"))).isEmpty();

    assertThat(translator.malformed()).isEqualTo(2);
  }
}
