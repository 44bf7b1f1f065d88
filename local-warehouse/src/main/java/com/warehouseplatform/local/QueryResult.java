package com.warehouseplatform.local;

import java.util.List;

/**
 * The rows a statement returned, already converted to the Data API's field kinds: each value is
 * null, a Long, a Double, a Boolean or a String.
 */
record QueryResult(List<Column> columns, List<Object[]> rows, long sizeBytes) {

    /** One column as the Data API's ColumnMetadata describes it. */
    record Column(
            String name,
            String label,
            String typeName,
            String schemaName,
            String tableName,
            int nullable,
            int precision,
            int scale,
            int length,
            boolean signed,
            boolean caseSensitive,
            boolean currency) {}
}
