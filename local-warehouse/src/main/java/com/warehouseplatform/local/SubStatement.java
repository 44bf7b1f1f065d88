package com.warehouseplatform.local;

import java.time.Instant;

/**
 * One SQL statement of a Data API statement: the only one of an ExecuteStatement, or one of a
 * batch (id {@code <batch id>:<n>}, n from 1). Its state is guarded by the owning statement.
 */
final class SubStatement {

    final String id;
    final String sql;
    final Instant createdAt;

    StatementStatus status = StatementStatus.SUBMITTED;
    Instant updatedAt;
    long startedNanos;
    long durationNanos = -1;
    /** The STL query id: the Data API's RedshiftQueryId, stl_load_errors.query. */
    long redshiftQueryId;
    /** The SYS views' query_id, a different number (cm_chap_system-tables, query ids). */
    long sysQueryId;

    String error;
    long resultRows = -1;
    long resultSize = -1;
    QueryResult result;

    SubStatement(String id, String sql, Instant createdAt) {
        this.id = id;
        this.sql = sql;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    boolean hasResultSet() {
        return result != null;
    }
}
