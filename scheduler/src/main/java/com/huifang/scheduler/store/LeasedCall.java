package com.huifang.scheduler.store;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.ProductType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One call handed to a dialer node: the attempt, the number to dial and every policy it covers (one
 * call per policyholder, policies in questionnaire order: traditional, participating, universal).
 *
 * @param leaseUntil the node must dial, renew or give the attempt back before this time
 * @param appointment the customer booked this time
 */
public record LeasedCall(
    UUID attemptId,
    long campaignId,
    String holderId,
    String holderName,
    PhoneNumber phone,
    int phoneIndex,
    int passNo,
    List<Policy> policies,
    Instant leaseUntil,
    boolean appointment) {

  /**
   * One policy of the call.
   *
   * @param agentCode the sales agent who sold it, or null when not known
   */
  public record Policy(long taskId, String policyNo, ProductType productType, String agentCode) {
    public Policy {
      Objects.requireNonNull(policyNo, "policyNo");
      Objects.requireNonNull(productType, "productType");
    }
  }

  public LeasedCall {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(phone, "phone");
    policies = List.copyOf(policies);
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("a call covers at least one policy");
    }
  }

  public List<String> policyNos() {
    return policies.stream().map(Policy::policyNo).toList();
  }

  /** The sales agents who sold the call's policies: none of them may take the callback. */
  public Set<String> sellers() {
    return policies.stream()
        .map(Policy::agentCode)
        .filter(Objects::nonNull)
        .collect(Collectors.toUnmodifiableSet());
  }
}
