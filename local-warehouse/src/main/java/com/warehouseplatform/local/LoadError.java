package com.warehouseplatform.local;

/**
 * One row rejected by a COPY, as recorded in sys_load_error_detail. Error codes follow
 * Redshift's load error reference where there is a clear counterpart (1202 extra columns,
 * 1204 string too long, 1205/1206 date/timestamp, 1207 invalid digit, 1213 missing data for a
 * NOT NULL column, 1214 delimiter not found, 1220 invalid UTF-8, 1216 anything else).
 */
record LoadError(
        String fileName,
        long lineNumber,
        String columnName,
        String columnType,
        String columnLength,
        int position,
        int errorCode,
        String errorMessage,
        String rawLine,
        String rawFieldValue) {}
