package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs Data API statements on a small pool of threads, each statement (or batch) on a JDBC
 * connection of its own, so temporary tables live as long as the batch, and a batch is one
 * transaction: all of its statements commit or none does.
 */
final class StatementRunner implements AutoCloseable {

    private final LocalPostgres postgres;
    private final CopyLoader copyLoader;
    private final FaultInjector faults;
    private final ExecutorService executor;
    private final DatabaseUsers users;
    /** STL query ids: integers, as STL_QUERY.query and the Data API's RedshiftQueryId. */
    private final AtomicLong stlQueryIds = new AtomicLong(100_000);
    /**
     * SYS query ids: another sequence in another range (beyond the integer range of STL ids),
     * so that code mixing the two up fails here as it would in Redshift.
     */
    private final AtomicLong sysQueryIds = new AtomicLong(5_000_000_000L);

    /**
     * A database kept from an earlier run (a state folder) holds load errors of that run's
     * statements: new ids go on after them, so that errors looked up by query id are never an
     * older statement's (query ids are unique on a cluster, cm_chap_system-tables).
     */
    private void continueQueryIdsAfterRecordedOnes() {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT max(query) FROM local_warehouse.stl_load_errors),"
                        + " (SELECT max(query_id) FROM local_warehouse.sys_load_error_detail)")) {
            rs.next();
            stlQueryIds.accumulateAndGet(rs.getLong(1), Math::max);
            sysQueryIds.accumulateAndGet(rs.getLong(2), Math::max);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the query ids recorded in the load error tables", e);
        }
    }

    StatementRunner(
            LocalPostgres postgres, DatabaseUsers users, CopyLoader copyLoader, FaultInjector faults, int threads) {
        this.postgres = postgres;
        this.users = users;
        this.copyLoader = copyLoader;
        this.faults = faults;
        continueQueryIdsAfterRecordedOnes();
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "local-warehouse-statement-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void submit(DataApiStatement statement) {
        executor.execute(() -> run(statement));
    }

    private void run(DataApiStatement statement) {
        if (!statement.markPicked()) {
            return;
        }
        SubStatement current = null;
        try (Connection connection = users.connect(statement.target.runAs())) {
            if (!postgres.database().equals(statement.target.database())) {
                statement.end(
                        StatementStatus.FAILED,
                        statement.subStatements.get(0),
                        "FATAL: database \"" + statement.target.database() + "\" does not exist");
                return;
            }
            // a statement Redshift refuses inside a transaction block runs alone in autocommit mode
            boolean transaction =
                    statement.batch || RedshiftDialect.refusedInTransaction(statement.subStatements.get(0).sql) == null;
            connection.setAutoCommit(!transaction);
            statement.markStarted(backendPid(connection));
            for (SubStatement sub : statement.subStatements) {
                current = sub;
                statement.checkCancelled();
                statement.startSub(sub, stlQueryIds.incrementAndGet(), sysQueryIds.incrementAndGet());
                applyFaults(statement, sub);
                refuseInBatch(statement, sub);
                execute(connection, statement, sub);
                if (transaction && RedshiftDialect.commitsTransaction(sub.sql)) {
                    // TRUNCATE "commits the transaction in which it is run" (r_TRUNCATE): what ran before
                    // it in the batch, and itself, stay committed whatever fails later
                    connection.commit();
                }
            }
            statement.checkCancelled();
            if (transaction) {
                connection.commit();
            }
            statement.finish();
        } catch (StatementCancelledException e) {
            statement.end(StatementStatus.ABORTED, current, statement.cancelMessage());
        } catch (CopyException e) {
            statement.end(StatementStatus.FAILED, current, "ERROR: " + e.getMessage());
        } catch (SQLException e) {
            if (statement.isCancelRequested()) {
                statement.end(StatementStatus.ABORTED, current, statement.cancelMessage());
            } else {
                statement.end(StatementStatus.FAILED, current, describe(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            statement.end(StatementStatus.ABORTED, current, "Query interrupted: the warehouse stopped");
        } catch (RuntimeException e) {
            statement.end(StatementStatus.FAILED, current, "ERROR: internal error of the local" + " warehouse: " + e);
        }
    }

    private void applyFaults(DataApiStatement statement, SubStatement sub)
            throws StatementCancelledException, InterruptedException, SQLException {
        for (FaultInjector.StatementFault fault : faults.take(sub.sql)) {
            switch (fault.kind()) {
                case DELAY -> statement.sleepCancellable(fault.delay());
                case HOLD -> hold(statement, sub, fault.hold());
                case FAIL -> throw new SQLException(fault.message(), "XX000");
                default -> throw new IllegalStateException(fault.kind().toString());
            }
        }
    }

    /** A batch is one transaction block, so what Redshift refuses there fails as it does. */
    private static void refuseInBatch(DataApiStatement statement, SubStatement sub) throws SQLException {
        String refused = statement.batch ? RedshiftDialect.refusedInTransaction(sub.sql) : null;
        if (refused != null) {
            throw new SQLException(refused + " cannot run inside a transaction block", "25001");
        }
    }

    private static void hold(DataApiStatement statement, SubStatement sub, FaultInjector.Hold hold)
            throws StatementCancelledException, InterruptedException {
        hold.arrived(sub.id);
        while (!hold.isReleased()) {
            statement.sleepCancellable(java.time.Duration.ofMillis(20));
        }
    }

    private void execute(Connection connection, DataApiStatement statement, SubStatement sub)
            throws SQLException, CopyException, StatementCancelledException {
        if (CopyCommand.isCopy(sub.sql)) {
            CopyCommand command = CopyCommand.parse(sub.sql);
            long rows = copyLoader.load(connection, command, sub, statement);
            statement.finishSub(sub, rows, null);
            return;
        }
        if (AssumeRoleGrants.isAssumeRole(sub.sql)) {
            AssumeRoleGrants.apply(connection, sub.sql);
            statement.finishSub(sub, 0, null);
            return;
        }
        String sql;
        try {
            sql = RedshiftDialect.toPostgres(sub.sql);
        } catch (UnsupportedOperationException e) {
            throw new SQLException(e.getMessage(), "0A000", e);
        }
        SqlParameters.Bound bound = SqlParameters.bind(sql, statement.parameters);
        Statement jdbc;
        boolean hasResultSet;
        if (bound.values().isEmpty()) {
            jdbc = connection.createStatement();
            statement.track(jdbc);
            hasResultSet = jdbc.execute(sql);
        } else {
            PreparedStatement prepared = connection.prepareStatement(bound.sql());
            for (int i = 0; i < bound.values().size(); i++) {
                prepared.setObject(i + 1, bound.values().get(i), Types.OTHER);
            }
            jdbc = prepared;
            statement.track(jdbc);
            hasResultSet = prepared.execute();
        }
        try (Statement closing = jdbc) {
            QueryResult result = null;
            long rows = 0;
            while (true) {
                if (hasResultSet) {
                    try (ResultSet rs = closing.getResultSet()) {
                        result = read(rs);
                        rows = result.rows().size();
                    }
                } else {
                    int count = closing.getUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    if (result == null) {
                        rows += count;
                    }
                }
                hasResultSet = closing.getMoreResults();
            }
            statement.finishSub(sub, rows, result);
        }
    }

    /** Reads a result set into the Data API's field kinds. */
    private static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<QueryResult.Column> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(new QueryResult.Column(
                    meta.getColumnName(i),
                    meta.getColumnLabel(i),
                    meta.getColumnTypeName(i),
                    meta.getSchemaName(i),
                    meta.getTableName(i),
                    meta.isNullable(i),
                    meta.getPrecision(i),
                    meta.getScale(i),
                    meta.getColumnDisplaySize(i),
                    meta.isSigned(i),
                    meta.isCaseSensitive(i),
                    meta.isCurrency(i)));
        }
        List<Object[]> rows = new ArrayList<>();
        long size = 0;
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 1; i <= n; i++) {
                Object value = switch (meta.getColumnType(i)) {
                    case Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.TINYINT -> {
                        long v = rs.getLong(i);
                        yield rs.wasNull() ? null : v;
                    }
                    case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                        double v = rs.getDouble(i);
                        yield rs.wasNull() ? null : v;
                    }
                    case Types.BOOLEAN, Types.BIT -> {
                        boolean v = rs.getBoolean(i);
                        yield rs.wasNull() ? null : v;
                    }
                    default -> rs.getString(i);
                };
                row[i - 1] = value;
                size += value == null ? 1 : value.toString().length();
            }
            rows.add(row);
        }
        return new QueryResult(List.copyOf(columns), rows, size);
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The error text Redshift gives: severity, message (and detail when there is one). */
    static String describe(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return "ERROR: " + e.getMessage();
        }
        String severity = server.getSeverity() == null ? "ERROR" : server.getSeverity();
        String message = server.getMessage();
        if ("42501".equals(server.getSQLState()) && message != null) {
            // Redshift (PostgreSQL 8.0's wording) says "relation" where PostgreSQL 17 says "table"
            message = message.replaceFirst(
                    "^permission denied for (table|view|sequence) ", "permission denied for relation ");
        }
        String text = severity.toUpperCase(Locale.ROOT) + ": " + message;
        if (server.getDetail() != null) {
            text += "\n  Detail: " + server.getDetail();
        }
        return text;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
