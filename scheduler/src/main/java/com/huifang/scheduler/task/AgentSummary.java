package com.huifang.scheduler.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent's call summary (电话小结, api.md {@code POST /api/attempts/{id}/summary}).
 *
 * @param reason may be null
 * @param appointmentAt may be null
 * @param explicitRequest the customer asked for an early or late time themselves (08:30–10:00,
 *     19:30–20:30)
 * @param note what was said (the record's content, kept with the attempt for QA); may be null
 */
public record AgentSummary(
    SummaryResult result,
    SummaryReason reason,
    List<String> categories,
    Instant appointmentAt,
    boolean explicitRequest,
    boolean surrenderWarning,
    String note) {

  /** The longest note kept. */
  public static final int MAX_NOTE = 2_000;

  public AgentSummary {
    Objects.requireNonNull(result, "result");
    categories = categories == null ? List.of() : List.copyOf(categories);
    if (note != null && note.length() > MAX_NOTE) {
      throw new IllegalArgumentException("note is longer than " + MAX_NOTE + " characters");
    }
  }

  /** Without a note. */
  public AgentSummary(
      SummaryResult result,
      SummaryReason reason,
      List<String> categories,
      Instant appointmentAt,
      boolean explicitRequest,
      boolean surrenderWarning) {
    this(result, reason, categories, appointmentAt, explicitRequest, surrenderWarning, null);
  }
}
