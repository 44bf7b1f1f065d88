package com.warehouseplatform.loader;

import com.warehouseplatform.loader.LoaderSettings.Compression;
import com.warehouseplatform.loader.LoaderSettings.FileFormat;
import com.warehouseplatform.loader.LoaderSettings.LoadMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL of the loader contract (docs/loader-contract.md), as text: one batch transaction and
 * the few queries around it. Pure: no I/O, identifiers from validated settings only, every other
 * value through {@link Sql#literal}.
 *
 * <p>The batch, in order: lock the ledger; temporary stage tables; the batch's files into
 * {@code batch_files}; per non-empty file a COPY of its manifest into {@code stage_file}, copied
 * into {@code stage} with its file_seq and row_seq; then the files another batch has already
 * committed are dropped from {@code batch_files} and their rows from {@code stage} (replayed files
 * are kept); then the mode; then one ledger row per remaining file.
 */
public final class BatchSql {

    /** The Data API's ceiling on statements in one BatchExecuteStatement. */
    public static final int MAX_STATEMENTS = 40;
    /** The Data API's ceiling on one statement's length. */
    public static final int MAX_STATEMENT_CHARS = 100_000;
    /** Budget for the {@code INSERT INTO batch_files ... VALUES} statement, leaving headroom. */
    public static final int BATCH_FILES_VALUES_BUDGET = 90_000;
    /** Statements per COPY file: COPY, INSERT INTO stage, DELETE FROM stage_file. */
    public static final int STATEMENTS_PER_COPY = 3;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private BatchSql() {
    }

    /** How many files with data one batch can COPY in {@code mode} within {@link #MAX_STATEMENTS}. */
    public static int maxCopyFiles(LoadMode mode) {
        return (MAX_STATEMENTS - fixedStatements(mode)) / STATEMENTS_PER_COPY;
    }

    static int fixedStatements(LoadMode mode) {
        // lock, stage_file, stage, batch_files, insert batch_files, prune batch_files, prune stage, ledger
        int common = 8;
        return common + switch (mode) {
            case APPEND -> 1;
            case REPLACE -> 2;
            case MERGE -> 3;
        };
    }

    /** Characters one file adds to the batch_files VALUES list. */
    public static int valuesLength(ObjectVersion o) {
        return batchFileRow(0, o.key(), o.etag(), o.size(), false).length() + 2;
    }

    /** {@code s3://<ops bucket>/manifests/<loader>/<batchId>/<seq>.manifest}. */
    public static String manifestKey(LoaderSettings s, String batchId, int seq) {
        return "manifests/" + s.loaderName() + "/" + batchId + "/" + seq + ".manifest";
    }

    public static String manifestUrl(LoaderSettings s, String batchId, int seq) {
        return "s3://" + s.opsBucket() + "/" + manifestKey(s, batchId, seq);
    }

    /**
     * The statements of one batch.
     *
     * @param columns   the target's columns in ordinal order
     * @param files     the batch's files, in key order; file_seq is the position from 1
     * @param createdAt the batch's creation time, written as the ledger's loaded_at
     */
    public static List<String> batch(LoaderSettings s, List<String> columns, String batchId,
                                     List<BatchFile> files, Instant createdAt) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("target table " + s.targetTable() + " has no columns (does it exist?)");
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one file");
        }
        String target = s.targetTable().quoted();
        String cols = columnList(columns);
        String loader = Sql.literal(s.loaderName());

        List<String> sql = new ArrayList<>();
        sql.add("LOCK ops.load_ledger");
        sql.add("CREATE TEMP TABLE stage_file (LIKE " + target + ")");
        sql.add("CREATE TEMP TABLE stage AS SELECT " + cols + ", 0 AS file_seq__, 0::BIGINT AS row_seq__ FROM "
                + target + " WHERE 1 = 0");
        sql.add("CREATE TEMP TABLE batch_files (file_seq INTEGER NOT NULL, object_key VARCHAR(1024) NOT NULL,"
                + " etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL, replay BOOLEAN NOT NULL)");
        StringJoiner values = new StringJoiner(", ",
                "INSERT INTO batch_files (file_seq, object_key, etag, size_bytes, replay) VALUES ", "");
        for (int i = 0; i < files.size(); i++) {
            BatchFile f = files.get(i);
            values.add(batchFileRow(i + 1, f.key(), f.etag(), f.size(), f.replay()));
        }
        sql.add(values.toString());
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).size() == 0) {
                continue; // an empty object has no rows: it only gets its ledger row
            }
            int seq = i + 1;
            sql.add(copy(s, manifestUrl(s, batchId, seq)));
            sql.add("INSERT INTO stage SELECT " + cols + ", " + seq + ", ROW_NUMBER() OVER () FROM stage_file");
            sql.add("DELETE FROM stage_file");
        }
        // A concurrent batch that committed first already loaded these versions: keep them out.
        sql.add("DELETE FROM batch_files USING ops.load_ledger WHERE batch_files.replay = FALSE AND load_ledger.loader = "
                + loader + " AND load_ledger.object_key = batch_files.object_key AND load_ledger.etag = batch_files.etag");
        sql.add("DELETE FROM stage WHERE NOT EXISTS (SELECT 1 FROM batch_files b WHERE b.file_seq = stage.file_seq__)");
        sql.addAll(mode(s, columns));
        sql.add("INSERT INTO ops.load_ledger (loader, object_key, etag, size_bytes, batch_id, loaded_at) SELECT "
                + loader + ", object_key, etag, size_bytes, " + Sql.literal(batchId) + ", CAST("
                + Sql.literal(TIMESTAMP.format(createdAt)) + " AS TIMESTAMP) FROM batch_files");

        if (sql.size() > MAX_STATEMENTS) {
            throw new IllegalArgumentException("batch needs " + sql.size() + " statements, the Data API allows "
                    + MAX_STATEMENTS + ": plan fewer files");
        }
        for (String statement : sql) {
            if (statement.length() > MAX_STATEMENT_CHARS) {
                throw new IllegalArgumentException("a statement of " + statement.length()
                        + " characters exceeds the Data API's " + MAX_STATEMENT_CHARS + ": plan fewer files");
            }
        }
        return sql;
    }

    private static String batchFileRow(int seq, String key, String etag, long size, boolean replay) {
        return "(" + seq + ", " + Sql.literal(key) + ", " + Sql.literal(etag) + ", " + size + ", "
                + (replay ? "TRUE" : "FALSE") + ")";
    }

    static List<String> mode(LoaderSettings s, List<String> columns) {
        String target = s.targetTable().quoted();
        String cols = columnList(columns);
        String insert = "INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM ";
        return switch (s.mode()) {
            case APPEND -> List.of(insert + "stage");
            // Only when the batch still has a file of its own: a batch that lost every file to a
            // concurrent one must not empty the target.
            case REPLACE -> List.of(
                    "DELETE FROM " + target + " WHERE EXISTS (SELECT 1 FROM batch_files)",
                    insert + "stage");
            case MERGE -> {
                for (String key : s.mergeKeys()) {
                    if (!columns.contains(key)) {
                        throw new IllegalArgumentException("merge key " + key + " is not a column of "
                                + s.targetTable() + " (columns: " + String.join(", ", columns) + ")");
                    }
                }
                String keys = columnList(s.mergeKeys());
                StringJoiner match = new StringJoiner(" AND ");
                String table = Sql.identifier(s.targetTable().table());
                for (String key : s.mergeKeys()) {
                    match.add(table + "." + Sql.identifier(key) + " = stage_merge." + Sql.identifier(key));
                }
                yield List.of(
                        // the last version of each key wins: the highest file_seq, then the highest row_seq
                        "CREATE TEMP TABLE stage_merge AS SELECT " + cols + " FROM (SELECT " + cols
                                + ", ROW_NUMBER() OVER (PARTITION BY " + keys
                                + " ORDER BY file_seq__ DESC, row_seq__ DESC) AS rank__ FROM stage) ranked"
                                + " WHERE rank__ = 1",
                        "DELETE FROM " + target + " USING stage_merge WHERE " + match,
                        insert + "stage_merge");
            }
        };
    }

    /** The COPY of one manifest into stage_file, in the forms the contract lists. */
    static String copy(LoaderSettings s, String manifestUrl) {
        StringBuilder b = new StringBuilder("COPY stage_file FROM ").append(Sql.literal(manifestUrl))
                .append(" IAM_ROLE ").append(Sql.literal(s.copyRoleArn())).append(" MANIFEST");
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
        b.append(" MAXERROR ").append(s.maxErrors());
        if (s.format() != FileFormat.PARQUET) {
            b.append(" TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL");
        }
        return b.toString();
    }

    /** The target's columns, in order (contract: read once per run that has new files). */
    public static String columnsQuery(LoaderSettings.TableName table) {
        return "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                + Sql.literal(table.schema()) + " AND table_name = " + Sql.literal(table.table())
                + " ORDER BY ordinal_position";
    }

    /** The ledger rows of one key range: planning reads only the range of the new candidates. */
    public static String ledgerRangeQuery(String loader, String firstKey, String lastKey) {
        return "SELECT object_key, etag FROM ops.load_ledger WHERE loader = " + Sql.literal(loader)
                + " AND object_key BETWEEN " + Sql.literal(firstKey) + " AND " + Sql.literal(lastKey);
    }

    /** How many ledger rows a batch wrote (to settle a batch whose statement the Data API forgot). */
    public static String ledgerBatchQuery(String loader, String batchId) {
        return "SELECT COUNT(*) FROM ops.load_ledger WHERE loader = " + Sql.literal(loader)
                + " AND batch_id = " + Sql.literal(batchId);
    }

    /** The load errors of a failed COPY, by its Redshift query id (contract: "Load errors"). */
    public static String loadErrorsQuery(long redshiftQueryId) {
        return "SELECT query_id, file_name, line_number, column_name, error_code, error_message"
                + " FROM sys_load_error_detail WHERE query_id = " + redshiftQueryId + " ORDER BY line_number";
    }

    /** Position of the INSERT into the target among a batch's statements, or -1. */
    public static int targetInsertIndex(LoaderSettings s, List<String> sqls) {
        String prefix = "INSERT INTO " + s.targetTable().quoted() + " ";
        for (int i = sqls.size() - 1; i >= 0; i--) {
            if (sqls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The file_seq (from 1) a statement copies, if it is a COPY of this batch, else -1. */
    public static int copiedFileSeq(String statement) {
        if (!statement.startsWith("COPY stage_file FROM '")) {
            return -1;
        }
        int end = statement.indexOf(".manifest'");
        int start = statement.lastIndexOf('/', end);
        if (end < 0 || start < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(statement.substring(start + 1, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String columnList(List<String> columns) {
        StringJoiner j = new StringJoiner(", ");
        for (String c : columns) {
            j.add(Sql.column(c));
        }
        return j.toString();
    }
}
