package com.huifang.scheduler.campaign;

import com.huifang.scheduler.outcome.Outcome;
import java.util.Map;

/**
 * The live view of a campaign (api.md {@code GET /api/campaigns/{id}}).
 *
 * @param pending tasks in the pool (due now or later)
 * @param inFlight attempts leased or being dialled
 * @param done tasks settled by a standard or sub-standard callback
 * @param toBranch tasks handed to the branch
 * @param outcomes attempts by outcome
 */
public record CampaignCounters(
    long pending,
    long inFlight,
    long awaitingSummary,
    long done,
    long toBranch,
    long exempt,
    long unresolved,
    long cancelled,
    Map<Outcome, Long> outcomes) {

  public CampaignCounters {
    outcomes = Map.copyOf(outcomes);
  }
}
