package com.huifang.dialer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.sim.AmiEventFilters.Result;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter rules of Asterisk's {@code manager.c}: its own {@code eventfilter_test_creation} table
 * (each filter alone against one event), the precedence of include and exclude filters, and the
 * replies to the {@code Filter} action.
 */
class AmiEventFiltersTest {

  private static final String NEWCHANNEL =
      "Event: Newchannel\r\nChannel: XXX\r\nSomeheader: YYY\r\n";
  private static final String VARSET = "Event: VarSet\r\nChannel: ABC\r\nSomeheader: XXX\r\n";

  /** criteria, pattern, expected result, event name, event text, whether it is sent. */
  static Stream<Arguments> asteriskTable() {
    return Stream.of(
        sent("eventfilter", "XXX", "Newchannel", NEWCHANNEL, true),
        sent("eventfilter", "!XXX", "VarSet", VARSET, false),
        sent("eventfilter(name(VarSet),method(none))", "", "VarSet", VARSET, true),
        sent(
            "eventfilter(name(Newchannel),method(regex))",
            "X[XYZ]X",
            "Newchannel",
            NEWCHANNEL,
            true),
        sent(
            "eventfilter(name(Newchannel),method(regex))",
            "X[abc]X",
            "Newchannel",
            NEWCHANNEL,
            false),
        sent(
            "eventfilter(action(exclude),name(Newchannel),method(regex))",
            "X[XYZ]X",
            "Newchannel",
            NEWCHANNEL,
            false),
        sent(
            "eventfilter(action(exclude),name(Newchannel),method(regex))",
            "X[abc]X",
            "Newchannel",
            NEWCHANNEL,
            true),
        sent(
            "eventfilter(action(include),name(VarSet),header(Channel),method(starts_with))",
            "AB",
            "VarSet",
            VARSET,
            true),
        sent(
            "eventfilter(action(include),name(VarSet),header(Channel),method(ends_with))",
            "BC",
            "VarSet",
            VARSET,
            true),
        sent(
            "eventfilter(action(include),name(VarSet),header(Channel),method(exact))",
            "ABC",
            "VarSet",
            VARSET,
            true),
        sent(
            "eventfilter(action(include),name(VarSet),header(Channel),method(exact))",
            "XXX",
            "VarSet",
            VARSET,
            false),
        sent(
            "eventfilter(name(VarSet),header(Channel),method(exact))",
            "!ZZZ",
            "VarSet",
            VARSET,
            true),
        sent(
            "eventfilter(action(exclude),name(VarSet),header(Channel),method(exact))",
            "ZZZ",
            "VarSet",
            VARSET,
            true),
        sent(
            "eventfilter(action(include),name(VarSet),header(Someheader),method(exact))",
            "!XXX",
            "VarSet",
            VARSET,
            true),
        refused("eventfilter(action(include)", "", Result.FORMAT_ERROR),
        refused("eventfilter(action(inlude)", "", Result.FORMAT_ERROR),
        refused("eventfilter(nnnn(yyy)", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter(eader(VarSet)", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter(ethod(contains)", "XXX", Result.FORMAT_ERROR),
        refused(
            "eventfilter(nnnn(yyy),header(VarSet),method(contains)", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter(name(yyy),heder(VarSet),method(contains)", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter(name(yyy),header(VarSet),mehod(contains)", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter(name(yyy),header(VarSet),method(coains)", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter(method(yyy))", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter", "", Result.FORMAT_ERROR),
        refused("eventfilter", "!", Result.FORMAT_ERROR),
        refused("eventfilter()", "XXX", Result.FORMAT_ERROR),
        refused("eventfilter", "XX[X", Result.COMPILE_FAIL),
        refused("eventfilter(method(regex))", "XX[X", Result.COMPILE_FAIL));
  }

  private static Arguments sent(
      String criteria, String pattern, String name, String data, boolean sent) {
    return Arguments.of(criteria, pattern, Result.SUCCESS, name, data, sent);
  }

  private static Arguments refused(String criteria, String pattern, Result result) {
    return Arguments.of(criteria, pattern, result, "", "", false);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("asteriskTable")
  void each_filter_parses_and_matches_as_asterisk_tests_it(
      String criteria,
      String pattern,
      Result expected,
      String eventName,
      String eventData,
      boolean sent) {
    AmiEventFilters filters = new AmiEventFilters();

    Result result = filters.add(criteria, pattern);

    assertThat(result).isEqualTo(expected);
    if (result == Result.SUCCESS) {
      assertThat(sent(filters, eventName, eventData)).isEqualTo(sent);
    }
  }

  @Test
  void without_filters_every_event_is_sent() {
    assertThat(sent(new AmiEventFilters(), "VarSet", VARSET)).isTrue();
  }

  @Test
  void name_filters_let_only_their_events_through_and_names_are_case_sensitive() {
    AmiEventFilters filters = new AmiEventFilters();
    assertThat(filters.filterAction("Add", "name(Hangup)", "")).isNull();
    assertThat(filters.filterAction("add", "name(Newchannel)", "")).isNull();

    assertThat(sent(filters, "Hangup", "Event: Hangup\r\n\r\n")).isTrue();
    assertThat(sent(filters, "Newchannel", NEWCHANNEL)).isTrue();
    assertThat(sent(filters, "HangupRequest", "Event: HangupRequest\r\n\r\n")).isFalse();
    assertThat(sent(filters, "NewChannel", NEWCHANNEL)).isFalse();
    assertThat(sent(filters, "VarSet", VARSET)).isFalse();
  }

  @Test
  void name_filters_decide_without_the_events_text() {
    AmiEventFilters filters = new AmiEventFilters();
    assertThat(filters.filterAction("Add", "name(Hangup)", "")).isNull();
    Supplier<String> never =
        () -> {
          throw new AssertionError("the text was encoded for a name filter");
        };

    assertThat(filters.shouldSend("Hangup", never)).isTrue();
    assertThat(filters.shouldSend("VarSet", never)).isFalse();
  }

  @Test
  void with_include_and_exclude_filters_an_event_must_match_an_include_and_no_exclude() {
    AmiEventFilters filters = new AmiEventFilters();
    filters.add("eventfilter", "Channel: (XXX|ABC)");
    filters.add("eventfilter(action(exclude),header(Someheader),method(exact))", "XXX");

    assertThat(sent(filters, "Newchannel", NEWCHANNEL)).isTrue();
    assertThat(sent(filters, "VarSet", VARSET)).isFalse();
    assertThat(sent(filters, "Hangup", "Event: Hangup\r\nChannel: QQQ\r\n")).isFalse();
  }

  @Test
  void legacy_regexes_see_the_whole_event_with_posix_classes_and_line_ends() {
    AmiEventFilters filters = new AmiEventFilters();
    filters.add("eventfilter", "^Event: Hangup[[:space:]]Privilege");

    assertThat(sent(filters, "Hangup", "Event: Hangup\r\nPrivilege: call,all\r\n")).isFalse();
    assertThat(sent(filters, "Hangup", "Event: Hangup Privilege: call,all\r\n")).isTrue();

    AmiEventFilters dotted = new AmiEventFilters();
    dotted.add("eventfilter", "^Event: Hangup..Privilege");
    assertThat(sent(dotted, "Hangup", "Event: Hangup\r\nPrivilege: call,all\r\n")).isTrue();
    assertThat(sent(dotted, "HangupRequest", "Event: HangupRequest\r\nPrivilege: x\r\n")).isFalse();
  }

  @Test
  void the_filter_action_answers_as_asterisk_does() {
    AmiEventFilters filters = new AmiEventFilters();

    assertThat(filters.filterAction("Remove", "", "XXX")).isEqualTo("Unknown operation");
    assertThat(filters.filterAction("Add", "", "XX[X"))
        .isEqualTo("Filter did not compile.  Check the syntax of the filter given.");
    assertThat(filters.filterAction("Add", "nme(Hangup)", ""))
        .isEqualTo("Filter was formatted incorrectly.  Check the syntax of the filter given.");
    assertThat(sent(filters, "VarSet", VARSET)).as("no filter was added").isTrue();
  }

  /** Whether the filters send the event, its text handed over as the simulated PBX does. */
  private static boolean sent(AmiEventFilters filters, String eventName, String eventData) {
    return filters.shouldSend(eventName, () -> eventData);
  }
}
