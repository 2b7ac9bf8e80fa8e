package com.huifang.dialer.config;

import com.huifang.postgres.PgUrl;
import com.huifang.recording.retention.RetentionPolicy;
import com.huifang.scheduler.window.HolidayCalendar;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole service configuration, validated. Built only by {@link ConfigLoader} from the JSON file
 * and {@code DIALER_*} environment overrides.
 *
 * @param pgUrl the database; empty runs the embedded PostgreSQL under {@code dataDir}
 * @param dataDir where the embedded PostgreSQL keeps its data across restarts
 * @param nodeId this dialer process's name in leases and logs
 * @param holidays public holidays on which nobody is called (the {@code holidays} key: dates)
 * @param retention how long recordings are kept: {@code retention.default} and {@code
 *     retention.byProductType} (ISO-8601 periods, three years at least)
 */
public record DialerConfig(
    String httpHost,
    int httpPort,
    Optional<PgUrl> pgUrl,
    int pgPoolSize,
    Path dataDir,
    String nodeId,
    List<ApiToken> tokens,
    List<PbxSettings> pbxs,
    HolidayCalendar holidays,
    RetentionPolicy retention) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_PG_POOL_SIZE = 16;
  public static final String DEFAULT_DATA_DIR = "data";

  public DialerConfig {
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(pgUrl, "pgUrl");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(nodeId, "nodeId");
    tokens = List.copyOf(tokens);
    pbxs = List.copyOf(pbxs);
    Objects.requireNonNull(holidays, "holidays");
    Objects.requireNonNull(retention, "retention");
  }
}
