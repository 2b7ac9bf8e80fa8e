package com.huifang.bench;

import com.huifang.dialer.demo.SimulatedCentre;
import com.huifang.dialer.sim.SimPbx;
import com.huifang.postgres.PgUrl;
import com.huifang.postgres.Trees;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.ControlAction;
import com.huifang.scheduler.store.CampaignStore;
import com.huifang.scheduler.task.CampaignKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The whole dial loop of one dialer node: the service leases due attempts, originates them over AMI
 * to the simulated PBX, whose carrier answers busy at once, classifies the events and records the
 * outcomes; sustained for a minute. Then, on the same node, the time from an agent saying it is
 * idle (through the API) to the simulated PBX receiving the next originate.
 */
final class DialLoopBench {

  /**
   * What one run measured.
   *
   * @param disk the disks' mean time and size per write over the sustained period ({@link
   *     DiskWrites})
   */
  record Result(
      double attemptsPerSecond,
      long attempts,
      long duplicateOriginates,
      long pendingLeft,
      double idleToOriginateP50Millis,
      double idleToOriginateP99Millis,
      Optional<DiskWrites.PerWrite> disk) {}

  /** Tuesday 11:00 in Shanghai: inside calling hours on a working day. */
  private static final Instant START = Instant.parse("2026-11-24T03:00:00Z");

  private static final String TOKEN = "bench-supervisor";
  private static final String LATENCY_GROUP = "latency";
  private static final String LATENCY_AGENT = "2950";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Channels (and agents) of each simulated PBX: four E1 trunks. With 60 the loop waits on its own
   * cycle, about 80 ms from a channel coming free to its next originate, at about 2,900 attempts/s
   * over 240 channels, with CPU to spare.
   */
  static final int CHANNELS_PER_PBX = 120;

  private final PgUrl db;
  private final int pbxs;
  private final int tasks;

  /** {@code pbxs} simulated PBXs and as many agents as they have channels. */
  DialLoopBench(PgUrl db, int pbxs, int tasks) {
    this.db = db;
    this.pbxs = pbxs;
    this.tasks = tasks;
  }

  Result run(Duration warmup, Duration sustain, int idleSamples) throws Exception {
    Path dir = Files.createTempDirectory("dial-loop");
    JsonArray tokens =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("token", TOKEN)
                    .put("principal", "bench")
                    .put("role", "supervisor"));
    SimulatedCentre.Setup setup =
        SimulatedCentre.Setup.of(Optional.of(db.uri()), dir, START, tokens, "bench-node")
            .withAgents(pbxs * CHANNELS_PER_PBX)
            .withPbxs(pbxs);
    try (SimulatedCentre centre = SimulatedCentre.start(setup)) {
      // real time: no clock jumps over dead time, and busy customers never reach an agent, so
      // neither the time driver nor the agents' summary loop has anything to do here
      centre.driver().stop();
      centre.agents().stop();
      Pool pool = centre.service().pool();
      CampaignStore campaigns = new CampaignStore(pool);
      Campaign loop = campaign(campaigns, "dial loop", CampaignSettings.DEFAULT_AGENT_GROUP);
      seed(campaigns, pool, loop.id(), "L", tasks);
      Thread.sleep(warmup.toMillis());
      long before = done(pool, loop.id());
      Optional<DiskWrites> diskBefore = DiskWrites.now();
      long t0 = System.nanoTime();
      Thread.sleep(sustain.toMillis());
      long after = done(pool, loop.id());
      Optional<DiskWrites.PerWrite> disk = DiskWrites.perWriteSince(diskBefore);
      double seconds = (System.nanoTime() - t0) / 1e9;
      campaigns
          .control(loop.id(), ControlAction.PAUSE, "bench", "supervisor", centre.clock().instant())
          .await();
      long pending = pending(pool, loop.id());
      double[] idle = idleToOriginate(centre, campaigns, pool, idleSamples);
      return new Result(
          (after - before) / seconds,
          after - before,
          sum(centre, SimPbx::duplicateOriginates),
          pending,
          percentile(idle, 0.50),
          percentile(idle, 0.99),
          disk);
    } finally {
      Trees.delete(dir);
    }
  }

  /**
   * One agent of its own group goes idle through the API while its campaign has due attempts; the
   * sample ends when the simulated PBX has the originate. The agent is paused again and the busy
   * call left to end before the next sample.
   */
  private double[] idleToOriginate(
      SimulatedCentre centre, CampaignStore campaigns, Pool pool, int samples) throws Exception {
    Campaign c = campaign(campaigns, "idle to originate", LATENCY_GROUP);
    seed(campaigns, pool, c.id(), "I", samples * 4);
    int port = centre.service().httpPort();
    api(port, "PUT", "/api/agents/" + LATENCY_AGENT, "{\"name\":\"bench\",\"group\":\"latency\"}");
    double[] millis = new double[samples];
    for (int i = 0; i < samples; i++) {
      api(port, "POST", "/api/agents/" + LATENCY_AGENT + "/state", "{\"state\":\"PAUSED\"}");
      waitUntil(
          () -> sum(centre, p -> p.liveChannels()) == 0, Duration.ofSeconds(5), "calls to end");
      Thread.sleep(20);
      long seen = sum(centre, SimPbx::originates);
      long t0 = System.nanoTime();
      api(port, "POST", "/api/agents/" + LATENCY_AGENT + "/state", "{\"state\":\"IDLE\"}");
      waitUntil(
          () -> sum(centre, SimPbx::originates) > seen, Duration.ofSeconds(5), "the originate");
      millis[i] = (System.nanoTime() - t0) / 1e6;
    }
    api(port, "POST", "/api/agents/" + LATENCY_AGENT + "/state", "{\"state\":\"OFFLINE\"}");
    return millis;
  }

  /** A figure summed over the centre's simulated PBXs. */
  private long sum(SimulatedCentre centre, ToLongFunction<SimPbx> figure) {
    long n = 0;
    for (int i = 0; i < pbxs; i++) {
      n += figure.applyAsLong(centre.pbx(i));
    }
    return n;
  }

  private static Campaign campaign(CampaignStore campaigns, String name, String group) {
    CampaignSettings d = CampaignSettings.defaults(name, CampaignKind.NEW_CONTRACT);
    CampaignSettings s =
        new CampaignSettings(
            d.name(),
            d.kind(),
            d.timezone(),
            d.callingHours(),
            d.maxPasses(),
            d.passInterval(),
            d.ringTimeout(),
            d.dailyCap(),
            d.pacing(),
            10_000,
            group);
    return campaigns.create(s, START).await();
  }

  /**
   * Due new-contract tasks whose one number is busy ({@code ...1017}), one holder each, written
   * while the campaign is paused and with the statistics refreshed before it runs (as an import
   * through the API does).
   */
  private static void seed(
      CampaignStore campaigns, Pool pool, long campaignId, String prefix, int n) {
    campaigns.control(campaignId, ControlAction.PAUSE, "bench", "supervisor", START).await();
    pool.preparedQuery(
            """
            INSERT INTO task (campaign_id, policy_no, holder_name, holder_id, phones, case_type,
                              product_type, state, tier, rank, deadline, next_due_at)
            SELECT $1, $2 || g, 'holder', $2 || g,
                   ARRAY['13' || lpad(g::text, 5, '0') || '1017'],
                   'NEW', 'TRADITIONAL', 'PENDING', 4, 5,
                   $3::timestamptz + (g % 1000) * interval '1 minute', $4::timestamptz
            FROM generate_series(1, $5) g
            """)
        .execute(
            Tuple.of(
                campaignId,
                prefix,
                ts(START.plus(Duration.ofDays(5))),
                ts(START.minusSeconds(60)),
                n))
        .await();
    pool.query("ANALYZE task").execute().await();
    campaigns.control(campaignId, ControlAction.RESUME, "bench", "supervisor", START).await();
  }

  private static long done(Pool pool, long campaignId) {
    return count(
        pool, "SELECT count(*) FROM attempt WHERE state = 'DONE' AND campaign_id = $1", campaignId);
  }

  private static long pending(Pool pool, long campaignId) {
    return count(
        pool,
        "SELECT count(*) FROM task WHERE state = 'PENDING' AND campaign_id = $1 AND pass_no = 1",
        campaignId);
  }

  private static long count(Pool pool, String sql, long campaignId) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(campaignId))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  private static void api(int port, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  private interface Condition {
    boolean holds();
  }

  private static void waitUntil(Condition c, Duration limit, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited " + limit + " for " + what);
      }
      Thread.sleep(0, 100_000);
    }
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static OffsetDateTime ts(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
