package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Records each COPY in sys_load_history (SYS_LOAD_HISTORY: one row per COPY, keyed by the SYS
 * query id, status completed or aborted) and each file of a successful COPY in
 * stl_load_commits (r_STL_LOAD_COMMITS: one row per file, keyed by the STL query id). Written on
 * a connection of its own, like {@link LoadErrorLog}: "The fact that a record is written to the
 * log file for this system view does not mean that the load committed successfully as part of
 * its containing transaction" (r_STL_LOAD_COMMITS).
 */
final class LoadCommitLog {

    private static final String STL = "INSERT INTO local_warehouse.stl_load_commits (userid, query,"
            + " slice, name, filename, byte_offset, lines_scanned, errors, curtime, status, file_format,"
            + " is_partial, start_offset, copy_job_id) VALUES (?, ?, 0, ?, ?, 0, ?, 0, ?, 1, ?, 0, 0, 0)";
    private static final String SYS = "INSERT INTO local_warehouse.sys_load_history (user_id,"
            + " query_id, transaction_id, session_id, database_name, status, table_name, start_time,"
            + " end_time, duration, data_source, file_format, loaded_rows, loaded_bytes,"
            + " source_file_count, source_file_bytes, file_count_scanned, file_bytes_scanned,"
            + " error_count, copy_job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, 0)";

    private final LocalPostgres postgres;

    LoadCommitLog(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    /** Records a COPY that ended: {@code failed} when its rejected rows reached MAXERROR. */
    void write(
            LoadErrorLog.Load load,
            CopyCommand command,
            List<CopyLoader.LoadedFile> files,
            long rows,
            int errors,
            boolean failed)
            throws SQLException {
        Instant end = Instant.now();
        Timestamp endTime = utc(end);
        long dataBytes = 0;
        long objectBytes = 0;
        for (CopyLoader.LoadedFile file : files) {
            dataBytes += file.dataBytes();
            objectBytes += file.objectBytes();
        }
        try (Connection connection = postgres.connect();
                PreparedStatement stl = connection.prepareStatement(STL);
                PreparedStatement sys = connection.prepareStatement(SYS)) {
            connection.setAutoCommit(false);
            if (!failed) {
                for (CopyLoader.LoadedFile file : files) {
                    int i = 1;
                    stl.setInt(i++, (int) load.userId());
                    stl.setInt(i++, (int) load.stlQueryId());
                    stl.setString(i++, LoadErrorLog.cut(command.tableShortName(), 256));
                    stl.setString(i++, LoadErrorLog.cut(file.url(), 256));
                    stl.setInt(i++, (int) Math.min(Integer.MAX_VALUE, file.linesScanned()));
                    stl.setTimestamp(i++, endTime);
                    // "Avro, JSON, ORC, Parquet, Text" (r_STL_LOAD_COMMITS, file_format)
                    stl.setString(
                            i,
                            switch (command.format()) {
                                case JSON -> "JSON";
                                case PARQUET -> "Parquet";
                                case CSV, TEXT -> "Text";
                            });
                    stl.addBatch();
                }
                stl.executeBatch();
            }
            int i = 1;
            sys.setInt(i++, (int) load.userId());
            sys.setLong(i++, load.sysQueryId());
            sys.setLong(i++, load.transactionId());
            sys.setInt(i++, (int) load.sessionId());
            sys.setString(i++, postgres.database());
            sys.setString(i++, failed ? "aborted" : "completed");
            sys.setString(i++, command.tableShortName());
            sys.setTimestamp(i++, utc(load.startTime()));
            sys.setTimestamp(i++, endTime);
            sys.setLong(i++, Duration.between(load.startTime(), end).toNanos() / 1000);
            sys.setString(i++, command.fromUrl());
            // "csv, txt, json, avro, orc, parquet" (SYS_LOAD_HISTORY, file_format)
            sys.setString(
                    i++,
                    switch (command.format()) {
                        case CSV -> "csv";
                        case JSON -> "json";
                        case TEXT -> "txt";
                        case PARQUET -> "parquet";
                    });
            sys.setLong(i++, failed ? 0 : rows);
            sys.setLong(i++, failed ? 0 : dataBytes);
            sys.setInt(i++, files.size());
            sys.setLong(i++, objectBytes);
            sys.setInt(i++, files.size());
            sys.setLong(i++, objectBytes);
            sys.setLong(i, errors);
            sys.executeUpdate();
            connection.commit();
        }
    }

    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
    }
}
