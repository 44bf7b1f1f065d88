package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes rejected rows into sys_load_error_detail on a connection of its own, so that they stay
 * visible after the COPY's transaction is rolled back, as in Redshift.
 */
final class LoadErrorLog {

  private static final String INSERT = "INSERT INTO sys.sys_load_error_detail (user_id, query_id,"
      + " session_id, database_name, table_id, start_time, file_name, line_number, column_name,"
      + " column_type, column_length, position, error_code, error_message, raw_line,"
      + " raw_field_value) VALUES (100, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final LocalPostgres postgres;

  LoadErrorLog(LocalPostgres postgres) {
    this.postgres = postgres;
  }

  void write(long queryId, long sessionId, long tableId, Instant startTime, List<LoadError> errors)
      throws SQLException {
    if (errors.isEmpty()) {
      return;
    }
    try (Connection connection = postgres.connect();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      connection.setAutoCommit(true);
      for (LoadError error : errors) {
        int i = 1;
        insert.setLong(i++, queryId);
        insert.setInt(i++, (int) sessionId);
        insert.setString(i++, postgres.database());
        insert.setInt(i++, (int) tableId);
        insert.setTimestamp(i++,
            Timestamp.valueOf(startTime.atOffset(ZoneOffset.UTC).toLocalDateTime()));
        insert.setString(i++, cut(error.fileName(), 1280));
        insert.setLong(i++, error.lineNumber());
        insert.setString(i++, cut(error.columnName(), 127));
        insert.setString(i++, cut(error.columnType(), 128));
        insert.setString(i++, cut(error.columnLength(), 10));
        insert.setInt(i++, error.position());
        insert.setInt(i++, error.errorCode());
        insert.setString(i++, cut(error.errorMessage(), 512));
        insert.setString(i++, cut(error.rawLine(), 1024));
        insert.setString(i++, cut(error.rawFieldValue(), 1024));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static String cut(String value, int max) {
    if (value == null) {
      return "";
    }
    return value.length() <= max ? value : value.substring(0, max);
  }
}
