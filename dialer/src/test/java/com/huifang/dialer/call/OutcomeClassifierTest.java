package com.huifang.dialer.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.call.OutcomeClassifier.Signals;
import com.huifang.scheduler.outcome.Outcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeClassifierTest {

  private final OutcomeClassifier classifier = new OutcomeClassifier(Duration.ofSeconds(3));

  private Outcome unanswered(int cause, String dialStatus, boolean refused, int reason) {
    return classifier.classify(
        new Signals(cause, dialStatus, refused, reason, Optional.empty(), false));
  }

  @ParameterizedTest(name = "cause {0} -> {1}")
  @CsvSource({
    "1, EMPTY_NUMBER",
    "3, LINE_FAULT",
    "17, BUSY",
    "18, NO_ANSWER",
    "19, NO_ANSWER",
    "20, POWERED_OFF",
    "21, REJECTED",
    "22, EMPTY_NUMBER",
    "27, OUT_OF_SERVICE_AREA",
    "28, EMPTY_NUMBER",
    "29, SUSPENDED",
    "31, LINE_FAULT",
    "34, LINE_FAULT",
    "38, LINE_FAULT",
    "41, LINE_FAULT",
    "42, LINE_FAULT",
    "44, LINE_FAULT",
    "54, BARRED",
    "55, BARRED",
    "57, SUSPENDED",
    "63, BARRED",
  })
  void farLegCauseDecidesAnUnansweredCall(int cause, Outcome expected) {
    assertThat(unanswered(cause, "", true, 0)).isEqualTo(expected);
    assertThat(OutcomeClassifier.BY_CAUSE).containsEntry(cause, expected);
  }

  @Test
  void everyCauseRowIsTested() {
    assertThat(OutcomeClassifier.BY_CAUSE).hasSize(21);
    assertThat(OutcomeClassifier.BY_DIAL_STATUS).hasSize(4);
    assertThat(OutcomeClassifier.BY_REASON).hasSize(3);
  }

  @ParameterizedTest(name = "cause {0} + {1} -> {2}")
  @CsvSource({
    // busy and congestion leave cause 0 on the originated leg: DialStatus decides
    "0, BUSY, BUSY",
    "0, NOANSWER, NO_ANSWER",
    "0, CHANUNAVAIL, POWERED_OFF",
    "0, CONGESTION, LINE_FAULT",
    // ARI: the dialled channel is destroyed with 16 although the dial said BUSY
    "16, BUSY, BUSY",
    "16, noanswer, NO_ANSWER",
    // a specific cause beats the generic DialStatus Asterisk derives from it
    "1, NOANSWER, EMPTY_NUMBER",
    "21, NOANSWER, REJECTED",
    "20, CHANUNAVAIL, POWERED_OFF",
    "17, BUSY, BUSY",
  })
  void dialStatusDecidesWhenTheCauseSaysNothing(int cause, String status, Outcome expected) {
    assertThat(unanswered(cause, status, true, 0)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "reason {0} -> {1}")
  @CsvSource({"3, NO_ANSWER", "5, BUSY", "8, LINE_FAULT"})
  void reasonIsTheLastResort(int reason, Outcome expected) {
    assertThat(unanswered(0, "", true, reason)).isEqualTo(expected);
    // and never overrides a cause: chan_pjsip gives Reason 0, chan_sip 5 for the same 486
    assertThat(unanswered(1, "", true, reason)).isEqualTo(Outcome.EMPTY_NUMBER);
  }

  @Test
  void nothingKnownIsFailedWhenRefusedAndUnknownOtherwise() {
    assertThat(unanswered(0, "", true, 0)).isEqualTo(Outcome.FAILED);
    assertThat(unanswered(99, "CANCEL", true, 0)).isEqualTo(Outcome.FAILED);
    assertThat(unanswered(16, "", false, 0)).isEqualTo(Outcome.UNKNOWN);
    assertThat(unanswered(0, "", false, 0)).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void answeredIsAnsweredWhateverTheCause() {
    Signals talked =
        new Signals(16, "ANSWER", false, 4, Optional.of(Duration.ofSeconds(40)), false);
    assertThat(classifier.classify(talked)).isEqualTo(Outcome.ANSWERED);
    Signals oddEnd = new Signals(17, "ANSWER", false, 4, Optional.of(Duration.ofSeconds(40)), true);
    assertThat(classifier.classify(oddEnd)).isEqualTo(Outcome.ANSWERED);
  }

  @Test
  void shortAnswerWithoutAgentIsEarlyHangup() {
    Signals early =
        new Signals(16, "ANSWER", false, 4, Optional.of(Duration.ofMillis(2_999)), false);
    assertThat(classifier.classify(early)).isEqualTo(Outcome.EARLY_HANGUP);

    Signals atLimit =
        new Signals(16, "ANSWER", false, 4, Optional.of(Duration.ofSeconds(3)), false);
    assertThat(classifier.classify(atLimit)).isEqualTo(Outcome.ANSWERED);

    Signals withAgent =
        new Signals(16, "ANSWER", false, 4, Optional.of(Duration.ofSeconds(1)), true);
    assertThat(classifier.classify(withAgent)).isEqualTo(Outcome.ANSWERED);
  }
}
