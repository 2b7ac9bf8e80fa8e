package com.huifang.dialer.demo;

import com.huifang.postgres.Trees;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dialer.jar demo}: a whole callback campaign on a fresh machine, nothing installed. It
 * starts an embedded PostgreSQL (temporary data), the simulated PBX, the dialer and ten simulated
 * agents, imports a generated campaign through the API, runs it in compressed time with a live
 * progress line, prints the monthly report and where to look, and keeps serving until Ctrl-C (or
 * stops by itself with {@code --exit-when-done}).
 */
public final class Demo {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** What the command line asked for. */
  public record Options(boolean exitWhenDone, int port, int policies, double speed, int agents) {
    public static Options defaults() {
      return new Options(false, 8080, 1000, 900, 10);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private int port;

  public Demo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    SecureRandom random = new SecureRandom();
    for (String role : new String[] {"supervisor", "qa", "importer", "agent", "admin"}) {
      byte[] b = new byte[12];
      random.nextBytes(b);
      tokens.put(role, role + "-" + HexFormat.of().formatHex(b));
    }
  }

  /** Runs the demo; returns the process exit status. */
  public int run() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("dialer-demo-");
    // the embedded PostgreSQL may run as another user (as 'nobody' when started by root): let it
    // pass through, without letting anyone list what is inside
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    out.println("data: " + dir + " (removed when the demo ends)");
    JsonArray tokenConfig = new JsonArray();
    tokens.forEach(
        (role, token) ->
            tokenConfig.add(
                new JsonObject()
                    .put("token", token)
                    .put("principal", "demo-" + role)
                    .put("role", role)));
    Instant start =
        LocalDate.now(SHANGHAI).atTime(LocalTime.of(9, 30)).atZone(SHANGHAI).toInstant();
    out.println(
        "starting: embedded PostgreSQL, simulated PBX, dialer, " + options.agents() + " agents");
    SimulatedCentre centre =
        SimulatedCentre.start(
            SimulatedCentre.Setup.of(Optional.empty(), dir, start, tokenConfig, "demo")
                .withSpeed(options.speed())
                .withAgents(options.agents())
                .withHttpPort(options.port()));
    port = centre.service().httpPort();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> end(centre, dir), "demo-shutdown"));
    JsonObject campaign =
        new JsonObject(
            call(
                "POST",
                "/api/campaigns",
                "supervisor",
                "application/json",
                "{\"name\":\"新契约回访演示\",\"kind\":\"NEW_CONTRACT\"}"));
    long id = campaign.getLong("id");
    String rows = String.join("\n", DemoCampaign.ndjson(options.policies(), 2026, start, SHANGHAI));
    JsonObject imported =
        new JsonObject(
            call(
                "POST",
                "/api/campaigns/" + id + "/tasks",
                "importer",
                "application/x-ndjson",
                rows));
    out.printf(
        Locale.ROOT,
        "campaign %d: %d policies imported, %d rows rejected (for example line %s: %s)%n",
        id,
        imported.getInteger("accepted"),
        imported.getInteger("rejectedRows"),
        first(imported, "line"),
        first(imported, "reason"));
    long began = System.nanoTime();
    long lastDialled = 0;
    while (!centre.driver().finished(id).await()) {
      Thread.sleep(1000);
      JsonObject c = new JsonObject(call("GET", "/api/campaigns/" + id, "supervisor", null, null));
      JsonObject n = c.getJsonObject("counters");
      long dialled =
          n.getJsonObject("outcomes").stream()
              .mapToLong(e -> ((Number) e.getValue()).longValue())
              .sum();
      long answered = n.getJsonObject("outcomes").getLong("ANSWERED", 0L);
      out.printf(
          Locale.ROOT,
          "\r%s  dialled %5d  answered %5d  done %5d  to branch %4d  pending %4d  %5.1f calls/s  in flight %3d   ",
          centre
              .clock()
              .instant()
              .atZone(SHANGHAI)
              .toLocalDateTime()
              .toString()
              .replace('T', ' ')
              .substring(0, 16),
          dialled,
          answered,
          n.getLong("done"),
          n.getLong("toBranch"),
          n.getLong("pending"),
          (double) (dialled - lastDialled),
          n.getLong("inFlight"));
      lastDialled = dialled;
    }
    out.printf(
        Locale.ROOT,
        "%ncampaign finished in %d s%n%n",
        (System.nanoTime() - began) / 1_000_000_000L);
    String month = start.atZone(SHANGHAI).toLocalDate().toString().substring(0, 7);
    JsonObject report =
        new JsonObject(
            call("GET", "/api/reports/monthly?month=" + month, "supervisor", null, null));
    printReport(report);
    boolean consistent = consistent(report);
    out.println();
    out.println("API: http://127.0.0.1:" + port + "/api  (health: /health, metrics: /metrics)");
    tokens.forEach((role, token) -> out.printf(Locale.ROOT, "  %-10s token %s%n", role, token));
    out.printf(
        Locale.ROOT,
        "try:%n  curl -H 'Authorization: Bearer %s' http://127.0.0.1:%d/api/campaigns/%d%n"
            + "  curl -H 'Authorization: Bearer %s' 'http://127.0.0.1:%d/api/tasks?policyNo=%s'%n"
            + "  curl -H 'Authorization: Bearer %s' -H 'Accept: text/csv'"
            + " 'http://127.0.0.1:%d/api/reports/monthly?month=%s'%n",
        tokens.get("supervisor"),
        port,
        id,
        tokens.get("qa"),
        port,
        new JsonObject(rows.lines().findFirst().orElseThrow()).getString("policyNo"),
        tokens.get("supervisor"),
        port,
        month);
    if (options.exitWhenDone()) {
      end(centre, dir);
      return consistent ? 0 : 1;
    }
    out.println("serving until Ctrl-C");
    Thread.currentThread().join();
    return 0;
  }

  /** Stops everything, then removes the demo's database and recordings. */
  private void end(SimulatedCentre centre, Path dir) {
    centre.close();
    try {
      Trees.delete(dir);
    } catch (IOException e) {
      out.println("could not remove " + dir + ": " + e.getMessage());
    }
  }

  private static String first(JsonObject imported, String key) {
    JsonArray rejected = imported.getJsonArray("rejected");
    return rejected.isEmpty() ? "-" : String.valueOf(rejected.getJsonObject(0).getValue(key));
  }

  private void printReport(JsonObject r) {
    out.printf(
        Locale.ROOT,
        "月度回访报表 monthly report %s (%s)%n",
        r.getString("month"),
        r.getString("timezone"));
    for (Object o : r.getJsonArray("figures")) {
      JsonObject f = (JsonObject) o;
      Object value = f.getValue("value");
      out.printf(
          Locale.ROOT,
          "  %-28s %-34s %6d / %-6d %s%n",
          f.getString("labelZh"),
          f.getString("labelEn"),
          f.getLong("count"),
          f.getLong("of"),
          value == null
              ? "-"
              : String.format(Locale.ROOT, "%.1f %%", ((Number) value).doubleValue() * 100));
    }
    out.println("  outcomes of every dial:");
    for (Object o : r.getJsonArray("outcomes")) {
      JsonObject f = (JsonObject) o;
      if (f.getLong("count") > 0) {
        out.printf(
            Locale.ROOT,
            "    %-16s %-22s %6d%n",
            f.getString("labelZh"),
            f.getString("labelEn"),
            f.getLong("count"));
      }
    }
  }

  /** The report agrees with itself: rates within [0, 1] and parts never above their whole. */
  static boolean consistent(JsonObject r) {
    long due = r.getLong("due");
    boolean ok = due > 0 && r.getLong("successful") <= due;
    for (Object o : r.getJsonArray("figures")) {
      JsonObject f = (JsonObject) o;
      Object value = f.getValue("value");
      ok &=
          f.getLong("count") >= 0
              && f.getLong("count")
                  <= Math.max(f.getLong("of"), f.getLong("count") == 0 ? 0 : f.getLong("of"));
      ok &=
          value == null
              || (((Number) value).doubleValue() >= 0 && ((Number) value).doubleValue() <= 1);
    }
    return ok;
  }

  private String call(String method, String path, String role, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + tokens.get(role))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
