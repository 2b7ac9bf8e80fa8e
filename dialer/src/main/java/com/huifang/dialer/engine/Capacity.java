package com.huifang.dialer.engine;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The figures pacing needs, read from the database so that every dialer node sees the same: idle
 * agents of each group (read on every tick: an agent going idle must be seen at once), and the
 * calls in flight per campaign and per PBX over every node.
 *
 * <p>Other nodes' calls in flight are counted in the background, at most every {@code refresh};
 * this node's own calls are added as they are now (it knows them exactly, and an attempt whose call
 * ended is free at once, though its outcome may still be on its way to the database), so only other
 * nodes' changes wait up to about {@code refresh} to be seen, and no tick waits for the count.
 * Counting open attempts walks an index that holds one dead entry per lease and per dial until
 * vacuum reaches it: at a thousand calls a second that is a hundred thousand entries a minute, too
 * many to walk on every tick.
 */
public final class Capacity {

  /** One campaign's figures. */
  record Figures(int idleAgents, int ringing, int inUse) {}

  /**
   * Calls this node has up: per PBX name, and per campaign those in use and those still without an
   * agent.
   */
  record Own(Map<String, Integer> perPbx, Map<Long, Integer> inUse, Map<Long, Integer> ringing) {}

  /** Calls in flight over every node, as of the last read plus this node's changes since. */
  record InFlight(
      Map<String, Integer> perPbx, Map<Long, Integer> inUse, Map<Long, Integer> ringing) {

    int inUse(long campaignId) {
      return inUse.getOrDefault(campaignId, 0);
    }

    int ringing(long campaignId) {
      return ringing.getOrDefault(campaignId, 0);
    }

    /** Other nodes' calls as counted, with this node's own as they are {@code now}. */
    InFlight plus(Own now) {
      return new InFlight(
          add(perPbx, now.perPbx()), add(inUse, now.inUse()), add(ringing, now.ringing()));
    }

    private static <K> Map<K, Integer> add(Map<K, Integer> read, Map<K, Integer> own) {
      Map<K, Integer> out = new HashMap<>(read);
      own.forEach((k, n) -> out.merge(k, n, Integer::sum));
      return out;
    }
  }

  private record Read(long atNanos, InFlight others) {}

  private final Pool pool;
  private final String node;
  private final Duration refresh;
  private Read last;
  private boolean reading;

  /**
   * @param node this dialer node, the lease owner of its own attempts
   */
  public Capacity(Pool pool, String node, Duration refresh) {
    this.pool = pool;
    this.node = node;
    this.refresh = refresh;
  }

  /** Idle agents per group, read now. */
  Future<Map<String, Integer>> idleAgents() {
    return pool.query(
            "SELECT agent_group, count(*) AS n FROM agent WHERE state = 'IDLE' GROUP BY 1")
        .execute()
        .map(
            rows -> {
              Map<String, Integer> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getString("agent_group"), r.getInteger("n")));
              return out;
            });
  }

  /**
   * Calls in flight over every node ({@code ""} for attempts leased but not yet placed), given what
   * this node has up now. Only the first call waits for the database; after that the last count of
   * other nodes' calls answers at once, and a count older than {@code refresh} starts the next one
   * in the background. Must be called from one context (the autodialer's). The agents are joined
   * once (a subquery per attempt read the whole agent table for each open attempt: 10 ms a read
   * with 300 calls up and 600 agents).
   */
  Future<InFlight> inFlight(Own own) {
    Read r = last;
    if (r == null) {
      return read().map(others -> others.plus(own));
    }
    if (!reading && System.nanoTime() - r.atNanos() >= refresh.toNanos()) {
      read();
    }
    return Future.succeededFuture(r.others().plus(own));
  }

  private Future<InFlight> read() {
    reading = true;
    long at = System.nanoTime();
    return pool.preparedQuery(
            """
            SELECT a.campaign_id, coalesce(a.pbx, '') AS pbx, count(*) AS n,
                   count(*) FILTER (WHERE g.attempt_id IS NULL) AS ringing
            FROM attempt a
            LEFT JOIN (SELECT DISTINCT attempt_id FROM agent WHERE attempt_id IS NOT NULL) g
                   ON g.attempt_id = a.id
            WHERE a.state IN ('LEASED', 'DIALING') AND a.lease_owner IS DISTINCT FROM $1
            GROUP BY 1, 2
            """)
        .execute(Tuple.of(node))
        .map(
            rows -> {
              Map<String, Integer> perPbx = new HashMap<>();
              Map<Long, Integer> inUse = new HashMap<>();
              Map<Long, Integer> ringing = new HashMap<>();
              for (Row row : rows) {
                perPbx.merge(row.getString("pbx"), row.getInteger("n"), Integer::sum);
                inUse.merge(row.getLong("campaign_id"), row.getInteger("n"), Integer::sum);
                ringing.merge(row.getLong("campaign_id"), row.getInteger("ringing"), Integer::sum);
              }
              InFlight read = new InFlight(perPbx, inUse, ringing);
              last = new Read(at, read);
              return read;
            })
        .onComplete(done -> reading = false);
  }
}
