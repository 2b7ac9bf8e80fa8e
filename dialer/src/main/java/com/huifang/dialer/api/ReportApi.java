package com.huifang.dialer.api;

import com.huifang.dialer.config.Role;
import com.huifang.dialer.http.ApiAuth;
import com.huifang.dialer.http.ApiError;
import com.huifang.dialer.report.MonthlyReportFormats;
import com.huifang.scheduler.store.ReportStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * api.md {@code GET /api/reports/monthly?month=2026-11[&campaign=…][&timezone=…]}: the regulator's
 * figures as JSON, or as CSV with {@code Accept: text/csv}.
 */
public final class ReportApi {

  private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private final ReportStore reports;
  private final Clock clock;

  public ReportApi(ReportStore reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  public void mount(Router router) {
    router
        .get("/api/reports/monthly")
        .handler(ApiAuth.allow(Role.SUPERVISOR, Role.ADMIN, Role.QA))
        .handler(this::monthly);
  }

  private void monthly(RoutingContext ctx) {
    YearMonth month;
    ZoneId zone;
    Long campaign = null;
    String m = ctx.queryParams().get("month");
    if (m == null) {
      ApiError.send(ctx, 400, "bad_request", "month is required, like 2026-11");
      return;
    }
    try {
      month = YearMonth.parse(m);
    } catch (DateTimeParseException e) {
      ApiError.send(ctx, 400, "bad_request", "month '" + m + "' is not a month like 2026-11");
      return;
    }
    try {
      String tz = ctx.queryParams().get("timezone");
      zone = tz == null ? DEFAULT_ZONE : ZoneId.of(tz);
    } catch (DateTimeException e) {
      ApiError.send(ctx, 400, "bad_request", "timezone must be an IANA zone like Asia/Shanghai");
      return;
    }
    String c = ctx.queryParams().get("campaign");
    if (c != null) {
      try {
        campaign = Long.parseLong(c);
      } catch (NumberFormatException e) {
        ApiError.send(ctx, 400, "bad_request", "campaign must be a campaign id");
        return;
      }
    }
    boolean csv = String.valueOf(ctx.request().getHeader("Accept")).contains("text/csv");
    reports
        .monthly(month, zone, clock.instant(), campaign)
        .onSuccess(
            r -> {
              if (csv) {
                ctx.response()
                    .putHeader("content-type", "text/csv; charset=utf-8")
                    .putHeader(
                        "content-disposition", "attachment; filename=\"report-" + month + ".csv\"")
                    .end(MonthlyReportFormats.csv(r));
              } else {
                Requests.ok(ctx, 200, MonthlyReportFormats.json(r));
              }
            })
        .onFailure(ctx::fail);
  }
}
