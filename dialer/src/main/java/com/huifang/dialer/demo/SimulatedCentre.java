package com.huifang.dialer.demo;

import com.huifang.dialer.agent.AgentStore;
import com.huifang.dialer.ami.AmiConnection;
import com.huifang.dialer.ari.AriConnection;
import com.huifang.dialer.config.ConfigLoader;
import com.huifang.dialer.config.DialerConfig;
import com.huifang.dialer.engine.EngineSettings;
import com.huifang.dialer.pbx.Backoff;
import com.huifang.dialer.service.DialerService;
import com.huifang.dialer.sim.SimAgents;
import com.huifang.dialer.sim.SimAri;
import com.huifang.dialer.sim.SimClock;
import com.huifang.dialer.sim.SimPbx;
import com.huifang.dialer.sim.TimeDriver;
import com.huifang.scheduler.store.AttemptStore;
import com.huifang.scheduler.store.CampaignStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A whole call centre on one machine: the simulated PBX, the dialer service driving it over AMI (or
 * ARI), agents at their desks and a clock that runs a campaign of days in a minute. The demo runs
 * one; the end-to-end tests run one (or two dialer nodes) against a test database.
 */
public final class SimulatedCentre implements AutoCloseable {

  /**
   * How the centre is set up: {@link #of} with the defaults (real time, no agents at desks, a free
   * HTTP port, one simulated PBX over AMI), changed with the {@code with} methods.
   *
   * @param pgUrl the database; empty for the embedded server in {@code dataDir}
   * @param speed simulated seconds per real second
   * @param agents agents signed in at their desks from the start
   * @param httpPort the API's port, 0 for any free one
   * @param pbxCount simulated PBXs
   * @param ari drive them over ARI instead of AMI
   */
  public record Setup(
      Optional<String> pgUrl,
      Path dataDir,
      Instant start,
      double speed,
      int agents,
      int httpPort,
      JsonArray tokens,
      String nodeId,
      int pbxCount,
      boolean ari) {

    public static Setup of(
        Optional<String> pgUrl, Path dataDir, Instant start, JsonArray tokens, String nodeId) {
      return new Setup(pgUrl, dataDir, start, 1.0, 0, 0, tokens, nodeId, 1, false);
    }

    public Setup withSpeed(double speed) {
      return new Setup(
          pgUrl, dataDir, start, speed, agents, httpPort, tokens, nodeId, pbxCount, ari);
    }

    public Setup withAgents(int agents) {
      return new Setup(
          pgUrl, dataDir, start, speed, agents, httpPort, tokens, nodeId, pbxCount, ari);
    }

    public Setup withHttpPort(int httpPort) {
      return new Setup(
          pgUrl, dataDir, start, speed, agents, httpPort, tokens, nodeId, pbxCount, ari);
    }

    public Setup withPbxs(int pbxCount) {
      return new Setup(
          pgUrl, dataDir, start, speed, agents, httpPort, tokens, nodeId, pbxCount, ari);
    }

    public Setup overAri() {
      return new Setup(
          pgUrl, dataDir, start, speed, agents, httpPort, tokens, nodeId, pbxCount, true);
    }

    /** The same centre as another node sees it: its own id, no agents of its own, any port. */
    Setup node(String id) {
      return new Setup(pgUrl, dataDir, start, speed, 0, 0, tokens, id, pbxCount, ari);
    }
  }

  /** Channels of a simulated PBX at least. */
  static final int MIN_CHANNELS = 60;

  private final Vertx simVertx;
  private final List<SimPbx> pbxs;
  private final List<SimAri> aris;
  private final SimClock clock;
  private final DialerService service;
  private final SimAgents agents;
  private final TimeDriver driver;
  private final Setup setup;
  private final List<DialerService> extraNodes = new ArrayList<>();

  private SimulatedCentre(
      Vertx simVertx,
      List<SimPbx> pbxs,
      List<SimAri> aris,
      SimClock clock,
      DialerService service,
      SimAgents agents,
      TimeDriver driver,
      Setup setup) {
    this.setup = setup;
    this.simVertx = simVertx;
    this.pbxs = new ArrayList<>(pbxs);
    this.aris = List.copyOf(aris);
    this.clock = clock;
    this.service = service;
    this.agents = agents;
    this.driver = driver;
  }

  /** Starts the PBX, the service on it, the agents and the time driver. Blocking. */
  public static SimulatedCentre start(Setup setup) {
    SimClock clock = new SimClock(setup.start(), setup.speed());
    Vertx simVertx = Vertx.vertx();
    List<SimPbx> pbxs = new ArrayList<>();
    List<SimAri> aris = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < setup.pbxCount(); i++) {
      if (setup.ari()) {
        aris.add(SimAri.start(simVertx, simSettings(setup, clock, 0)).await());
        ports.add(aris.getLast().port());
      } else {
        pbxs.add(SimPbx.start(simVertx, simSettings(setup, clock, 0)).await());
        ports.add(pbxs.getLast().port());
      }
    }
    DialerService service = null;
    try {
      service = DialerService.start(config(setup, ports), options(clock));
      SimAgents agents =
          new SimAgents(
              service.vertx(),
              new AgentStore(service.pool()),
              new AttemptStore(service.pool(), com.huifang.scheduler.window.HolidayCalendar.NONE),
              clock,
              service.dialer()::wake);
      agents.signIn(setup.agents(), "default").await();
      agents.start(10);
      TimeDriver driver =
          new TimeDriver(
              service.vertx(),
              service.pool(),
              new CampaignStore(service.pool()),
              com.huifang.scheduler.window.HolidayCalendar.NONE,
              clock,
              service.dialer());
      driver.start(25);
      return new SimulatedCentre(simVertx, pbxs, aris, clock, service, agents, driver, setup);
    } catch (RuntimeException e) {
      if (service != null) {
        service.stop();
      }
      simVertx.close().await();
      throw e;
    }
  }

  private static SimPbx.Settings simSettings(Setup setup, SimClock clock, int port) {
    return new SimPbx.Settings(
        "127.0.0.1",
        port,
        "dialer",
        "sim-secret",
        1.0 / setup.speed(),
        setup.dataDir().resolve("recordings"),
        500,
        clock);
  }

  /**
   * Over AMI the dialer reads the recordings where the simulated PBX writes them; over ARI it has a
   * directory of its own and fetches each recording through ARI.
   */
  private static DialerConfig config(Setup setup, List<Integer> ports) {
    // each PBX carries its share of the agents' calls, and at least two E1 trunks' worth
    int channels = Math.max(MIN_CHANNELS, (setup.agents() + ports.size() - 1) / ports.size());
    JsonArray pbxs = new JsonArray();
    for (int i = 0; i < ports.size(); i++) {
      JsonObject pbx =
          new JsonObject()
              .put("name", i == 0 ? "sim" : "sim" + (i + 1))
              .put("dialPattern", "Local/{number}@outcomes")
              .put("agentDialPattern", "Local/{extension}@agents")
              .put("maxChannels", channels)
              .put(
                  "recordingsDir",
                  setup.dataDir().resolve(setup.ari() ? "fetched" : "recordings").toString());
      if (setup.ari()) {
        pbx.put(
            "ari",
            new JsonObject()
                .put("url", "http://127.0.0.1:" + ports.get(i))
                .put("user", "dialer")
                .put("password", "sim-secret"));
      } else {
        pbx.put(
            "ami",
            new JsonObject()
                .put("host", "127.0.0.1")
                .put("port", ports.get(i))
                .put("user", "dialer")
                .put("secret", "sim-secret"));
      }
      pbxs.add(pbx);
    }
    Map<String, String> env = new HashMap<>();
    setup.pgUrl().ifPresent(u -> env.put("DIALER_PG_URL", u));
    env.put("DIALER_DATA_DIR", setup.dataDir().toString());
    env.put("DIALER_HTTP_PORT", Integer.toString(setup.httpPort()));
    env.put("DIALER_HTTP_HOST", "127.0.0.1");
    env.put("DIALER_NODE_ID", setup.nodeId());
    env.put("DIALER_AUTH_TOKENS", setup.tokens().encode());
    env.put("DIALER_PBXS", pbxs.encode());
    return ConfigLoader.load(Optional.empty(), env);
  }

  private static DialerService.Options options(SimClock clock) {
    EngineSettings engine =
        new EngineSettings(
            Duration.ofMillis(20),
            Duration.ofDays(1),
            Duration.ofSeconds(5),
            Duration.ofMillis(300),
            Duration.ofMillis(200),
            Duration.ofHours(2),
            Duration.ofSeconds(1));
    AmiConnection.Settings ami =
        new AmiConnection.Settings(
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2),
            Duration.ofSeconds(5),
            100_000,
            RandomGenerator.getDefault(),
            Clock.systemUTC());
    AriConnection.Settings ari =
        new AriConnection.Settings(
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2),
            Duration.ofSeconds(5),
            RandomGenerator.getDefault(),
            Clock.systemUTC());
    return new DialerService.Options(clock, engine, ami, true, Duration.ofSeconds(3), ari);
  }

  /**
   * Starts another dialer node on the same database, PBX and clock (the database must be an
   * external one: the embedded server belongs to the first node). Stopped with the centre.
   */
  public DialerService startNode(String nodeId) {
    Setup other = setup.node(nodeId);
    DialerService node = DialerService.start(config(other, ports()), options(clock));
    extraNodes.add(node);
    return node;
  }

  private List<Integer> ports() {
    return setup.ari()
        ? aris.stream().map(SimAri::port).toList()
        : pbxs.stream().map(SimPbx::port).toList();
  }

  public DialerService service() {
    return service;
  }

  public SimPbx pbx() {
    return pbxs.getFirst();
  }

  /** The first simulated PBX of a centre set up over ARI. */
  public SimAri ari() {
    return aris.getFirst();
  }

  /** The {@code i}-th simulated PBX (0 is {@link #pbx()}). */
  public SimPbx pbx(int i) {
    return pbxs.get(i);
  }

  /** The PBX goes away: its port closes and every connection to it drops. */
  public void stopPbx(int i) {
    pbxs.get(i).close().await();
  }

  /** The PBX comes back on the same port. */
  public void restartPbx(int i) {
    SimPbx old = pbxs.get(i);
    pbxs.set(i, SimPbx.start(simVertx, simSettings(setup, clock, old.port())).await());
  }

  public SimClock clock() {
    return clock;
  }

  public SimAgents agents() {
    return agents;
  }

  public TimeDriver driver() {
    return driver;
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    driver.stop();
    agents.stop();
    try {
      extraNodes.forEach(DialerService::stop);
      service.stop();
    } finally {
      simVertx.close().await();
    }
  }
}
