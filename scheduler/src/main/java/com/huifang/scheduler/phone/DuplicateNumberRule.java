package com.huifang.scheduler.phone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * 重复号码 (domain.md "Duplicate numbers"): a number used by three or more different policyholders, or
 * equal to the selling agent's own number when the agent is not the policyholder (not 自保件), is not
 * dialled; the task goes to the branch as a verification case ({@code
 * BranchReason.DUPLICATE_NUMBER}). Detected when imported, or when the third holder appears.
 *
 * <p>The caller supplies who already uses each number (from its store); this rule only decides.
 */
public final class DuplicateNumberRule {

  /** Distinct policyholders at which a shared number stops being dialled. */
  public static final int SHARED_LIMIT = 3;

  private DuplicateNumberRule() {}

  /** Why one of the task's numbers is a duplicate. */
  public enum Cause {
    SHARED_BY_THREE_HOLDERS,
    AGENT_PHONE
  }

  /**
   * One duplicate number of the task.
   *
   * @param holders every policyholder using the number, this one included; when the cause is {@link
   *     Cause#SHARED_BY_THREE_HOLDERS} each of their tasks goes to the branch
   */
  public record Finding(int phoneIndex, PhoneNumber number, Cause cause, Set<String> holders) {
    public Finding {
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(cause, "cause");
      holders = Set.copyOf(holders);
    }
  }

  /**
   * The duplicates among a task's numbers; empty when it may be dialled.
   *
   * @param holdersByNumber for each canonical number, the holder ids already using it in the store
   *     (may or may not contain {@code holderId})
   * @param agentPhone the selling agent's phone, or null when not known
   * @param selfInsured the selling agent is the policyholder (自保件)
   */
  public static List<Finding> check(
      List<PhoneNumber> phones,
      String holderId,
      Map<String, Set<String>> holdersByNumber,
      PhoneNumber agentPhone,
      boolean selfInsured) {
    Objects.requireNonNull(holderId, "holderId");
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < phones.size(); i++) {
      PhoneNumber n = phones.get(i);
      Set<String> holders = new HashSet<>(holdersByNumber.getOrDefault(n.canonical(), Set.of()));
      holders.add(holderId);
      if (holders.size() >= SHARED_LIMIT) {
        findings.add(new Finding(i, n, Cause.SHARED_BY_THREE_HOLDERS, holders));
      } else if (!selfInsured && agentPhone != null && agentPhone.digits().equals(n.digits())) {
        findings.add(new Finding(i, n, Cause.AGENT_PHONE, Set.of(holderId)));
      }
    }
    return findings;
  }
}
