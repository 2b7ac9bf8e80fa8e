package com.huifang.dialer.engine;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * The figures pacing needs, read from the database so that every dialer node sees the same: idle
 * agents of a group, a campaign's calls not yet with an agent and its calls in flight, and the
 * calls each PBX carries.
 */
public final class Capacity {

  /** One campaign's figures. */
  record Figures(int idleAgents, int ringing, int inUse) {}

  private final Pool pool;

  public Capacity(Pool pool) {
    this.pool = pool;
  }

  Future<Figures> of(long campaignId, String group) {
    return pool.preparedQuery(
            """
            SELECT (SELECT count(*) FROM agent WHERE agent_group = $2 AND state = 'IDLE') AS idle,
                   (SELECT count(*) FROM attempt a
                     WHERE a.campaign_id = $1 AND a.state IN ('LEASED', 'DIALING')
                       AND NOT EXISTS (SELECT 1 FROM agent g WHERE g.attempt_id = a.id)) AS ringing,
                   (SELECT count(*) FROM attempt a
                     WHERE a.campaign_id = $1 AND a.state IN ('LEASED', 'DIALING')) AS in_use
            """)
        .execute(Tuple.of(campaignId, group))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Figures(
                  r.getInteger("idle"), r.getInteger("ringing"), r.getInteger("in_use"));
            });
  }

  /** Calls in flight per PBX name, over every node; leased but not yet placed under "". */
  Future<Map<String, Integer>> perPbx() {
    return pool.query(
            "SELECT coalesce(pbx, '') AS pbx, count(*) AS n FROM attempt"
                + " WHERE state IN ('LEASED', 'DIALING') GROUP BY 1")
        .execute()
        .map(
            rows -> {
              Map<String, Integer> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getString("pbx"), r.getInteger("n")));
              return out;
            });
  }
}
