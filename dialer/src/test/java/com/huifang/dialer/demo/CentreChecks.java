package com.huifang.dialer.demo;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.PgServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** What the simulated-centre tests print when a campaign does not end: where everything is. */
final class CentreChecks {

  private CentreChecks() {}

  static String left(PgUrl db) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 'task ' || state, count(*) FROM task GROUP BY 1 UNION ALL"
                    + " SELECT 'attempt ' || state || ' ' || coalesce(outcome, '-'), count(*)"
                    + " FROM attempt GROUP BY 1 UNION ALL"
                    + " SELECT 'agent ' || state, count(*) FROM agent GROUP BY 1 UNION ALL"
                    + " SELECT 'next due ' || min(next_due_at)::text, 0 FROM task"
                    + " WHERE state = 'PENDING'")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('=').append(rs.getLong(2)).append("; ");
      }
    }
    return out.toString();
  }
}
