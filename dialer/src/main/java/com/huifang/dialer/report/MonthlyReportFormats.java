package com.huifang.dialer.report;

import com.huifang.scheduler.outcome.Outcome;
import com.huifang.scheduler.report.MonthlyReport;
import com.huifang.scheduler.report.Rate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** The monthly report as JSON (the API) and as CSV (a spreadsheet, UTF-8 with BOM for Excel). */
public final class MonthlyReportFormats {

  private static final String BOM = "\uFEFF";
  private static final String CSV_HEADER = "figure,key,中文,english,count,of,value,formula\r\n";

  private MonthlyReportFormats() {}

  public static JsonObject json(MonthlyReport r) {
    JsonArray figures = new JsonArray();
    for (ReportFigure f : ReportFigure.of(r)) {
      figures.add(
          rate(f.rate())
              .put("figure", f.figure())
              .put("key", f.key())
              .put("labelZh", f.chinese())
              .put("labelEn", f.english()));
    }
    JsonArray outcomes = new JsonArray();
    for (Map.Entry<Outcome, Long> o : r.outcomes().entrySet()) {
      outcomes.add(
          new JsonObject()
              .put("outcome", o.getKey().name())
              .put("labelZh", o.getKey().chineseLabel())
              .put("labelEn", o.getKey().englishLabel())
              .put("count", o.getValue()));
    }
    return new JsonObject()
        .put("month", r.month().toString())
        .put("timezone", r.zone().getId())
        .put("asOf", r.asOf().toString())
        .put("due", r.due())
        .put("refused", r.refused())
        .put("cancelledBeforeCallback", r.cancelledBeforeCallback())
        .put("successful", r.successful())
        .put("successRate", rate(r.successRate()))
        .put("successTarget", MonthlyReport.SUCCESS_TARGET)
        .put("successTargetMet", r.successTargetMet().orElse(null))
        .put("coolingOffSuccessRate", rate(r.coolingOffSuccessRate()))
        .put("visitAndLetterShare", rate(r.visitAndLetterShare()))
        .put("visitAndLetterLimit", MonthlyReport.VISIT_LETTER_LIMIT)
        .put("visitAndLetterLimitKept", r.visitAndLetterLimitKept().orElse(null))
        .put("figures", figures)
        .put("outcomes", outcomes);
  }

  public static String csv(MonthlyReport r) {
    StringBuilder sb = new StringBuilder(BOM).append(CSV_HEADER);
    for (ReportFigure f : ReportFigure.of(r)) {
      Rate rate = f.rate();
      row(
          sb,
          f.figure(),
          f.key(),
          f.chinese(),
          f.english(),
          Long.toString(rate.numerator()),
          Long.toString(rate.denominator()),
          rate.value().map(MonthlyReportFormats::fraction).orElse(""),
          rate.formula());
    }
    for (Map.Entry<Outcome, Long> o : r.outcomes().entrySet()) {
      row(
          sb,
          "outcome",
          o.getKey().name(),
          o.getKey().chineseLabel(),
          o.getKey().englishLabel(),
          Long.toString(o.getValue()),
          "",
          "",
          "");
    }
    return sb.toString();
  }

  private static JsonObject rate(Rate rate) {
    return new JsonObject()
        .put("count", rate.numerator())
        .put("of", rate.denominator())
        .put("value", rate.value().orElse(null))
        .put("formula", rate.formula());
  }

  private static String fraction(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static void row(StringBuilder sb, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(quote(cells[i]));
    }
    sb.append("\r\n");
  }

  /** RFC 4180: quote when needed; a leading formula character is defused for spreadsheets. */
  static String quote(String cell) {
    String safe = cell.matches("^[=+\\-@].*") ? "'" + cell : cell;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
