package com.huifang.recording.store;

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
class RecordingSchemaTest {

  @Test
  void migrating_twice_creates_the_tables_once_and_keeps_its_own_history(PgUrl db)
      throws SQLException {
    String first = RecordingSchema.migrate(db);
    String second = RecordingSchema.migrate(db);

    assertThat(second).isEqualTo(first).isNotEqualTo("0");
    try (Connection c = PgServer.connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                    + " ('recording_access', 'flyway_history_recording')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }
}
