package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.BatchStatement.Kind;
import com.warehouseplatform.loader.LoaderSettings.LoadMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSqlTest {

    static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");
    static final String BATCH = "20240501T120000Z-abc";
    static final List<String> COLUMNS = List.of("order_id", "amount", "updated_at");
    static final String COLS = "\"order_id\", \"amount\", \"updated_at\"";
    static final String FOLDER = "s3://ops-bucket/manifests/orders/" + BATCH + "/";
    static final String ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/copy'";

    static final List<String> HEAD = List.of(
            "LOCK ops.\"ledger_orders\"",
            "CREATE TEMP TABLE batch_files (object_key VARCHAR(1024) NOT NULL, etag VARCHAR(128) NOT NULL,"
                    + " size_bytes BIGINT NOT NULL, replay BOOLEAN NOT NULL)",
            "COPY batch_files FROM '" + FOLDER + "files.manifest' " + ROLE
                    + " MANIFEST FORMAT AS CSV DELIMITER ',' QUOTE AS '\"'",
            "CREATE TEMP TABLE stage AS SELECT " + COLS + " FROM \"sales\".\"orders\" WHERE 1 = 0",
            "COPY stage FROM '" + FOLDER + "data.manifest' " + ROLE + " MANIFEST FORMAT AS CSV DELIMITER ','"
                    + " QUOTE AS '\"' IGNOREHEADER 1 GZIP MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL",
            "CREATE TEMP TABLE batch_conflicts AS SELECT b.object_key FROM batch_files b JOIN ops.\"ledger_orders\" l"
                    + " ON l.object_key = b.object_key AND l.etag = b.etag WHERE b.replay = FALSE");

    static final String NO_CONFLICT = "NOT EXISTS (SELECT 1 FROM batch_conflicts)";
    static final String NO_REPEATS = "NOT EXISTS (SELECT 1 FROM merge_repeats)";

    static String ledger(String guard) {
        return "INSERT INTO ops.\"ledger_orders\" (object_key, etag, size_bytes, batch_id, loaded_at)"
                + " SELECT object_key, etag, size_bytes, '" + BATCH + "',"
                + " CAST('2024-05-01 12:00:00.000' AS TIMESTAMP) FROM batch_files WHERE " + guard;
    }

    static final String SELECT_CONFLICTS = "SELECT object_key FROM batch_conflicts ORDER BY object_key LIMIT 10";

    static List<String> sqls(List<BatchStatement> statements) {
        return statements.stream().map(BatchStatement::sql).toList();
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> out = new java.util.ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    @Test
    void appendBatchIsTheContractsTransaction() {
        List<BatchStatement> batch = BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, true, CREATED);

        assertThat(sqls(batch))
                .containsExactlyElementsOf(concat(
                        HEAD,
                        "INSERT INTO \"sales\".\"orders\" (" + COLS + ") SELECT " + COLS + " FROM stage WHERE "
                                + NO_CONFLICT,
                        ledger(NO_CONFLICT),
                        SELECT_CONFLICTS));
        assertThat(batch)
                .extracting(BatchStatement::kind)
                .containsExactly(
                        Kind.LOCK_LEDGER,
                        Kind.CREATE_BATCH_FILES,
                        Kind.COPY_BATCH_FILES,
                        Kind.CREATE_STAGE,
                        Kind.COPY_STAGE,
                        Kind.FIND_CONFLICTS,
                        Kind.INSERT_TARGET,
                        Kind.INSERT_LEDGER,
                        Kind.SELECT_CONFLICTS);
    }

    @Test
    void mergeWithOrderByKeepsTheGreatestRowPerKeyAndLoadsNothingWhenAKeyIsAmbiguous() {
        LoaderSettings s = TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id", "ORDER_BY", "updated_at");

        List<BatchStatement> batch = BatchSql.batch(s, COLUMNS, BATCH, true, CREATED);

        String guard = NO_CONFLICT + " AND " + NO_REPEATS;
        assertThat(sqls(batch))
                .containsExactlyElementsOf(concat(
                        HEAD,
                        "CREATE TEMP TABLE stage_merge AS SELECT " + COLS + " FROM (SELECT " + COLS
                                + ", RANK() OVER (PARTITION BY \"order_id\" ORDER BY \"updated_at\" DESC NULLS LAST) AS rank__"
                                + " FROM stage) ranked WHERE rank__ = 1",
                        "CREATE TEMP TABLE merge_repeats AS SELECT \"order_id\" FROM stage_merge GROUP BY \"order_id\""
                                + " HAVING COUNT(*) > 1",
                        "DELETE FROM \"sales\".\"orders\" USING stage_merge WHERE \"orders\".\"order_id\" = stage_merge.\"order_id\""
                                + " AND " + guard,
                        "INSERT INTO \"sales\".\"orders\" (" + COLS + ") SELECT " + COLS + " FROM stage_merge WHERE "
                                + guard,
                        ledger(guard),
                        SELECT_CONFLICTS,
                        "SELECT \"order_id\" FROM merge_repeats ORDER BY \"order_id\" LIMIT 10"));
    }

    @Test
    void mergeWithoutOrderByRefusesAnyRepeatedKey() {
        LoaderSettings s = TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id,updated_at");

        List<BatchStatement> batch = BatchSql.batch(s, COLUMNS, BATCH, true, CREATED);

        assertThat(batch).extracting(BatchStatement::kind).doesNotContain(Kind.RANK_MERGE);
        assertThat(batch.get(6).sql())
                .isEqualTo("CREATE TEMP TABLE merge_repeats AS SELECT \"order_id\", \"updated_at\""
                        + " FROM stage GROUP BY \"order_id\", \"updated_at\" HAVING COUNT(*) > 1");
        assertThat(batch.get(7).sql())
                .contains("WHERE \"orders\".\"order_id\" = stage.\"order_id\""
                        + " AND \"orders\".\"updated_at\" = stage.\"updated_at\" AND " + NO_CONFLICT);
    }

    @Test
    void mergeColumnsMustBeLoadedColumnsOfTheTarget() {
        assertThatThrownBy(() -> BatchSql.batch(
                        TestSettings.with("MODE", "merge", "MERGE_KEYS", "customer_id"), COLUMNS, BATCH, true, CREATED))
                .hasMessageContaining("merge column customer_id is not a loaded column of sales.orders");
        assertThatThrownBy(() -> BatchSql.batch(
                        TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id", "ORDER_BY", "version"),
                        COLUMNS,
                        BATCH,
                        true,
                        CREATED))
                .hasMessageContaining("merge column version");
    }

    @Test
    void replaceEmptiesTheTargetOnlyWithoutConflict() {
        List<BatchStatement> batch =
                BatchSql.batch(TestSettings.with("MODE", "replace"), COLUMNS, BATCH, true, CREATED);

        assertThat(sqls(batch).subList(6, 8))
                .containsExactly(
                        "DELETE FROM \"sales\".\"orders\" WHERE " + NO_CONFLICT,
                        "INSERT INTO \"sales\".\"orders\" (" + COLS + ") SELECT " + COLS + " FROM stage WHERE "
                                + NO_CONFLICT);
    }

    @Test
    void aBatchOfEmptyFilesCopiesNoData() {
        List<BatchStatement> batch = BatchSql.batch(TestSettings.defaults(), COLUMNS, BATCH, false, CREATED);

        assertThat(batch.get(4)).isEqualTo(new BatchStatement(Kind.COPY_STAGE, "DELETE FROM stage WHERE 1 = 0"));
        assertThat(batch).hasSize(9);
    }

    @Test
    void everyModeHasAFixedNumberOfStatementsWithinTheDataApisLimits() {
        for (LoadMode mode : LoadMode.values()) {
            LoaderSettings s = TestSettings.with(
                    "MODE",
                    mode.name().toLowerCase(java.util.Locale.ROOT),
                    "MERGE_KEYS",
                    mode == LoadMode.MERGE ? "order_id" : null);
            List<BatchStatement> batch = BatchSql.batch(s, COLUMNS, BATCH, true, CREATED);
            assertThat(batch).as(mode.name()).hasSizeBetween(9, 13);
            assertThat(batch).allSatisfy(st -> assertThat(st.sql()).hasSizeLessThan(BatchSql.MAX_STATEMENT_CHARS));
        }
    }

    @Test
    void copyForms() {
        String manifest = "s3://ops-bucket/manifests/orders/b/data.manifest";
        String head = "COPY stage FROM '" + manifest + "' " + ROLE + " MANIFEST";
        assertThat(BatchSql.copy(
                        TestSettings.with("FORMAT_TYPE", "json", "COMPRESSION", "bzip2", "MAX_ERRORS", "5"), manifest))
                .isEqualTo(head
                        + " FORMAT AS JSON 'auto' BZIP2 MAXERROR 5 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL");
        assertThat(BatchSql.copy(TestSettings.with("FORMAT_TYPE", "parquet", "COMPRESSION", "none"), manifest))
                .as("no MAXERROR for columnar formats")
                .isEqualTo(head + " FORMAT AS PARQUET");
        assertThat(BatchSql.copy(
                        TestSettings.with("CSV_HEADER", "false", "CSV_DELIMITER", "|", "COMPRESSION", "none"),
                        manifest))
                .endsWith(
                        "MANIFEST FORMAT AS CSV DELIMITER '|' QUOTE AS '\"' MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL");
        assertThat(BatchSql.copy(TestSettings.with("CSV_DELIMITER", "\\t", "COMPRESSION", "zstd"), manifest))
                .contains("DELIMITER '\\t' QUOTE AS '\"' IGNOREHEADER 1 ZSTD MAXERROR 0");
        assertThat(BatchSql.copy(TestSettings.with("CSV_DELIMITER", "'"), manifest))
                .contains("DELIMITER '''' QUOTE AS");
    }

    @Test
    void theFileListIsCsvThatKeepsAwkwardKeys() {
        String csv = BatchSql.fileList(List.of(
                new BatchFile("orders/a,b \"q\".csv", "\"e1\"", 10, false),
                new BatchFile("orders/b's.csv", "e2", 0, true)));

        assertThat(csv).isEqualTo("\"orders/a,b \"\"q\"\".csv\",\"e1\",10,false\n\"orders/b's.csv\",\"e2\",0,true\n");
    }

    @Test
    void identityColumnsAreLeftToRedshift() {
        List<List<String>> rows = List.of(
                java.util.Arrays.asList("id", "\"identity\"(101507, 0, '1,1'::text)"),
                java.util.Arrays.asList("order_id", null),
                java.util.Arrays.asList("created", "getdate()"));

        assertThat(BatchSql.loadedColumns(rows)).containsExactly("order_id", "created");
    }

    @Test
    void queriesAroundTheBatch() {
        assertThat(BatchSql.columnsQuery(TestSettings.defaults().targetTable()))
                .isEqualTo(
                        "SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = 'sales'"
                                + " AND table_name = 'orders' ORDER BY ordinal_position");
        assertThat(BatchSql.ledgerRangeQuery("orders", "orders/a'1", "orders/z"))
                .isEqualTo(
                        "SELECT object_key, etag FROM ops.\"ledger_orders\" WHERE object_key BETWEEN 'orders/a''1' AND 'orders/z'");
        assertThat(BatchSql.stlLoadErrorsQuery(4242L))
                .isEqualTo("SELECT query, TRIM(filename), line_number, TRIM(colname), err_code, TRIM(err_reason)"
                        + " FROM stl_load_errors WHERE query = 4242 ORDER BY filename, line_number LIMIT 1000");
        assertThat(BatchSql.sysLoadErrorsQuery(TestSettings.defaults(), CREATED))
                .isEqualTo(
                        "SELECT query_id, TRIM(file_name), line_number, TRIM(column_name), error_code, TRIM(error_message)"
                                + " FROM sys_load_error_detail WHERE start_time >= '2024-05-01 12:00:00'"
                                + " AND file_name LIKE 's3://raw-bucket/orders/%' ORDER BY file_name, line_number LIMIT 1000");
    }

    @Test
    void everythingOfABatchLivesUnderItsFolder() {
        LoaderSettings s = TestSettings.defaults();
        assertThat(BatchSql.dataManifestKey(s, BATCH)).isEqualTo("manifests/orders/" + BATCH + "/data.manifest");
        assertThat(BatchSql.fileListKey(s, BATCH)).isEqualTo("manifests/orders/" + BATCH + "/files.csv");
        assertThat(BatchSql.fileListManifestKey(s, BATCH)).isEqualTo("manifests/orders/" + BATCH + "/files.manifest");
    }
}
