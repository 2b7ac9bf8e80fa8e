package com.huifang.scheduler.store;

import com.huifang.postgres.Migrations;
import com.huifang.postgres.PgUrl;

/** The scheduler's tables: campaigns, tasks, attempts, agents, task history. */
public final class SchedulerSchema {

  public static final String MODULE = "scheduler";

  private SchedulerSchema() {}

  /** Brings the scheduler's tables to the newest version; returns that version. */
  public static String migrate(PgUrl url) {
    return Migrations.apply(url, MODULE);
  }
}
