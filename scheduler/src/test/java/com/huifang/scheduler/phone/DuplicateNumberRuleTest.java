package com.huifang.scheduler.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateNumberRuleTest {

  private static final PhoneNumber SHARED = PhoneNumber.of("13800000001");
  private static final PhoneNumber OWN = PhoneNumber.of("13900000002");

  @Test
  void a_number_used_by_two_holders_is_still_dialled() {
    // given one other holder already uses the number
    Map<String, Set<String>> known = Map.of(SHARED.canonical(), Set.of("H1"));

    // when the second holder appears
    var findings = DuplicateNumberRule.check(List.of(SHARED), "H2", known, null, false);

    // then
    assertThat(findings).isEmpty();
  }

  @Test
  void the_third_holder_of_a_number_makes_it_a_duplicate_for_all_three() {
    // given two other holders use the number
    Map<String, Set<String>> known = Map.of(SHARED.canonical(), Set.of("H1", "H2"));

    // when the third holder appears
    var findings = DuplicateNumberRule.check(List.of(OWN, SHARED), "H3", known, null, false);

    // then
    assertThat(findings).hasSize(1);
    DuplicateNumberRule.Finding f = findings.getFirst();
    assertThat(f.phoneIndex()).isEqualTo(1);
    assertThat(f.cause()).isEqualTo(DuplicateNumberRule.Cause.SHARED_BY_THREE_HOLDERS);
    assertThat(f.holders()).containsExactlyInAnyOrder("H1", "H2", "H3");
  }

  @Test
  void re_importing_the_same_holder_does_not_count_twice() {
    Map<String, Set<String>> known = Map.of(SHARED.canonical(), Set.of("H1", "H2"));

    var findings = DuplicateNumberRule.check(List.of(SHARED), "H2", known, null, false);

    assertThat(findings).isEmpty();
  }

  @Test
  void the_selling_agents_own_number_is_a_duplicate_unless_self_insured() {
    PhoneNumber agent = PhoneNumber.of("+86 138 0000 0001");

    var notSelf = DuplicateNumberRule.check(List.of(SHARED), "H1", Map.of(), agent, false);
    var self = DuplicateNumberRule.check(List.of(SHARED), "H1", Map.of(), agent, true);

    assertThat(notSelf)
        .singleElement()
        .extracting(DuplicateNumberRule.Finding::cause)
        .isEqualTo(DuplicateNumberRule.Cause.AGENT_PHONE);
    assertThat(self).isEmpty();
  }
}
