package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes rejected rows into stl_load_errors (r_STL_LOAD_ERRORS, keyed by the STL query id) and
 * sys_load_error_detail (SYS_LOAD_ERROR_DETAIL, keyed by the SYS query id), on a connection of
 * its own, so that they stay visible after the COPY's transaction is rolled back, as in
 * Redshift. Values are cut to the columns' widths as Redshift cuts them.
 */
final class LoadErrorLog {

    private static final String STL = "INSERT INTO local_warehouse.stl_load_errors (userid, slice,"
            + " tbl, starttime, session, query, filename, line_number, colname, type, col_length,"
            + " position, raw_line, raw_field_value, err_code, err_reason, is_partial, start_offset)"
            + " VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)";
    private static final String SYS = "INSERT INTO local_warehouse.sys_load_error_detail (user_id,"
            + " query_id, transaction_id, session_id, database_name, table_id, start_time, file_name,"
            + " line_number, column_name, column_type, column_length, position, error_code,"
            + " error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** What both tables record of the COPY itself. */
    record Load(
            long userId,
            long stlQueryId,
            long sysQueryId,
            long transactionId,
            long sessionId,
            long tableId,
            Instant startTime) {

        /** Reads the user and transaction from the COPY's own connection. */
        static Load of(Connection connection, SubStatement sub, DataApiStatement owner, long tableId, Instant startTime)
                throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT r.oid, txid_current() FROM pg_roles r" + " WHERE r.rolname = current_user")) {
                rs.next();
                return new Load(
                        rs.getLong(1),
                        sub.redshiftQueryId,
                        sub.sysQueryId,
                        rs.getLong(2),
                        owner.redshiftPid,
                        tableId,
                        startTime);
            }
        }
    }

    private final LocalPostgres postgres;

    LoadErrorLog(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    void write(Load load, List<LoadError> errors) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        Timestamp start =
                Timestamp.valueOf(load.startTime().atOffset(ZoneOffset.UTC).toLocalDateTime());
        try (Connection connection = postgres.connect();
                PreparedStatement stl = connection.prepareStatement(STL);
                PreparedStatement sys = connection.prepareStatement(SYS)) {
            connection.setAutoCommit(false);
            for (LoadError error : errors) {
                int i = 1;
                stl.setInt(i++, (int) load.userId());
                stl.setInt(i++, (int) load.tableId());
                stl.setTimestamp(i++, start);
                stl.setInt(i++, (int) load.sessionId());
                stl.setInt(i++, (int) load.stlQueryId());
                stl.setString(i++, cut(error.fileName(), 256));
                stl.setLong(i++, error.lineNumber());
                stl.setString(i++, cut(error.columnName(), 127));
                stl.setString(i++, cut(error.columnType(), 10));
                stl.setString(i++, cut(error.columnLength(), 10));
                stl.setInt(i++, error.position());
                stl.setString(i++, cut(singleByte(error.rawLine()), 1024));
                stl.setString(i++, cut(singleByte(error.rawFieldValue()), 1024));
                stl.setInt(i++, error.errorCode());
                stl.setString(i, cut(error.errorMessage(), 100));
                stl.addBatch();

                i = 1;
                sys.setInt(i++, (int) load.userId());
                sys.setLong(i++, load.sysQueryId());
                sys.setLong(i++, load.transactionId());
                sys.setInt(i++, (int) load.sessionId());
                sys.setString(i++, cut(postgres.database(), 64));
                sys.setInt(i++, (int) load.tableId());
                sys.setTimestamp(i++, start);
                sys.setString(i++, cut(error.fileName(), 256));
                sys.setLong(i++, error.lineNumber());
                sys.setString(i++, cut(error.columnName(), 127));
                sys.setString(i++, cut(error.columnType(), 10));
                sys.setString(i++, cut(error.columnLength(), 10));
                sys.setInt(i++, error.position());
                sys.setInt(i++, error.errorCode());
                sys.setString(i, cut(error.errorMessage(), 512));
                sys.addBatch();
            }
            stl.executeBatch();
            sys.executeBatch();
            connection.commit();
        }
    }

    /** "Multibyte characters in the load data are replaced with a period" (r_STL_LOAD_ERRORS). */
    private static String singleByte(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.append(c < 0x80 ? (char) c : '.'));
        return out.toString();
    }

    /** Cut to a CHAR(n) column's width; the column pads the rest with blanks. */
    static String cut(String value, int width) {
        if (value == null) {
            return "";
        }
        return value.length() <= width ? value : value.substring(0, width);
    }
}
