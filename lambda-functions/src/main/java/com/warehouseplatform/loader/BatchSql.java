package com.warehouseplatform.loader;

import com.warehouseplatform.loader.BatchStatement.Kind;
import com.warehouseplatform.loader.LoaderSettings.Compression;
import com.warehouseplatform.loader.LoaderSettings.FileFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL of the loader contract (docs/loader-contract.md): one batch transaction and the few
 * queries around it. Pure: no I/O, identifiers from validated settings only, every other value
 * through {@link Sql#literal}.
 *
 * <p>The batch has the same statements for 1 file and for 10,000: the file list and the data
 * files reach Redshift through manifests in the ops bucket, never through the SQL text, and all
 * data files load in ONE COPY ("Use a single COPY command to load from multiple files",
 * c_best-practices-single-copy-command). A batch that finds one of its files committed by another
 * batch, or (merge) a key that more than one row claims, commits without changing anything: every
 * effect is guarded by {@code NOT EXISTS} over those findings, and the last statements return
 * them so the run can say why.
 */
public final class BatchSql {

    /** The Data API's ceiling on statements in one BatchExecuteStatement (API_BatchExecuteStatement). */
    public static final int MAX_STATEMENTS = 40;
    /** The Data API's ceiling on one statement's length (API_BatchExecuteStatement: 100 KB). */
    public static final int MAX_STATEMENT_CHARS = 100_000;
    /** At most this many conflicting files or repeated keys are returned to name in the log and alert. */
    public static final int NAMED_FINDINGS = 10;

    /** Redshift shows an IDENTITY column's default as {@code "identity"(...)} in information_schema. */
    static final String IDENTITY_DEFAULT = "\"identity\"(";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String NO_CONFLICT = "NOT EXISTS (SELECT 1 FROM batch_conflicts)";
    private static final String NO_REPEATS = "NOT EXISTS (SELECT 1 FROM merge_repeats)";

    private BatchSql() {}

    /** {@code manifests/<loader>/<batchId>/}: everything one batch COPYs from the ops bucket. */
    public static String batchFolder(LoaderSettings s, String batchId) {
        return "manifests/" + s.loaderName() + "/" + batchId + "/";
    }

    /** The manifest of the batch's data files (files of 0 bytes left out: they have no rows). */
    public static String dataManifestKey(LoaderSettings s, String batchId) {
        return batchFolder(s, batchId) + "data.manifest";
    }

    /** The batch's file list as CSV: object_key, etag, size_bytes, replay. */
    public static String fileListKey(LoaderSettings s, String batchId) {
        return batchFolder(s, batchId) + "files.csv";
    }

    /** A manifest naming the file list alone, so that COPY reads exactly that object. */
    public static String fileListManifestKey(LoaderSettings s, String batchId) {
        return batchFolder(s, batchId) + "files.manifest";
    }

    /**
     * The statements of one batch.
     *
     * @param columns      the target's columns that the files carry, in ordinal order (no identity columns)
     * @param hasDataFiles false when every file is empty: there is then nothing to COPY
     * @param createdAt    the batch's creation time, written as the ledger's loaded_at
     */
    public static List<BatchStatement> batch(
            LoaderSettings s, List<String> columns, String batchId, boolean hasDataFiles, Instant createdAt) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("target table " + s.targetTable()
                    + " has no columns to load (does it exist, and does the loader's user have SELECT on it?)");
        }
        String target = s.targetTable().quoted();
        String cols = columnList(columns);
        String ledger = Ledger.table(s.loaderName());
        String opsUrl = "s3://" + s.opsBucket() + "/";

        List<BatchStatement> sql = new ArrayList<>();
        sql.add(new BatchStatement(Kind.LOCK_LEDGER, "LOCK " + ledger));
        sql.add(new BatchStatement(
                Kind.CREATE_BATCH_FILES,
                "CREATE TEMP TABLE batch_files (object_key VARCHAR(1024) NOT NULL,"
                        + " etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL, replay BOOLEAN NOT NULL)"));
        sql.add(new BatchStatement(
                Kind.COPY_BATCH_FILES,
                "COPY batch_files FROM "
                        + Sql.literal(opsUrl + fileListManifestKey(s, batchId)) + " IAM_ROLE "
                        + Sql.literal(s.copyRoleArn())
                        + " MANIFEST FORMAT AS CSV DELIMITER ',' QUOTE AS '\"'"));
        // CTAS keeps the column types; an identity column is not among `columns`, so Redshift fills it
        // in the target (r_CREATE_TABLE_NEW: IDENTITY) and the files need not carry it.
        sql.add(new BatchStatement(
                Kind.CREATE_STAGE, "CREATE TEMP TABLE stage AS SELECT " + cols + " FROM " + target + " WHERE 1 = 0"));
        sql.add(new BatchStatement(
                Kind.COPY_STAGE,
                hasDataFiles
                        ? copy(s, opsUrl + dataManifestKey(s, batchId))
                        // every file is empty: COPY of an empty manifest is not documented, so copy nothing
                        : "DELETE FROM stage WHERE 1 = 0"));
        sql.add(new BatchStatement(
                Kind.FIND_CONFLICTS,
                "CREATE TEMP TABLE batch_conflicts AS SELECT b.object_key"
                        + " FROM batch_files b JOIN " + ledger + " l ON l.object_key = b.object_key AND l.etag = b.etag"
                        + " WHERE b.replay = FALSE"));
        String guard = NO_CONFLICT + (s.mode() == LoaderSettings.LoadMode.MERGE ? " AND " + NO_REPEATS : "");
        sql.addAll(mode(s, columns));
        sql.add(new BatchStatement(
                Kind.INSERT_LEDGER,
                "INSERT INTO " + ledger + " (object_key, etag, size_bytes, batch_id, loaded_at) SELECT"
                        + " object_key, etag, size_bytes, " + Sql.literal(batchId) + ", CAST("
                        + Sql.literal(TIMESTAMP.format(createdAt)) + " AS TIMESTAMP) FROM batch_files WHERE " + guard));
        sql.add(new BatchStatement(
                Kind.SELECT_CONFLICTS,
                "SELECT object_key FROM batch_conflicts ORDER BY object_key LIMIT " + NAMED_FINDINGS));
        if (s.mode() == LoaderSettings.LoadMode.MERGE) {
            String keys = columnList(s.mergeKeys());
            sql.add(new BatchStatement(
                    Kind.SELECT_REPEATED_KEYS,
                    "SELECT " + keys + " FROM merge_repeats ORDER BY " + keys + " LIMIT " + NAMED_FINDINGS));
        }

        if (sql.size() > MAX_STATEMENTS) {
            throw new IllegalStateException(
                    "batch needs " + sql.size() + " statements, the Data API allows " + MAX_STATEMENTS);
        }
        for (BatchStatement statement : sql) {
            if (statement.sql().length() > MAX_STATEMENT_CHARS) {
                throw new IllegalArgumentException("the " + statement.kind().label() + " statement has "
                        + statement.sql().length() + " characters, the Data API allows " + MAX_STATEMENT_CHARS
                        + " (the target has too many columns?)");
            }
        }
        return sql;
    }

    /** Moves the stage into the target; every effect only when the batch has no conflict (and, merge, no repeated key). */
    static List<BatchStatement> mode(LoaderSettings s, List<String> columns) {
        String target = s.targetTable().quoted();
        String cols = columnList(columns);
        return switch (s.mode()) {
            case APPEND -> List.of(insert(target, cols, "stage", NO_CONFLICT));
            case REPLACE ->
                List.of(
                        new BatchStatement(Kind.DELETE_TARGET, "DELETE FROM " + target + " WHERE " + NO_CONFLICT),
                        insert(target, cols, "stage", NO_CONFLICT));
            case MERGE -> merge(s, columns, target, cols);
        };
    }

    /**
     * Merge by data, never by load order (Redshift keeps neither file nor row order; r_WF_ROW_NUMBER,
     * r_WF_RANK): with orderBy, the rows of each key with the greatest orderBy (nulls lose) survive;
     * a key that still has more than one row, or without orderBy any key that repeats, makes the
     * batch load nothing, and SELECT_REPEATED_KEYS names it.
     */
    private static List<BatchStatement> merge(LoaderSettings s, List<String> columns, String target, String cols) {
        for (String key : concat(s.mergeKeys(), s.orderBy())) {
            if (!columns.contains(key)) {
                throw new IllegalArgumentException("merge column " + key + " is not a loaded column of "
                        + s.targetTable() + " (columns: " + String.join(", ", columns) + ")");
            }
        }
        String keys = columnList(s.mergeKeys());
        List<BatchStatement> sql = new ArrayList<>();
        String source = "stage";
        if (!s.orderBy().isEmpty()) {
            StringJoiner order = new StringJoiner(", ");
            for (String c : s.orderBy()) {
                order.add(Sql.column(c) + " DESC NULLS LAST");
            }
            sql.add(new BatchStatement(
                    Kind.RANK_MERGE,
                    "CREATE TEMP TABLE stage_merge AS SELECT " + cols
                            + " FROM (SELECT " + cols + ", RANK() OVER (PARTITION BY " + keys + " ORDER BY " + order
                            + ") AS rank__ FROM stage) ranked WHERE rank__ = 1"));
            source = "stage_merge";
        }
        sql.add(new BatchStatement(
                Kind.FIND_REPEATED_KEYS,
                "CREATE TEMP TABLE merge_repeats AS SELECT " + keys + " FROM " + source + " GROUP BY " + keys
                        + " HAVING COUNT(*) > 1"));
        StringJoiner match = new StringJoiner(" AND ");
        String table = Sql.identifier(s.targetTable().table());
        for (String key : s.mergeKeys()) {
            match.add(table + "." + Sql.column(key) + " = " + source + "." + Sql.column(key));
        }
        String guard = NO_CONFLICT + " AND " + NO_REPEATS;
        sql.add(new BatchStatement(
                Kind.DELETE_TARGET,
                "DELETE FROM " + target + " USING " + source + " WHERE " + match + " AND " + guard));
        sql.add(insert(target, cols, source, guard));
        return sql;
    }

    private static BatchStatement insert(String target, String cols, String source, String guard) {
        return new BatchStatement(
                Kind.INSERT_TARGET,
                "INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM " + source + " WHERE " + guard);
    }

    /** The one COPY of the batch's data manifest into stage, in the forms the contract lists. */
    static String copy(LoaderSettings s, String manifestUrl) {
        StringBuilder b = new StringBuilder("COPY stage FROM ")
                .append(Sql.literal(manifestUrl))
                .append(" IAM_ROLE ")
                .append(Sql.literal(s.copyRoleArn()))
                .append(" MANIFEST");
        switch (s.format()) {
            case CSV -> {
                String delimiter = s.csvDelimiter().equals("\t") ? "'\\t'" : Sql.literal(s.csvDelimiter());
                b.append(" FORMAT AS CSV DELIMITER ").append(delimiter).append(" QUOTE AS '\"'");
                if (s.csvHeader()) {
                    b.append(" IGNOREHEADER 1");
                }
            }
            case JSON -> b.append(" FORMAT AS JSON 'auto'");
            case PARQUET -> b.append(" FORMAT AS PARQUET");
        }
        if (s.compression() != Compression.NONE) {
            b.append(' ').append(s.compression().name());
        }
        if (s.format() != FileFormat.PARQUET) {
            // COPY from columnar formats accepts neither MAXERROR nor the conversion parameters
            // (copy-usage_notes-copy-from-columnar); the config refuses maxErrors > 0 with parquet.
            b.append(" MAXERROR ").append(s.maxErrors()).append(" TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL");
        }
        return b.toString();
    }

    /** The batch's file list, one CSV line per file, in the order of {@code files}. */
    public static String fileList(List<BatchFile> files) {
        StringBuilder b = new StringBuilder(files.size() * 96);
        for (BatchFile f : files) {
            b.append(csvField(f.key()))
                    .append(',')
                    .append(csvField(f.etag()))
                    .append(',')
                    .append(f.size())
                    .append(',')
                    .append(f.replay() ? "true" : "false")
                    .append('\n');
        }
        return b.toString();
    }

    private static String csvField(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * The target's columns with their defaults (contract: read once per run that has new files).
     * Redshift shows no is_identity flag here: an identity column is told by its default.
     */
    public static String columnsQuery(LoaderSettings.TableName table) {
        return "SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = "
                + Sql.literal(table.schema()) + " AND table_name = " + Sql.literal(table.table())
                + " ORDER BY ordinal_position";
    }

    /** The columns the files carry: every row of {@link #columnsQuery} but the identity columns. */
    public static List<String> loadedColumns(List<List<String>> rows) {
        List<String> columns = new ArrayList<>();
        for (List<String> row : rows) {
            String columnDefault = row.size() > 1 ? row.get(1) : null;
            if (columnDefault == null || !columnDefault.strip().startsWith(IDENTITY_DEFAULT)) {
                columns.add(row.get(0).strip());
            }
        }
        return columns;
    }

    /** The ledger rows of one key range: planning reads only the range of the new candidates. */
    public static String ledgerRangeQuery(String loader, String firstKey, String lastKey) {
        return "SELECT object_key, etag FROM " + Ledger.table(loader) + " WHERE object_key BETWEEN "
                + Sql.literal(firstKey) + " AND " + Sql.literal(lastKey);
    }

    /** How many ledger rows a batch wrote (to settle a batch whose statement the Data API forgot). */
    public static String ledgerBatchQuery(String loader, String batchId) {
        return "SELECT COUNT(*) FROM " + Ledger.table(loader) + " WHERE batch_id = " + Sql.literal(batchId);
    }

    /**
     * The load errors of a failed COPY on a provisioned cluster: STL_LOAD_ERRORS by the Data API's
     * RedshiftQueryId, which is the STL query id (API_SubStatementData: "also available in the query
     * column of the STL_QUERY system view"; r_STL_LOAD_ERRORS). CHAR columns come padded: trimmed.
     */
    public static String stlLoadErrorsQuery(long redshiftQueryId) {
        return "SELECT query, TRIM(filename), line_number, TRIM(colname), err_code, TRIM(err_reason)"
                + " FROM stl_load_errors WHERE query = " + redshiftQueryId
                + " ORDER BY filename, line_number LIMIT 1000";
    }

    /**
     * The load errors of a failed COPY on Redshift Serverless or a Multi-AZ cluster, which have only SYS views: SYS query
     * ids differ from the STL id the Data API returns (cm_chap_system-tables, sys_view_migration), and
     * no page confirms how a Data API sub-statement maps to SYS_LOAD_ERROR_DETAIL.query_id; so the
     * errors are matched by time (from the batch's creation, less a margin for clock skew) and the
     * loader's prefix, and the caller keeps those naming a file of the batch.
     */
    public static String sysLoadErrorsQuery(LoaderSettings s, Instant since) {
        return "SELECT query_id, TRIM(file_name), line_number, TRIM(column_name), error_code, TRIM(error_message)"
                + " FROM sys_load_error_detail WHERE start_time >= " + Sql.literal(SECONDS.format(since))
                + " AND file_name LIKE " + Sql.literal("s3://" + s.sourceBucket() + "/" + s.sourcePrefix() + "%")
                + " ORDER BY file_name, line_number LIMIT 1000";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String columnList(List<String> columns) {
        StringJoiner j = new StringJoiner(", ");
        for (String c : columns) {
            j.add(Sql.column(c));
        }
        return j.toString();
    }
}
