package com.huifang.dialer.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.call.CallEvent.BridgeEnter;
import com.huifang.dialer.call.CallEvent.ChannelCreated;
import com.huifang.dialer.call.CallEvent.DialBegin;
import com.huifang.dialer.call.CallEvent.DialEnd;
import com.huifang.dialer.call.CallEvent.Hangup;
import com.huifang.dialer.call.CallEvent.OriginateResponse;
import com.huifang.dialer.call.CallEvent.StateChanged;
import com.huifang.dialer.call.CallUpdate.Answered;
import com.huifang.dialer.call.CallUpdate.CallResult;
import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallTrackerTest {

  private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
  private static final Duration RING = Duration.ofSeconds(30);

  private final UUID attempt = UUID.randomUUID();
  private final String id = attempt.toString();
  private final String one = "Local/13800001017@outbound-0000000f;1";
  private final String two = "Local/13800001017@outbound-0000000f;2";

  private CallTracker tracker() {
    return new CallTracker(
        new OutcomeClassifier(Duration.ofSeconds(3)), Duration.ofSeconds(60), Duration.ofHours(4));
  }

  private static Instant ms(long millis) {
    return T0.plusMillis(millis);
  }

  /** A busy call through a Local channel, as 1017_busy.txt shows it. */
  private List<CallEvent> busyCall() {
    return List.of(
        new ChannelCreated(one, id, id, "Down", ms(1)),
        new ChannelCreated(two, id + ";2", id, "Ring", ms(1)),
        new DialBegin("", "", one, id, id, ms(1)),
        new StateChanged(two, id + ";2", id, "Busy", ms(1)),
        new DialEnd("", "", one, id, id, "BUSY", ms(1)),
        new OriginateResponse(id, false, 5, "", "Local/13800001017@outbound", ms(2)),
        new Hangup(one, id, id, 0, "Unknown", ms(2)),
        new Hangup(two, id + ";2", id, 17, "User busy", ms(2)));
  }

  private static List<CallUpdate> feed(CallTracker tracker, List<CallEvent> events) {
    List<CallUpdate> updates = new ArrayList<>();
    events.forEach(e -> updates.addAll(tracker.accept(e)));
    return updates;
  }

  private static List<CallResult> results(List<CallUpdate> updates) {
    return updates.stream()
        .filter(CallResult.class::isInstance)
        .map(CallResult.class::cast)
        .toList();
  }

  @Test
  void bothLocalHalvesAreOneCallAndTheFarHalfGivesTheCause() {
    CallTracker tracker = tracker();
    tracker.expect(attempt, id, T0, RING);
    List<CallEvent> events = busyCall();

    List<CallUpdate> beforeLastLeg = feed(tracker, events.subList(0, events.size() - 1));
    assertThat(beforeLastLeg).as("the ;2 half has not hung up yet").isEmpty();
    assertThat(tracker.inFlight()).isEqualTo(1);

    List<CallUpdate> last = tracker.accept(events.get(events.size() - 1));
    assertThat(last).hasSize(1);
    CallResult result = (CallResult) last.get(0);
    assertThat(result.attemptId()).isEqualTo(attempt);
    assertThat(result.outcome()).isEqualTo(Outcome.BUSY);
    assertThat(result.farCause()).isEqualTo(17);
    assertThat(result.dialStatus()).isEqualTo("BUSY");
    assertThat(result.answeredAt()).isEmpty();
    assertThat(result.endedAt()).isEqualTo(ms(2));
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void theCallWaitsForTheOriginateResponse() {
    CallTracker tracker = tracker();
    tracker.expect(attempt, "action-7", T0, RING);
    List<CallEvent> events = new ArrayList<>(busyCall());
    OriginateResponse response =
        new OriginateResponse("action-7", false, 5, "", "Local/13800001017@outbound", ms(3));
    events.removeIf(OriginateResponse.class::isInstance);

    assertThat(feed(tracker, events)).isEmpty();
    assertThat(results(tracker.accept(response)))
        .singleElement()
        .extracting(CallResult::outcome)
        .isEqualTo(Outcome.BUSY);
  }

  @Test
  void anyOrderInsideEachMillisecondGivesTheSameResult() {
    CallResult reference = results(feed(withExpected(tracker()), busyCall())).get(0);
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      List<CallEvent> events = new ArrayList<>(busyCall());
      Collections.shuffle(events.subList(0, 5), random); // all at 1 ms
      Collections.shuffle(events.subList(5, 8), random); // all at 2 ms
      List<CallResult> results = results(feed(withExpected(tracker()), events));
      assertThat(results).as("order " + events).containsExactly(reference);
    }
  }

  private CallTracker withExpected(CallTracker tracker) {
    tracker.expect(attempt, id, T0, RING);
    return tracker;
  }

  @Test
  void aHangupOfAnUnknownChannelIsIgnored() {
    CallTracker tracker = withExpected(tracker());

    assertThat(
            tracker.accept(new Hangup("PJSIP/trunk-00000001", "1795.1", "1795.1", 16, "", ms(1))))
        .isEmpty();
    assertThat(tracker.accept(new OriginateResponse("someone-else", false, 0, "", "", ms(1))))
        .isEmpty();
    assertThat(tracker.inFlight()).isEqualTo(1);
  }

  @Test
  void quietCallsExpireAsUnknownOnlyAfterRingTimeoutAndGrace() {
    CallTracker tracker = withExpected(tracker());
    tracker.accept(new ChannelCreated(one, id, id, "Down", ms(1)));
    tracker.accept(new StateChanged(one, id, id, "Ringing", ms(2)));

    assertThat(tracker.expire(T0.plus(RING).plusSeconds(60))).isEmpty();
    List<CallResult> expired = tracker.expire(T0.plus(RING).plusSeconds(61));

    assertThat(expired)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.attemptId()).isEqualTo(attempt);
              assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
            });
    assertThat(tracker.inFlight()).isZero();
    assertThat(tracker.accept(new Hangup(one, id, id, 19, "", T0.plusSeconds(200)))).isEmpty();
  }

  @Test
  void anAnsweredCallIsNotExpiredWhileTalking() {
    CallTracker tracker = withExpected(tracker());
    tracker.accept(new ChannelCreated(one, id, id, "Down", ms(1)));
    tracker.accept(new StateChanged(one, id, id, "Up", ms(900)));

    assertThat(tracker.expire(T0.plus(Duration.ofMinutes(30)))).isEmpty();
    assertThat(tracker.expire(T0.plus(Duration.ofHours(5))))
        .singleElement()
        .extracting(CallResult::outcome)
        .isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void aRefusedOriginateWithoutAnyChannelEndsWithItsRefusal() {
    CallTracker tracker = withExpected(tracker());
    assertThat(tracker.accept(new OriginateResponse(id, false, 0, "", "PJSIP/x@carrier", ms(5))))
        .isEmpty();

    assertThat(tracker.expire(ms(5).plusMillis(999))).isEmpty();
    assertThat(tracker.expire(ms(5).plusSeconds(1)))
        .singleElement()
        .extracting(CallResult::outcome)
        .isEqualTo(Outcome.FAILED);
  }

  @Test
  void answeredCallToAnAgentIsAnsweredAndAnnouncedOnce() {
    CallTracker tracker = withExpected(tracker());
    String agent1 = "Local/2002@agents-00000011;1";
    String agent2 = "Local/2002@agents-00000011;2";
    List<CallEvent> events =
        List.of(
            new ChannelCreated(one, id, id, "Down", ms(1)),
            new ChannelCreated(two, id + ";2", id, "Ring", ms(1)),
            new DialBegin("", "", one, id, id, ms(1)),
            new StateChanged(two, id + ";2", id, "Up", ms(1000)),
            new StateChanged(one, id, id, "Up", ms(1000)),
            new DialEnd("", "", one, id, id, "ANSWER", ms(1000)),
            new OriginateResponse(id, true, 4, id, one, ms(1001)),
            new ChannelCreated(agent1, "1795.17", id, "Down", ms(1003)),
            new ChannelCreated(agent2, "1795.18", id, "Ring", ms(1003)),
            new DialBegin(one, id, agent1, "1795.17", id, ms(1003)),
            new StateChanged(agent2, "1795.18", id, "Up", ms(1500)),
            new DialEnd(one, id, agent1, "1795.17", id, "ANSWER", ms(1500)),
            new BridgeEnter(agent1, "1795.17", id, "b1", ms(1500)),
            new BridgeEnter(one, id, id, "b1", ms(1501)),
            new Hangup(agent1, "1795.17", id, 16, "Normal Clearing", ms(2000)),
            new Hangup(agent2, "1795.18", id, 16, "Normal Clearing", ms(2000)),
            new Hangup(two, id + ";2", id, 16, "Normal Clearing", ms(2000)),
            new Hangup(one, id, id, 16, "Normal Clearing", ms(2000)));

    List<CallUpdate> updates = feed(tracker, events);

    assertThat(updates.stream().filter(Answered.class::isInstance).toList())
        .containsExactly(new Answered(attempt, one, ms(1000)));
    CallResult result = results(updates).get(0);
    // one second of talk is below the 3 s early hang-up limit, but an agent was connected
    assertThat(result.outcome()).isEqualTo(Outcome.ANSWERED);
    assertThat(result.answeredAt()).contains(ms(1000));
    assertThat(result.dialStatus()).as("the customer's dial, not the agent's").isEqualTo("ANSWER");
    assertThat(result.endedAt()).isEqualTo(ms(2000));
    assertThat(tracker.answeredAt(attempt)).isEmpty();
  }

  @Test
  void answeredAndGoneBeforeAnAgentIsAnEarlyHangup() {
    CallTracker tracker = withExpected(tracker());
    List<CallUpdate> updates =
        feed(
            tracker,
            List.of(
                new ChannelCreated(one, id, id, "Down", ms(1)),
                new ChannelCreated(two, id + ";2", id, "Ring", ms(1)),
                new StateChanged(one, id, id, "Up", ms(1000)),
                new OriginateResponse(id, true, 4, id, one, ms(1001)),
                new Hangup(two, id + ";2", id, 16, "Normal Clearing", ms(2500)),
                new Hangup(one, id, id, 16, "Normal Clearing", ms(2500))));

    assertThat(tracker.answeredAt(attempt)).isEmpty();
    assertThat(results(updates))
        .singleElement()
        .extracting(CallResult::outcome)
        .isEqualTo(Outcome.EARLY_HANGUP);
  }

  @Test
  void directTrunkCallCorrelatesByChannelId() {
    CallTracker tracker = withExpected(tracker());
    String trunk = "PJSIP/carrier-00000002";
    List<CallUpdate> updates =
        feed(
            tracker,
            List.of(
                new ChannelCreated(trunk, id, id, "Down", ms(2)),
                new DialBegin("", "", trunk, id, id, ms(3)),
                new DialEnd("", "", trunk, id, id, "NOANSWER", ms(1018)),
                new Hangup(trunk, id, id, 1, "Unallocated (unassigned) number", ms(1019)),
                new OriginateResponse(id, false, 0, "", "PJSIP/404@carrier", ms(1019))));

    assertThat(results(updates))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.EMPTY_NUMBER);
              assertThat(r.farCause()).isEqualTo(1);
            });
  }

  @Test
  void manyCallsInFlightStayApart() {
    CallTracker tracker = tracker();
    List<UUID> attempts = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      UUID a = UUID.randomUUID();
      attempts.add(a);
      tracker.expect(a, a.toString(), T0, RING);
      tracker.accept(new ChannelCreated("PJSIP/c-" + i, a.toString(), a.toString(), "Down", ms(1)));
    }
    assertThat(tracker.inFlight()).isEqualTo(10_000);
    int done = 0;
    for (int i = 0; i < attempts.size(); i++) {
      String a = attempts.get(i).toString();
      tracker.accept(new OriginateResponse(a, false, 0, "", "", ms(2)));
      List<CallUpdate> r = tracker.accept(new Hangup("PJSIP/c-" + i, a, a, 17, "", ms(3)));
      assertThat(results(r))
          .singleElement()
          .satisfies(
              x -> {
                assertThat(x.attemptId().toString()).isEqualTo(a);
                assertThat(x.outcome()).isEqualTo(Outcome.BUSY);
              });
      done++;
    }
    assertThat(done).isEqualTo(10_000);
    assertThat(tracker.inFlight()).isZero();
  }
}
