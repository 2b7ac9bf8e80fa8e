package com.huifang.recording.store;

import com.huifang.postgres.Migrations;
import com.huifang.postgres.PgUrl;

/** The recording module's tables: recording references and the access audit. */
public final class RecordingSchema {

  public static final String MODULE = "recording";

  private RecordingSchema() {}

  /** Brings the recording tables to the newest version; returns that version. */
  public static String migrate(PgUrl url) {
    return Migrations.apply(url, MODULE);
  }
}
