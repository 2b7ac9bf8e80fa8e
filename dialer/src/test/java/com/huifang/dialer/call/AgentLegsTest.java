package com.huifang.dialer.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.call.AgentLegs.AgentUpdate;
import com.huifang.dialer.call.CallEvent.ChannelCreated;
import com.huifang.dialer.call.CallEvent.DialBegin;
import com.huifang.dialer.call.CallEvent.DialEnd;
import com.huifang.dialer.call.CallEvent.Hangup;
import com.huifang.dialer.call.CallEvent.OriginateResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Agents' phones from the events a PBX sends, shaped like the captures of {@code shared/asterisk}:
 * an originated agent leg ({@code PREVIEW}) and the Dial of {@code [dialer-agents]} from the
 * answered customer's channel.
 */
class AgentLegsTest {

  private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
  private static final UUID ATTEMPT = UUID.fromString("7c1e0c52-52f4-4c8a-9d3e-3f0e1f1c2a01");
  private static final String LEG = AgentLegs.channelId(ATTEMPT);
  private static final String ONE = "Local/2001@agents-0000001a;1";
  private static final String TWO = "Local/2001@agents-0000001a;2";

  private static Instant ms(long millis) {
    return T0.plusMillis(millis);
  }

  private static List<AgentUpdate> feed(AgentLegs legs, List<CallEvent> events) {
    List<AgentUpdate> out = new ArrayList<>();
    events.forEach(e -> out.addAll(legs.accept(e)));
    return out;
  }

  @Test
  void a_rung_agent_who_answers_is_reported_with_the_leg_to_bridge_to() {
    AgentLegs legs = new AgentLegs();
    legs.ringing(ATTEMPT);

    List<AgentUpdate> updates =
        feed(
            legs,
            List.of(
                new ChannelCreated(ONE, LEG, LEG, "Down", ms(1)),
                new ChannelCreated(TWO, LEG + ";2", LEG, "Ring", ms(1)),
                new DialBegin("", "", ONE, LEG, LEG, ms(1)),
                new DialEnd("", "", ONE, LEG, LEG, "ANSWER", ms(900)),
                new OriginateResponse(LEG, true, 4, LEG, ONE, ms(901))));

    assertThat(updates).containsExactly(new AgentUpdate.Answered(ATTEMPT, ONE, ms(901)));
    assertThat(legs.answeredChannel(ATTEMPT)).contains(ONE);
  }

  @Test
  void a_rung_agent_who_does_not_answer_is_unreachable_with_the_dial_status() {
    AgentLegs legs = new AgentLegs();
    legs.ringing(ATTEMPT);

    List<AgentUpdate> updates =
        feed(
            legs,
            List.of(
                new ChannelCreated(ONE, LEG, LEG, "Down", ms(1)),
                new DialBegin("", "", ONE, LEG, LEG, ms(1)),
                new DialEnd("", "", ONE, LEG, LEG, "NOANSWER", ms(20_000)),
                new OriginateResponse(LEG, false, 0, LEG, "Local/2091@agents", ms(20_001)),
                new Hangup(ONE, LEG, LEG, 19, "User alerting, no answer", ms(20_001))));

    assertThat(updates)
        .containsExactly(new AgentUpdate.Unreachable(ATTEMPT, "NOANSWER", ms(20_001)));
    assertThat(legs.rang(ATTEMPT)).isFalse();
  }

  @Test
  void a_refused_agent_originate_without_a_dial_status_says_what_its_reason_means() {
    AgentLegs legs = new AgentLegs();
    legs.ringing(ATTEMPT);

    assertThat(legs.accept(new OriginateResponse(LEG, false, 5, "", "PJSIP/2099", ms(5))))
        .containsExactly(new AgentUpdate.Unreachable(ATTEMPT, "BUSY", ms(5)));
  }

  @Test
  void an_agent_who_hung_up_before_the_customer_answered_leaves_nothing_to_bridge_to() {
    AgentLegs legs = new AgentLegs();
    legs.ringing(ATTEMPT);
    legs.accept(new OriginateResponse(LEG, true, 4, LEG, ONE, ms(1)));

    legs.accept(new Hangup(TWO, LEG + ";2", LEG, 16, "Normal Clearing", ms(3000)));

    assertThat(legs.rang(ATTEMPT)).isTrue();
    assertThat(legs.answeredChannel(ATTEMPT)).isEmpty();
    assertThat(legs.forget(ATTEMPT)).isEmpty();
  }

  @Test
  void the_customer_call_over_gives_the_agent_leg_still_up_to_hang_up() {
    AgentLegs legs = new AgentLegs();
    legs.ringing(ATTEMPT);
    legs.accept(new OriginateResponse(LEG, true, 4, LEG, ONE, ms(1)));

    assertThat(legs.forget(ATTEMPT)).contains(ONE);
    assertThat(legs.following()).isZero();
  }

  @Test
  void an_agent_phone_dialled_for_an_answered_customer_that_does_not_answer_is_unreachable() {
    AgentLegs legs = new AgentLegs();
    String customer = "PJSIP/carrier-00000031";
    String id = ATTEMPT.toString();
    legs.connecting(ATTEMPT);

    List<AgentUpdate> updates =
        feed(
            legs,
            List.of(
                new DialBegin(customer, id, "PJSIP/2091-00000032", "1795327600.51", id, ms(1)),
                new DialEnd(
                    customer, id, "PJSIP/2091-00000032", "1795327600.51", id, "NOANSWER", ms(2)),
                new Hangup("PJSIP/2091-00000032", "1795327600.51", id, 19, "", ms(2))));

    assertThat(updates).containsExactly(new AgentUpdate.Unreachable(ATTEMPT, "NOANSWER", ms(2)));
  }

  @Test
  void an_agent_phone_that_answers_is_reported_and_a_customer_hanging_up_first_is_no_failure() {
    AgentLegs legs = new AgentLegs();
    String id = ATTEMPT.toString();
    String customer = "Local/13800001399@outcomes-00000004;1";
    legs.connecting(ATTEMPT);

    assertThat(legs.accept(new DialEnd(customer, id, "PJSIP/2001-1", "u1", id, "CANCEL", ms(1))))
        .isEmpty();
    assertThat(legs.accept(new DialEnd(customer, id, "PJSIP/2001-2", "u2", id, "ANSWER", ms(2))))
        .containsExactly(new AgentUpdate.Answered(ATTEMPT, "PJSIP/2001-2", ms(2)));
    assertThat(legs.following()).isZero();
  }

  @Test
  void the_customer_own_dial_is_never_taken_for_an_agent_phone() {
    AgentLegs legs = new AgentLegs();
    String id = ATTEMPT.toString();
    String customer = "Local/13800001017@outcomes-00000005;1";
    legs.connecting(ATTEMPT);

    assertThat(legs.accept(new DialEnd("", "", customer, id, id, "BUSY", ms(1)))).isEmpty();
    assertThat(legs.accept(new DialEnd("", "", customer, id + ";2", id, "BUSY", ms(1)))).isEmpty();
  }

  @Test
  void events_of_calls_without_agent_legs_are_ignored() {
    AgentLegs legs = new AgentLegs();
    String id = ATTEMPT.toString();

    assertThat(legs.accept(new DialEnd("c", id, "PJSIP/2091-1", "u", id, "NOANSWER", ms(1))))
        .isEmpty();
    assertThat(legs.accept(new OriginateResponse(LEG, false, 0, LEG, "x", ms(1)))).isEmpty();
    assertThat(AgentLegs.attemptOf(LEG + ";2")).contains(ATTEMPT);
    assertThat(AgentLegs.attemptOf(LEG)).contains(ATTEMPT);
    assertThat(AgentLegs.attemptOf(id)).isEmpty();
  }
}
