package com.huifang.scheduler.store;

import com.huifang.postgres.PgUrl;
import com.huifang.scheduler.campaign.Campaign;
import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.importing.TaskImport;
import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import com.huifang.scheduler.window.HolidayCalendar;
import com.huifang.testkit.PgServers;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database with the stores on a real pool, and builders for test rows. A test class gets
 * one of its own on a fresh database of the shared test server, dropped after its tests:
 *
 * <pre>{@code
 * @RegisterExtension static final StoreFixture fx = StoreFixture.perClass();
 * }</pre>
 */
final class StoreFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  /** Monday 2026-11-23 11:00 in Shanghai: inside calling hours, not a holiday. */
  static final Instant MONDAY_11 = Instant.parse("2026-11-23T03:00:00Z");

  // set once, before the first test of the class (perClass) or by the constructor
  PgUrl db;
  Vertx vertx;
  Pool pool;
  CampaignStore campaigns;
  TaskStore tasks;
  AttemptStore attempts;

  /** The stores on {@code db}, migrated; closed by {@link #close}. */
  StoreFixture(PgUrl db) {
    open(db);
  }

  private StoreFixture() {}

  /** A fixture that opens on a fresh database before a class's tests and drops it after them. */
  static StoreFixture perClass() {
    return new StoreFixture();
  }

  private void open(PgUrl url) {
    db = url;
    SchedulerSchema.migrate(url);
    vertx = Vertx.vertx();
    pool = StorePool.create(vertx, url, 8, "test");
    campaigns = new CampaignStore(pool);
    tasks = new TaskStore(pool, HolidayCalendar.NONE);
    attempts = new AttemptStore(pool, HolidayCalendar.NONE);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open(PgServers.shared().createDatabase(context.getRequiredTestClass().getSimpleName()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (pool != null) {
        close();
      }
    } finally {
      PgServers.shared().dropDatabase(db);
    }
  }

  Campaign campaign(String name) {
    return campaigns
        .create(CampaignSettings.defaults(name, CampaignKind.NEW_CONTRACT), MONDAY_11)
        .await();
  }

  static TaskImport newTask(String policy, String holder, String... phones) {
    return task(policy, holder, CaseType.NEW, null, ProductType.TRADITIONAL, phones);
  }

  /**
   * {@code n} new tasks of different holders: policy {@code prefix + i}, holder {@code "H-" +
   * prefix + i}, one number, {@code numberPrefix} and {@code i} in eight digits.
   */
  static List<TaskImport> newTasks(String prefix, String numberPrefix, int n) {
    List<TaskImport> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(newTask(prefix + i, "H-" + prefix + i, numberPrefix + String.format("%08d", i)));
    }
    return rows;
  }

  static TaskImport task(
      String policy,
      String holder,
      CaseType caseType,
      YearMonth issued,
      ProductType product,
      String... phones) {
    return new TaskImport(
        policy,
        "客户" + holder,
        holder,
        Arrays.stream(phones).map(PhoneNumber::of).toList(),
        caseType,
        issued,
        caseType == CaseType.NEW ? MONDAY_11.minusSeconds(86_400) : null,
        null,
        product,
        "A001",
        null,
        "上海分公司",
        null,
        false,
        false,
        null);
  }

  /**
   * {@code row} as the insurer sends it once the policy was withdrawn or surrendered at {@code at}.
   */
  static TaskImport cancelled(TaskImport row, Instant at) {
    return new TaskImport(
        row.policyNo(),
        row.holderName(),
        row.holderId(),
        row.phones(),
        row.caseType(),
        row.issuedMonth(),
        row.receiptAt(),
        row.coolingOffEnd(),
        row.productType(),
        row.agentCode(),
        row.agentPhone(),
        row.branch(),
        row.appointmentAt(),
        row.optOut(),
        row.selfInsured(),
        at);
  }

  List<LeasedCall> lease(Campaign c, int n, String owner, Instant at) {
    return attempts.lease(c.id(), n, owner, at, java.time.Duration.ofMinutes(5)).await();
  }

  /** Marks {@code call}, leased by "n1", as dialled on "pbx1" at {@link #MONDAY_11}. */
  void mark(LeasedCall call) {
    if (!attempts
        .markDialing(call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(300))
        .await()) {
      throw new AssertionError("the lease of " + call.attemptId() + " is no longer n1's");
    }
  }

  /**
   * Dials {@code call} on "pbx1" at {@link #MONDAY_11}: answered 5 s later, put through to agent
   * 2001, ended after two minutes; its tasks then wait for the summary.
   */
  void answeredByAgent2001(LeasedCall call) {
    attempts
        .markDialing(call.attemptId(), "n1", "pbx1", MONDAY_11, MONDAY_11.plusSeconds(600))
        .await();
    attempts
        .complete(
            call.attemptId(),
            new CallReport(
                Outcome.ANSWERED,
                16,
                "ANSWER",
                "pbx1",
                "2001",
                MONDAY_11,
                MONDAY_11.plusSeconds(5),
                MONDAY_11.plusSeconds(120)),
            MONDAY_11.plusSeconds(120))
        .await();
  }

  long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
  }
}
