package com.huifang.scheduler.importing;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.task.TaskSnapshot;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * One validated import row (api.md "Tasks"). Optional fields are null when absent; {@code phones}
 * holds 1-4 numbers, or none for an opt-out (免回访声明) policyholder, who is never dialled.
 *
 * @param selfInsured the selling agent is the policyholder (自保件); an addition to api.md's fields
 * @param cancelledAt when the policy was withdrawn or surrendered (撤单/退保), null while it is in
 *     force; an addition to api.md's fields: such a policy is not called again
 */
public record TaskImport(
    String policyNo,
    String holderName,
    String holderId,
    List<PhoneNumber> phones,
    CaseType caseType,
    YearMonth issuedMonth,
    Instant receiptAt,
    Instant coolingOffEnd,
    ProductType productType,
    String agentCode,
    PhoneNumber agentPhone,
    String branch,
    Instant appointmentAt,
    boolean optOut,
    boolean selfInsured,
    Instant cancelledAt) {

  public static final int MAX_PHONES = TaskSnapshot.MAX_PHONES;

  public TaskImport {
    Objects.requireNonNull(policyNo, "policyNo");
    Objects.requireNonNull(holderName, "holderName");
    Objects.requireNonNull(holderId, "holderId");
    Objects.requireNonNull(caseType, "caseType");
    Objects.requireNonNull(productType, "productType");
    phones = List.copyOf(phones);
    if (phones.size() > MAX_PHONES || (phones.isEmpty() && !optOut)) {
      throw new IllegalArgumentException("a task has 1-" + MAX_PHONES + " numbers");
    }
  }
}
