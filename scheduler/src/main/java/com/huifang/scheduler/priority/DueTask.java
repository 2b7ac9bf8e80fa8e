package com.huifang.scheduler.priority;

import com.huifang.scheduler.task.ProductType;
import java.util.Objects;

/** A task the store found due, as far as merging calls needs it. */
public record DueTask(long taskId, String holderId, String policyNo, ProductType productType) {

  public DueTask {
    Objects.requireNonNull(holderId, "holderId");
    Objects.requireNonNull(policyNo, "policyNo");
    Objects.requireNonNull(productType, "productType");
  }
}
