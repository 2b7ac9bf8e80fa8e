package com.huifang.dialer.report;

import com.huifang.scheduler.report.CallbackMethod;
import com.huifang.scheduler.report.MonthlyReport;
import com.huifang.scheduler.report.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of the monthly report as compliance reads it: which figure, its Chinese and English
 * labels, and its rate. Both renderings (JSON and CSV) are made from this one list, so they never
 * disagree.
 */
record ReportFigure(String figure, String key, String chinese, String english, Rate rate) {

  static List<ReportFigure> of(MonthlyReport r) {
    List<ReportFigure> rows = new ArrayList<>();
    rows.add(
        new ReportFigure("successRate", "", "回访成功率", "callback success rate", r.successRate()));
    rows.add(
        new ReportFigure(
            "coolingOffSuccessRate",
            "",
            "犹豫期内回访成功率",
            "success rate inside the cooling-off period",
            r.coolingOffSuccessRate()));
    for (Map.Entry<CallbackMethod, Rate> m : r.methods().entrySet()) {
      rows.add(
          new ReportFigure(
              "method",
              m.getKey().name(),
              m.getKey().chineseLabel() + "占比",
              "share of " + m.getKey().name().toLowerCase(java.util.Locale.ROOT) + " callbacks",
              m.getValue()));
    }
    rows.add(
        new ReportFigure(
            "visitAndLetterShare",
            "",
            "上门及信函回访占比",
            "share of visits and letters",
            r.visitAndLetterShare()));
    rows.add(new ReportFigure("problemRate", "", "问题件比率", "problem case rate", r.problemRate()));
    addAll(rows, "problemCategory", "问题件分类", "problem cases of category", r.problemsByCategory());
    addAll(rows, "problemCause", "问题件原因", "problem cases with cause", r.problemsByCause());
    addAll(rows, "problemBranch", "分支机构问题件", "problem cases of branch", r.problemsByBranch());
    rows.add(
        new ReportFigure(
            "openProblems", "", "未处理完毕的问题件占比", "open problem cases", r.openProblems()));
    rows.add(
        new ReportFigure(
            "problemCompletionRate",
            "",
            "问题件处理完成率",
            "problem case completion rate",
            r.problemCompletionRate()));
    return rows;
  }

  private static void addAll(
      List<ReportFigure> rows, String figure, String chinese, String english, Map<String, Rate> m) {
    m.forEach((k, rate) -> rows.add(new ReportFigure(figure, k, chinese, english + " " + k, rate)));
  }
}
