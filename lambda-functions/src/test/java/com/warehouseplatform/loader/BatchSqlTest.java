package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.LoaderSettings.LoadMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSqlTest {

    static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");
    static final String BATCH = "20240501T120000Z-abc";
    static final List<String> COLUMNS = List.of("order_id", "amount", "updated_at");

    static final String APPEND_HEAD_AND_FILES = String.join("\n",
            "LOCK ops.load_ledger",
            "CREATE TEMP TABLE stage_file (LIKE \"sales\".\"orders\")",
            "CREATE TEMP TABLE stage AS SELECT \"order_id\", \"amount\", \"updated_at\", 0 AS file_seq__,"
                    + " 0::BIGINT AS row_seq__ FROM \"sales\".\"orders\" WHERE 1 = 0",
            "CREATE TEMP TABLE batch_files (file_seq INTEGER NOT NULL, object_key VARCHAR(1024) NOT NULL,"
                    + " etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL, replay BOOLEAN NOT NULL)",
            "INSERT INTO batch_files (file_seq, object_key, etag, size_bytes, replay) VALUES"
                    + " (1, 'orders/a.csv.gz', 'e1', 10, FALSE), (2, 'orders/b''s.csv.gz', 'e2', 20, FALSE)",
            "COPY stage_file FROM 's3://ops-bucket/manifests/orders/" + BATCH + "/1.manifest'"
                    + " IAM_ROLE 'arn:aws:iam::123456789012:role/copy' MANIFEST FORMAT AS CSV DELIMITER ','"
                    + " QUOTE AS '\"' IGNOREHEADER 1 GZIP MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL",
            "INSERT INTO stage SELECT \"order_id\", \"amount\", \"updated_at\", 1, ROW_NUMBER() OVER () FROM stage_file",
            "DELETE FROM stage_file",
            "COPY stage_file FROM 's3://ops-bucket/manifests/orders/" + BATCH + "/2.manifest'"
                    + " IAM_ROLE 'arn:aws:iam::123456789012:role/copy' MANIFEST FORMAT AS CSV DELIMITER ','"
                    + " QUOTE AS '\"' IGNOREHEADER 1 GZIP MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL",
            "INSERT INTO stage SELECT \"order_id\", \"amount\", \"updated_at\", 2, ROW_NUMBER() OVER () FROM stage_file",
            "DELETE FROM stage_file",
            "DELETE FROM batch_files USING ops.load_ledger WHERE batch_files.replay = FALSE"
                    + " AND load_ledger.loader = 'orders' AND load_ledger.object_key = batch_files.object_key"
                    + " AND load_ledger.etag = batch_files.etag",
            "DELETE FROM stage WHERE NOT EXISTS (SELECT 1 FROM batch_files b WHERE b.file_seq = stage.file_seq__)");

    static final String LEDGER = "INSERT INTO ops.load_ledger (loader, object_key, etag, size_bytes, batch_id, loaded_at)"
            + " SELECT 'orders', object_key, etag, size_bytes, '" + BATCH + "',"
            + " CAST('2024-05-01 12:00:00.000' AS TIMESTAMP) FROM batch_files";

    static List<BatchFile> twoFiles() {
        return List.of(new BatchFile("orders/a.csv.gz", "\"e1\"", 10, false),
                new BatchFile("orders/b's.csv.gz", "e2", 20, false));
    }

    @Test
    void appendBatchIsTheContractsTransaction() {
        List<String> sql = BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, twoFiles(), CREATED);

        assertThat(String.join("\n", sql)).isEqualTo(String.join("\n", APPEND_HEAD_AND_FILES,
                "INSERT INTO \"sales\".\"orders\" (\"order_id\", \"amount\", \"updated_at\")"
                        + " SELECT \"order_id\", \"amount\", \"updated_at\" FROM stage",
                LEDGER));
    }

    @Test
    void mergeKeepsTheLastVersionOfEachKeyThenDeletesAndInserts() {
        LoaderSettings s = TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id");

        List<String> sql = BatchSql.batch(s, COLUMNS, BATCH, twoFiles(), CREATED);

        assertThat(String.join("\n", sql)).isEqualTo(String.join("\n", APPEND_HEAD_AND_FILES,
                "CREATE TEMP TABLE stage_merge AS SELECT \"order_id\", \"amount\", \"updated_at\" FROM"
                        + " (SELECT \"order_id\", \"amount\", \"updated_at\", ROW_NUMBER() OVER (PARTITION BY \"order_id\""
                        + " ORDER BY file_seq__ DESC, row_seq__ DESC) AS rank__ FROM stage) ranked WHERE rank__ = 1",
                "DELETE FROM \"sales\".\"orders\" USING stage_merge WHERE \"orders\".\"order_id\" = stage_merge.\"order_id\"",
                "INSERT INTO \"sales\".\"orders\" (\"order_id\", \"amount\", \"updated_at\")"
                        + " SELECT \"order_id\", \"amount\", \"updated_at\" FROM stage_merge",
                LEDGER));
    }

    @Test
    void mergeOnSeveralKeysMatchesAllOfThem() {
        LoaderSettings s = TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id,updated_at");

        List<String> mode = BatchSql.mode(s, COLUMNS);

        assertThat(mode.get(0)).contains("PARTITION BY \"order_id\", \"updated_at\" ORDER BY");
        assertThat(mode.get(1)).endsWith("WHERE \"orders\".\"order_id\" = stage_merge.\"order_id\""
                + " AND \"orders\".\"updated_at\" = stage_merge.\"updated_at\"");
    }

    @Test
    void mergeKeyMustBeAColumnOfTheTarget() {
        LoaderSettings s = TestSettings.with("MODE", "merge", "MERGE_KEYS", "customer_id");

        assertThatThrownBy(() -> BatchSql.batch(s, COLUMNS, BATCH, twoFiles(), CREATED))
                .hasMessageContaining("merge key customer_id is not a column of sales.orders");
    }

    @Test
    void replaceEmptiesTheTargetOnlyWhenTheBatchStillHasAFile() {
        LoaderSettings s = TestSettings.with("MODE", "replace");

        List<String> sql = BatchSql.batch(s, COLUMNS, BATCH, twoFiles(), CREATED);

        assertThat(sql.subList(sql.size() - 3, sql.size())).containsExactly(
                "DELETE FROM \"sales\".\"orders\" WHERE EXISTS (SELECT 1 FROM batch_files)",
                "INSERT INTO \"sales\".\"orders\" (\"order_id\", \"amount\", \"updated_at\")"
                        + " SELECT \"order_id\", \"amount\", \"updated_at\" FROM stage",
                LEDGER);
    }

    @Test
    void replayedFilesAreMarkedSoTheLedgerFilterKeepsThem() {
        List<BatchFile> files = List.of(new BatchFile("orders/a.csv.gz", "e1", 10, true));

        List<String> sql = BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, files, CREATED);

        assertThat(sql).contains("INSERT INTO batch_files (file_seq, object_key, etag, size_bytes, replay) VALUES"
                + " (1, 'orders/a.csv.gz', 'e1', 10, TRUE)");
        assertThat(sql).anyMatch(q -> q.startsWith("DELETE FROM batch_files USING ops.load_ledger WHERE batch_files.replay = FALSE"));
    }

    @Test
    void anEmptyObjectGetsItsLedgerRowWithoutCopy() {
        List<BatchFile> files = List.of(new BatchFile("orders/empty.csv", "e0", 0, false),
                new BatchFile("orders/full.csv", "e1", 5, false));

        List<String> sql = BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, files, CREATED);

        assertThat(sql).filteredOn(q -> q.startsWith("COPY ")).singleElement().asString()
                .contains("/" + BATCH + "/2.manifest'");
        assertThat(sql).contains("INSERT INTO stage SELECT \"order_id\", \"amount\", \"updated_at\", 2, ROW_NUMBER() OVER () FROM stage_file");
        assertThat(sql.get(4)).contains("(1, 'orders/empty.csv', 'e0', 0, FALSE)");
    }

    @Test
    void copyForms() {
        String manifest = "s3://ops-bucket/manifests/orders/b/1.manifest";
        assertThat(BatchSql.copy(TestSettings.with("FORMAT_TYPE", "json", "COMPRESSION", "bzip2", "MAX_ERRORS", "5"), manifest))
                .isEqualTo("COPY stage_file FROM '" + manifest + "' IAM_ROLE 'arn:aws:iam::123456789012:role/copy' MANIFEST"
                        + " FORMAT AS JSON 'auto' BZIP2 MAXERROR 5 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL");
        assertThat(BatchSql.copy(TestSettings.with("FORMAT_TYPE", "parquet", "COMPRESSION", "none"), manifest))
                .isEqualTo("COPY stage_file FROM '" + manifest + "' IAM_ROLE 'arn:aws:iam::123456789012:role/copy' MANIFEST"
                        + " FORMAT AS PARQUET MAXERROR 0");
        assertThat(BatchSql.copy(TestSettings.with("CSV_HEADER", "false", "CSV_DELIMITER", "|", "COMPRESSION", "none"), manifest))
                .endsWith("MANIFEST FORMAT AS CSV DELIMITER '|' QUOTE AS '\"' MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL");
        assertThat(BatchSql.copy(TestSettings.with("CSV_DELIMITER", "\\t", "COMPRESSION", "zstd"), manifest))
                .contains("DELIMITER '\\t' QUOTE AS '\"' IGNOREHEADER 1 ZSTD MAXERROR 0");
        assertThat(BatchSql.copy(TestSettings.with("CSV_DELIMITER", "'"), manifest)).contains("DELIMITER '''' QUOTE AS");
    }

    @Test
    void aKeyThatCannotBeALiteralIsRefused() {
        List<BatchFile> files = List.of(new BatchFile("orders/a\\b.csv", "e1", 10, false));

        assertThatThrownBy(() -> BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, files, CREATED))
                .hasMessageContaining("backslash");
    }

    @Test
    void theLargestBatchOfEachModeFitsTheDataApi() {
        for (LoadMode mode : LoadMode.values()) {
            LoaderSettings s = TestSettings.with("MODE", mode.name(), "MERGE_KEYS", mode == LoadMode.MERGE ? "order_id" : null);
            int n = BatchSql.maxCopyFiles(mode);
            List<BatchFile> files = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                files.add(new BatchFile("orders/" + i + ".csv", "e" + i, 100, false));
            }

            List<String> sql = BatchSql.batch(s, COLUMNS, BATCH, files, CREATED);
            assertThat(sql).as(mode.name()).hasSizeLessThanOrEqualTo(BatchSql.MAX_STATEMENTS)
                    .hasSizeGreaterThan(BatchSql.MAX_STATEMENTS - BatchSql.STATEMENTS_PER_COPY);

            files.add(new BatchFile("orders/one-more.csv", "e", 100, false));
            assertThatThrownBy(() -> BatchSql.batch(s, COLUMNS, BATCH, files, CREATED))
                    .as(mode.name()).hasMessageContaining("the Data API allows 40");
        }
        assertThat(BatchSql.maxCopyFiles(LoadMode.APPEND)).isEqualTo(10);
        assertThat(BatchSql.maxCopyFiles(LoadMode.MERGE)).isEqualTo(9);
    }

    @Test
    void queriesAroundTheBatch() {
        assertThat(BatchSql.columnsQuery(TestSettings.defaults().targetTable())).isEqualTo(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'sales'"
                        + " AND table_name = 'orders' ORDER BY ordinal_position");
        assertThat(BatchSql.ledgerRangeQuery("orders", "orders/a'1", "orders/z")).isEqualTo(
                "SELECT object_key, etag FROM ops.load_ledger WHERE loader = 'orders'"
                        + " AND object_key BETWEEN 'orders/a''1' AND 'orders/z'");
        assertThat(BatchSql.loadErrorsQuery(4242L)).isEqualTo(
                "SELECT query_id, file_name, line_number, column_name, error_code, error_message"
                        + " FROM sys_load_error_detail WHERE query_id = 4242 ORDER BY line_number");
    }

    @Test
    void findsTheStatementsItNeedsAfterwards() {
        List<String> sql = BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, twoFiles(), CREATED);

        assertThat(BatchSql.targetInsertIndex(TestSettings.defaults(), sql)).isEqualTo(sql.size() - 2);
        assertThat(BatchSql.copiedFileSeq(sql.get(5))).isEqualTo(1);
        assertThat(BatchSql.copiedFileSeq(sql.get(8))).isEqualTo(2);
        assertThat(BatchSql.copiedFileSeq(sql.get(6))).isEqualTo(-1);
    }
}
