package com.huifang.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.PgUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class FreshDatabaseTest {

  @BeforeAll
  static void create_a_table(PgUrl db) throws SQLException {
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE marker (id int)");
    }
  }

  @Test
  void the_class_database_is_fresh_and_shared_by_its_methods(PgUrl db) throws SQLException {
    assertThat(db.database()).startsWith("t_freshdatabasetest_");
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("only the table made in @BeforeAll").isEqualTo(1);
    }
  }
}
