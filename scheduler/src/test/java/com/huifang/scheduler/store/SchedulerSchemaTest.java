package com.huifang.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import com.huifang.testkit.FreshDatabase;
import com.huifang.testkit.PgServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class SchedulerSchemaTest {

  @Test
  void migrating_twice_creates_the_tables_once_and_keeps_its_own_history(PgUrl db)
      throws SQLException {
    String first = SchedulerSchema.migrate(db);
    String second = SchedulerSchema.migrate(db);

    assertThat(second).isEqualTo(first).isNotEqualTo("0");
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                    + " ('task', 'flyway_history_scheduler')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }
}
